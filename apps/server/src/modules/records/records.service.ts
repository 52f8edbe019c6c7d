import type { RecordDto, RecordEventDto, RecordInputBody, RecordResultDto } from '@gzcredit/contracts';
import {
  type AgencyKind,
  chinaToday,
  DISHONESTY_LEVEL_LABELS,
  type DishonestyLevel,
  daysLate,
  dueDate,
  ENTITY_STATUS_LABELS,
  ENTITY_STATUSES,
  type EntityStatus,
  isListing,
  itemDeadline,
  publicityUntil,
  type RecordFieldError,
  type RecordInput,
  type ValidatedRecord,
  validateRecord,
  type WorkingDayCalendar,
} from '@gzcredit/domain';
import type { ExchangeChannel } from '../../db/schema';
import { sm3Hex, sm4Decrypt, sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { loadWorkingDayCalendar } from '../calendar';
import { type CatalogueItem, getCatalogueItem, getCurrentCatalogue } from '../catalogue';
import { type EntityRegistration, matchWaitingRecords, recomputeStanding, registerEntities } from '../enterprises';
import { addBatchCounts, insertBatch } from './exchange-log.repository';
import {
  type DuplicateKey,
  findRecord,
  findRecordIdsByDuplicateKey,
  findRegistrationPersonalCipher,
  insertMatchedRecordChanges,
  insertRecordEvent,
  insertRecords,
  insertRecordWithholdings,
  listRecordEvents,
  listVersions,
  lockRecord,
  type NewRecord,
  type RecordEventRow,
  type RecordRow,
  type UnknownReferences,
  updateRecord,
  updateRecordStatus,
  updateUnderObjection,
} from './records.repository';
import { attestArrivals, changeRecords } from './records-attestation.service';

/** Who is sending, through which of the three ways in (Art. 13). */
export interface Submitter {
  agencyId: number;
  agencyKind: AgencyKind;
  accountId: number | null;
  apiClientId?: number | null;
  channel: 'api' | 'upload' | 'form';
}

/** What a submission needs besides the database: the data key for personal fields and the working-day calendar. */
export interface SubmissionContext {
  dataKey: Buffer;
  calendar: WorkingDayCalendar;
  /** Today in China; fixed per batch so that a batch straddling midnight is judged by one date. */
  today: string;
}

export async function loadSubmissionContext(db: Db, dataKey: Buffer): Promise<SubmissionContext> {
  return { dataKey, calendar: await loadWorkingDayCalendar(db), today: chinaToday() };
}

export type PreparedRecord =
  | { ok: true; record: NewRecord; registration: EntityRegistration | null }
  | { ok: false; errors: RecordFieldError[] };

const STATUS_BY_LABEL = new Map<string, EntityStatus>(
  ENTITY_STATUSES.map((status) => [ENTITY_STATUS_LABELS[status].replace(/（.*）/, ''), status]),
);

/** SM3 of what a record says (item, entity, date, level, scope, fields): a correction that changes none is refused. */
export function contentHash(
  item: Pick<CatalogueItem, 'editionCode' | 'code'>,
  record: Pick<ValidatedRecord, 'payload' | 'creditCode' | 'entityName' | 'aroseOn' | 'dishonestyLevel' | 'useScope'>,
): string {
  const fields = Object.keys(record.payload)
    .sort()
    .map((key) => [key, record.payload[key]]);
  return sm3Hex(
    JSON.stringify([
      item.editionCode,
      item.code,
      record.creditCode,
      record.entityName,
      record.aroseOn,
      record.dishonestyLevel,
      record.useScope,
      fields,
    ]),
  );
}

/** Fields that name one decision about an entity, in order of preference: 决定书文号, 案号, 纳税信用评价年度. */
const DECISION_NUMBER_FIELDS = ['decisionNumber', 'caseNumber', 'ratingYear'];

/**
 * The same decision sent again (under another Idempotency-Key, in another upload) is the same record: its key is the
 * item code, the credit code and the decision number (a 案号 names every co-defendant, so the entity is part of it).
 * Registration records are re-sent on purpose: each one updates its entity (Art. 29).
 */
function duplicateKeyOf(item: CatalogueItem, record: ValidatedRecord): DuplicateKey | null {
  if (item.role === 'registration') return null;
  const field = DECISION_NUMBER_FIELDS.map((key) => item.fields.find((candidate) => candidate.key === key)).find(
    (candidate) => candidate !== undefined,
  );
  const value = field ? record.payload[field.key] : undefined;
  if (!field || !value) return null;
  return { key: [item.code, record.creditCode, value].join('\n'), field: field.key, label: field.label, value };
}

function duplicateError(key: DuplicateKey, recordId: number): RecordFieldError {
  return {
    field: `fields.${key.field}`,
    label: key.label,
    message: `与已传送的第 ${recordId} 号信息重复（${key.label}“${key.value}”），未再次入库；更改该信息请更正第 ${recordId} 号信息`,
  };
}

function registrationOf(item: CatalogueItem, record: ValidatedRecord): EntityRegistration | null {
  if (item.role !== 'registration') return null;
  const field = (key: string) => record.payload[key] ?? null;
  return {
    creditCode: record.creditCode,
    name: record.entityName,
    kind: record.entityKind,
    status: STATUS_BY_LABEL.get(field('status') ?? '') ?? 'active',
    regionCode: record.regionCode,
    industryCode: field('industryCode'),
    legalRepresentative: field('legalRepresentative'),
    establishedOn: field('establishedOn'),
    registrationAuthority: field('registrationAuthority'),
    address: field('address'),
    registrationNumber: field('registrationNumber'),
    flaggedForReview: record.flaggedForReview,
  };
}

/**
 * Validates one record against its item and computes what is stored with it: the deadline (Art. 12: 20 working days
 * from the day it arose, or the item's own period), the working days late, the end of its publicity window, its content hash, and the SM4 cipher
 * of its personal fields. Pure apart from the clock in `context`.
 */
export function prepareRecord(
  item: CatalogueItem,
  input: RecordInput,
  submitter: { agencyKind: AgencyKind; channel: Submitter['channel'] | 'correction' },
  context: SubmissionContext,
  chain: { rootId: number; version: number; reason: string } | null = null,
): PreparedRecord {
  const validation = validateRecord(item, input, {
    today: context.today,
    providerKind: submitter.agencyKind,
    manualEntry: submitter.channel === 'form',
  });
  if (!validation.ok) return validation;
  const record = validation.record;
  const due = dueDate(context.calendar, record.aroseOn, itemDeadline(item));
  const personal = Object.keys(record.personal).length > 0 ? JSON.stringify(record.personal) : null;
  return {
    ok: true,
    registration: registrationOf(item, record),
    record: {
      itemId: item.id,
      creditCode: record.creditCode,
      entityName: record.entityName,
      payload: record.payload,
      personal: personal ? sm4Encrypt(context.dataKey, personal).toString('base64') : null,
      aroseOn: record.aroseOn,
      dueOn: due.date,
      dueProvisional: due.provisional,
      daysLate: daysLate(context.calendar, due.date, context.today),
      dishonestyLevel: record.dishonestyLevel,
      useScope: record.useScope,
      publicityUntil: publicityUntil(item, record),
      contentHash: contentHash(item, record),
      flaggedForReview: record.flaggedForReview,
      withholdingGround: record.withholdingGround,
      rootId: chain?.rootId ?? null,
      version: chain?.version ?? 1,
      reason: chain?.reason ?? null,
      duplicateKey: duplicateKeyOf(item, record),
    },
  };
}

function unknownReferenceMessage(unknown: UnknownReferences): string {
  const parts = [
    ...(unknown.batch ? ['交换批次不属于报送单位或经办账户不存在'] : []),
    ...(unknown.itemIds.length > 0 ? [`信息项（编号 ${unknown.itemIds.join('、')}）不存在`] : []),
  ];
  return `${parts.join('；')}，本批信息均未入库`;
}

/** A stored record, or a duplicate refused: the agency's current record with the same decision number. */
export type StoredRecord =
  | { id: number; enterpriseId: number | null }
  | { id: null; duplicateOf: number; error: RecordFieldError };

/**
 * Stores prepared records in the caller's transaction: registration records first create or update their entities,
 * records then attach by credit code (or wait in the matching queue), waiting records of newly created entities attach,
 * and the standing (level, badges) of every touched entity is recomputed. Returns each record's id and entity, or,
 * for a record with the decision number of a current record of the agency, that record (it is not stored again).
 */
export async function storePreparedRecords(
  trx: Db,
  batch: { agencyId: number; batchId: number; channel: NewRecordChannel; createdBy: number | null },
  prepared: Array<{ record: NewRecord; registration: EntityRegistration | null }>,
): Promise<StoredRecord[]> {
  const registrations = prepared.flatMap((entry) => (entry.registration ? [entry.registration] : []));
  const created = await registerEntities(trx, registrations);
  const { stored: inserted, unknown } = await insertRecords(
    trx,
    batch,
    prepared.map((entry) => entry.record),
  );
  // What foreign keys refused before migration 0039; a caller's bug, never a sender's: nothing of the chunk is kept.
  if (unknown) throw new AppError('RECORD_INVALID', unknownReferenceMessage(unknown));
  const holders = await findRecordIdsByDuplicateKey(
    trx,
    batch.agencyId,
    prepared.flatMap((entry, index) => (inserted[index] ? [] : [entry.record.duplicateKey!.key])),
  );
  // Each stored record is a leaf of the verifiable log: a new record `created`, a new version `corrected`.
  await attestArrivals(
    trx,
    batch.agencyId,
    prepared.flatMap((entry, index) => {
      const row = inserted[index];
      return row ? [{ id: row.id, record: entry.record }] : [];
    }),
  );
  const stored = inserted.map((row, index): StoredRecord => {
    if (row) return row;
    const key = prepared[index]!.record.duplicateKey!;
    const holder = holders.get(key.key)!;
    return { id: null, duplicateOf: holder, error: duplicateError(key, holder) };
  });
  await insertRecordWithholdings(
    trx,
    prepared.flatMap((entry, index) =>
      entry.record.withholdingGround === null || stored[index]!.id === null
        ? []
        : [
            {
              agencyId: batch.agencyId,
              itemId: entry.record.itemId,
              recordId: stored[index]!.id,
              ground: entry.record.withholdingGround,
              createdBy: batch.createdBy,
            },
          ],
    ),
  );
  await insertMatchedRecordChanges(trx, created);
  const attached = await matchWaitingRecords(trx, created);
  const touched = new Set<number>(attached);
  for (const row of stored) if (row.id !== null && row.enterpriseId !== null) touched.add(row.enterpriseId);
  await recomputeStanding(trx, [...touched]);
  return stored;
}

type NewRecordChannel = 'api' | 'upload' | 'form' | 'correction';

/**
 * The exchange API's and the form's way in (Art. 13): every record is validated on its own; the valid ones are stored,
 * the others answered with their errors; the batch is logged (Art. 14). Runs in the caller's transaction, so a batch
 * is stored whole or not at all.
 */
export async function submitRecords(
  trx: Db,
  submitter: Submitter,
  context: SubmissionContext,
  inputs: RecordInputBody[],
): Promise<{ batchId: number; accepted: number; rejected: number; results: RecordResultDto[] }> {
  const catalogue = await getCurrentCatalogue(trx);
  const items = new Map(catalogue.items.map((item) => [item.code, item]));
  const results: RecordResultDto[] = [];
  const valid: Array<{ index: number; record: NewRecord; registration: EntityRegistration | null }> = [];
  inputs.forEach((input, index) => {
    const item = items.get(input.itemCode);
    if (!item) {
      results[index] = {
        index,
        status: 'rejected',
        errors: [{ field: 'itemCode', label: '信息项', message: `现行征集目录中没有信息项“${input.itemCode}”` }],
      };
      return;
    }
    const prepared = prepareRecord(item, input, submitter, context);
    if (prepared.ok) valid.push({ index, record: prepared.record, registration: prepared.registration });
    else results[index] = { index, status: 'rejected', errors: prepared.errors };
  });
  const itemIds = new Set(valid.map((entry) => entry.record.itemId));
  const batchId = await insertBatch(trx, {
    agencyId: submitter.agencyId,
    channel: submitter.channel,
    accountId: submitter.accountId,
    apiClientId: submitter.apiClientId ?? null,
    itemId: itemIds.size === 1 ? [...itemIds][0]! : null,
    received: inputs.length,
    accepted: valid.length,
    rejected: inputs.length - valid.length,
  });
  const stored = await storePreparedRecords(
    trx,
    { agencyId: submitter.agencyId, batchId, channel: submitter.channel, createdBy: submitter.accountId },
    valid,
  );
  let duplicates = 0;
  valid.forEach((entry, position) => {
    const row = stored[position]!;
    if (row.id === null) {
      duplicates += 1;
      results[entry.index] = { index: entry.index, status: 'rejected', errors: [row.error] };
      return;
    }
    results[entry.index] = {
      index: entry.index,
      status: 'accepted',
      recordId: row.id,
      matched: row.enterpriseId !== null,
      daysLate: entry.record.daysLate,
    };
  });
  if (duplicates > 0) await addBatchCounts(trx, batchId, { received: 0, accepted: -duplicates, rejected: duplicates });
  const accepted = valid.length - duplicates;
  return { batchId, accepted, rejected: inputs.length - accepted, results };
}

export function toRecordDto(row: RecordRow): RecordDto {
  return {
    id: Number(row.id),
    rootId: Number(row.rootId ?? row.id),
    version: row.version,
    item: {
      id: Number(row.itemId),
      code: row.itemCode,
      name: row.itemName,
      category: row.itemCategory,
      editionCode: row.editionCode,
      listing: isListing({ role: row.itemRole }),
    },
    agency: { id: Number(row.agencyId), name: row.agencyName },
    creditCode: row.creditCode,
    entityName: row.entityName,
    matched: row.enterpriseId !== null,
    payload: row.payload,
    aroseOn: row.aroseOn,
    receivedAt: row.receivedAt.toISOString(),
    dueOn: row.dueOn,
    dueProvisional: row.dueProvisional,
    daysLate: row.daysLate,
    dishonestyLevel: row.dishonestyLevel,
    useScope: row.useScope,
    publicityUntil: row.publicityUntil,
    status: row.status,
    contentHash: row.contentHash,
    channel: row.channel,
    batchId: Number(row.batchId),
    flaggedForReview: row.flaggedForReview,
    reason: row.reason,
    createdAt: row.createdAt.toISOString(),
    withholdingGround: row.withholdingGround,
    removal:
      row.removedOn === null
        ? null
        : {
            removedOn: row.removedOn,
            reason: row.removalReason!,
            authority: row.removalAuthority!,
            removedAt: row.removedAt!.toISOString(),
          },
  };
}

/**
 * A record of the caller's own agency, or RECORD_NOT_FOUND: another agency's record is answered as if it did not
 * exist (Art. 16, 24: only the providing agency corrects, revokes or annotates its records).
 */
async function ownRecordForChange(trx: Db, actor: Actor, id: number): Promise<RecordRow> {
  const row = await lockRecord(trx, id);
  if (!row || Number(row.agencyId) !== actor.agency.id) throw new AppError('RECORD_NOT_FOUND');
  if (row.status !== 'active') throw new AppError('RECORD_STATE_CONFLICT');
  return row;
}

export async function getOwnRecord(db: Db, actor: Actor, id: number): Promise<RecordRow> {
  const row = await findRecord(db, id);
  if (!row || Number(row.agencyId) !== actor.agency.id) throw new AppError('RECORD_NOT_FOUND');
  return row;
}

/** Every version of the chain a record belongs to, oldest first, with the chain's events (Art. 16: both kept). */
export async function getRecordHistory(db: Db, actor: Actor, id: number) {
  const row = await getOwnRecord(db, actor, id);
  const rootId = Number(row.rootId ?? row.id);
  const versions = await listVersions(db, rootId);
  const events = await listRecordEvents(
    db,
    versions.map((version) => Number(version.id)),
  );
  return {
    record: toRecordDto(row),
    versions: versions.map(toRecordDto),
    events: events.map(toRecordEventDto),
  };
}

function toRecordEventDto(row: RecordEventRow): RecordEventDto {
  return {
    id: Number(row.id),
    recordId: Number(row.recordId),
    kind: row.kind,
    reason: row.reason,
    details: row.details,
    accountName: row.accountName,
    createdAt: row.createdAt.toISOString(),
  };
}

async function logChange(
  trx: Db,
  actor: Actor,
  channel: ExchangeChannel,
  row: RecordRow,
  event: { recordId: number; kind: 'annotated' | 'corrected' | 'revoked'; reason: string; details?: object },
): Promise<number> {
  const batchId = await insertBatch(trx, {
    agencyId: actor.agency.id,
    channel,
    accountId: actor.accountId,
    itemId: Number(row.itemId),
    received: 1,
    accepted: 1,
    details: { recordId: event.recordId },
  });
  await insertRecordEvent(trx, { ...event, agencyId: actor.agency.id, accountId: actor.accountId });
  return batchId;
}

/**
 * The mobile of the entity's current registration record (联系电话), decrypted for the one caller that sends it a code
 * (objections: the applicant's identity, issue 21 item 1); undefined when the record has none.
 */
export async function findRegisteredMobile(db: Db, dataKey: Buffer, enterpriseId: number): Promise<string | undefined> {
  const cipher = await findRegistrationPersonalCipher(db, enterpriseId);
  if (!cipher) return undefined;
  const personal = JSON.parse(sm4Decrypt(dataKey, cipher)) as Record<string, string>;
  return personal.contactMobile || undefined;
}

/** 异议处理中 (Art. 16): marks or clears the version an objection concerns; the portal, reports and checks show it. */
export function markUnderObjection(trx: Db, recordId: number, pending: boolean): Promise<void> {
  return updateUnderObjection(trx, recordId, pending);
}

/**
 * 更正 (Art. 16): a new version of the record with the reason; the old version stays, marked corrected. The new content
 * goes through the same validation as any transmission, against the item the record was first validated with.
 */
export async function correctRecord(
  trx: Db,
  actor: Actor,
  context: SubmissionContext,
  id: number,
  body: { reason: string; record: Omit<RecordInput, 'creditCode'> },
): Promise<RecordDto> {
  const row = await ownRecordForChange(trx, actor, id);
  const item = await getCatalogueItem(trx, Number(row.itemId));
  const rootId = Number(row.rootId ?? row.id);
  // Personal values are shown masked and cannot be re-validated from the mask: a personal field left out or sent back
  // as shown keeps its stored (decrypted) value, so it is validated and encrypted again like any other.
  const personal = row.personalCipher
    ? (JSON.parse(sm4Decrypt(context.dataKey, row.personalCipher)) as Record<string, string>)
    : {};
  const fields: Record<string, unknown> = { ...(body.record.fields ?? {}) };
  for (const field of item.fields) {
    if (field.type !== 'id_card' && field.type !== 'mobile') continue;
    const original = personal[field.key];
    if (original === undefined) continue;
    if (fields[field.key] === undefined || fields[field.key] === row.payload[field.key]) fields[field.key] = original;
  }
  // The correction keeps the record's credit code, which nobody types: it is not refused as a manual entry would be.
  const prepared = prepareRecord(
    item,
    { ...body.record, fields, creditCode: row.creditCode },
    { agencyKind: actor.agency.kind, channel: 'correction' },
    context,
    { rootId, version: row.version + 1, reason: body.reason },
  );
  if (!prepared.ok) throw new AppError('RECORD_INVALID', undefined, { errors: prepared.errors });
  // The hash sees personal values only masked: a changed middle digit of an identity number is still a change.
  const newPersonal = prepared.record.personal
    ? sm4Decrypt(context.dataKey, Buffer.from(prepared.record.personal, 'base64'))
    : null;
  const oldPersonal = row.personalCipher ? JSON.stringify(personal) : null;
  if (prepared.record.contentHash === row.contentHash && newPersonal === oldPersonal)
    throw new AppError('RECORD_UNCHANGED');
  // A correction keeps the original deadline figures: it is not a new transmission (Art. 12 counts the first one).
  prepared.record.dueOn = row.dueOn;
  prepared.record.dueProvisional = row.dueProvisional;
  prepared.record.daysLate = row.daysLate;
  await updateRecordStatus(trx, Number(row.id), 'corrected');
  await changeRecords(trx, [Number(row.id)], 'superseded');
  const batchId = await insertBatch(trx, {
    agencyId: actor.agency.id,
    channel: 'correction',
    accountId: actor.accountId,
    itemId: item.id,
    received: 1,
    accepted: 1,
    details: { correctedRecordId: Number(row.id) },
  });
  const [stored] = await storePreparedRecords(
    trx,
    { agencyId: actor.agency.id, batchId, channel: 'correction', createdBy: actor.accountId },
    [prepared],
  );
  // The corrected decision number is another current record's: a correction does not make a duplicate either.
  if (stored!.id === null) throw new AppError('RECORD_INVALID', stored!.error.message, { errors: [stored!.error] });
  const storedId = stored!.id;
  await insertRecordEvent(trx, {
    recordId: storedId,
    agencyId: actor.agency.id,
    accountId: actor.accountId,
    kind: 'corrected',
    reason: body.reason,
    details: { previousId: Number(row.id), previousHash: row.contentHash },
  });
  if (row.enterpriseId !== null) await recomputeStanding(trx, [Number(row.enterpriseId)]);
  return toRecordDto((await findRecord(trx, storedId))!);
}

/** 撤销 (Art. 16, 24): the record leaves every view at once; the row and its history stay. */
export async function revokeRecord(trx: Db, actor: Actor, id: number, reason: string): Promise<RecordDto> {
  const row = await ownRecordForChange(trx, actor, id);
  await updateRecordStatus(trx, Number(row.id), 'revoked');
  await changeRecords(trx, [Number(row.id)], 'revoked');
  await logChange(trx, actor, 'revocation', row, { recordId: Number(row.id), kind: 'revoked', reason });
  if (row.enterpriseId !== null) await recomputeStanding(trx, [Number(row.enterpriseId)]);
  return toRecordDto((await findRecord(trx, Number(row.id)))!);
}

/** 失信等级标注 (C5, Art. 22(七)): set or change the level of a 不良 record, traced with the old and new level. */
export async function annotateRecord(
  trx: Db,
  actor: Actor,
  id: number,
  body: { level: DishonestyLevel; reason: string },
): Promise<RecordDto> {
  const row = await ownRecordForChange(trx, actor, id);
  if (row.itemCategory !== 'bad')
    throw new AppError('RECORD_INVALID', '只有不良信息标注失信等级', {
      errors: [{ field: 'level', label: '失信等级', message: `“${row.itemName}”不是不良信息` }],
    });
  if (row.dishonestyLevel === body.level)
    throw new AppError('RECORD_UNCHANGED', `该信息已是${DISHONESTY_LEVEL_LABELS[body.level]}`);
  const item = await getCatalogueItem(trx, Number(row.itemId));
  const until = publicityUntil(item, { aroseOn: row.aroseOn, dishonestyLevel: body.level, payload: row.payload });
  await updateRecord(trx, Number(row.id), { dishonestyLevel: body.level, publicityUntil: until });
  await logChange(trx, actor, 'annotation', row, {
    recordId: Number(row.id),
    kind: 'annotated',
    reason: body.reason,
    details: { from: row.dishonestyLevel, to: body.level },
  });
  await changeRecords(trx, [Number(row.id)], 'updated');
  if (row.enterpriseId !== null) await recomputeStanding(trx, [Number(row.enterpriseId)]);
  return toRecordDto((await findRecord(trx, Number(row.id)))!);
}
