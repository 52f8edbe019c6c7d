import {
  CHECK_MAX_ENTITIES,
  CHECK_NUMBER_PREFIX,
  type CheckEntityInput,
  type CheckItemDto,
  type CheckMeasureDto,
  type CheckResultDto,
  type CheckVerdict,
  type CheckVerificationDto,
  type FieldErrorDetail,
  type RunCheckBody,
} from '@gzcredit/contracts';
import { DISHONESTY_LEVELS, type DishonestyLevel, formatCount, isListing, validateCreditCode } from '@gzcredit/domain';
import { type SignedDocument, sm3Of } from '@gzcredit/verify';
import { constantTimeEqual } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { getCurrentCatalogue } from '../catalogue';
import { standingOfRecords } from '../enterprises';
import { readVisibleRecordFacts, type VisibleRecordFact } from '../records';
import { generateReportNumber } from '../reports';
import { appendLogLeaves, findLoggedContent, findSignedDocument, type LogKeys } from '../transparency';
import {
  type CheckContent,
  CheckContentPacker,
  type CheckEntityRow,
  findAgencyName,
  findCreditCheck,
  findEntitiesByCreditCodes,
  findEntitiesByNames,
  findNameCandidates,
  insertCreditCheck,
  type StoredCheckContent,
  unpackCheckContent,
} from './checks.repository';
import { findCheckPurpose, findMeasureEditionsInForce, readApplicableMeasures } from './measures.service';

export type { CheckContent } from './checks.repository';

/** Who runs a check: an agency, through one of its accounts (console) or one of its systems (exchange API). */
export interface Checker {
  agencyId: number;
  accountId: number | null;
  apiClientId: number | null;
}

const CANDIDATE_LIMIT = 10;
/** Row errors named in the message itself; all of them are in `details`. */
const ERRORS_IN_MESSAGE = 5;

type InputRow = { row: number; creditCode?: string; name?: string; code?: string };

/**
 * Every row names an entity by a valid 统一社会信用代码 or by a name. A code that fails GB 32100 is refused with its row
 * and field, all such rows at once, and nothing is checked or stored (a code that is valid but unknown is not an
 * error: its row answers 未找到).
 */
function validateRows(entities: RunCheckBody['entities']): InputRow[] {
  const errors: (FieldErrorDetail & { row: number })[] = [];
  const rows = entities.map((entity, index): InputRow => {
    const row = index + 1;
    // Members assigned, not spread: a conditional spread costs ~20 times as much, 10,000 times a check.
    const input: InputRow = { row };
    if (entity.creditCode) input.creditCode = entity.creditCode;
    if (entity.name) input.name = entity.name;
    if (entity.creditCode) {
      const result = validateCreditCode(entity.creditCode);
      if (result.valid) {
        input.code = result.code;
        return input;
      }
      errors.push({
        row,
        field: `entities.${index}.creditCode`,
        message: `第 ${row} 行 统一社会信用代码“${entity.creditCode}”：${result.message}`,
      });
    } else if (!entity.name) {
      errors.push({ row, field: `entities.${index}`, message: `第 ${row} 行：请填写统一社会信用代码或名称` });
    }
    return input;
  });
  if (errors.length > 0) {
    const named = errors.slice(0, ERRORS_IN_MESSAGE).map((error) => error.message);
    const more = errors.length > ERRORS_IN_MESSAGE ? `等 ${errors.length} 行` : '';
    throw new AppError('CHECK_INPUT_INVALID', `被核查主体有误（未核查）：${named.join('；')}${more}`, errors);
  }
  return rows;
}

const LEVEL_RANK: Record<DishonestyLevel, number> = { general: 1, serious: 2, severe: 3 };
const VERDICT_RANK: Record<CheckVerdict, number> = { clear: 0, caution: 1, refused: 2 };

/**
 * Listings first, then 不良 records by level (most serious first), then 良好 records; newest first within each. `rank`
 * is each item's weight by id (10 a listing, 5 a 不良 record, 0 a 良好 one), the level adding to a 不良 record's.
 */
function recordOrder(rank: ReadonlyMap<number, number>) {
  const weight = (record: VisibleRecordFact) => {
    const base = rank.get(record[1])!;
    return base === 5 && record[2] ? base + LEVEL_RANK[record[2]] : base;
  };
  return (a: VisibleRecordFact, b: VisibleRecordFact) =>
    weight(b) - weight(a) || (a[4] < b[4] ? 1 : a[4] > b[4] ? -1 : 0) || a[0] - b[0];
}

/**
 * The verdict (Rules Art. 17), on the records the checking agency may see and the measures they call for: 不予准入/限制
 * when a class-1 measure (one that reduces rights or adds duties) applies to this purpose; 审慎 when the entity has
 * other 不良 records, a listing or a measure of another class; 未发现 otherwise. Never on the supervisory standing,
 * which counts records the agency may not see: a verdict resting on it alone would reveal them.
 */
function verdictOf(bad: boolean, measures: readonly CheckMeasureDto[]): CheckVerdict {
  if (measures.some((measure) => measure.measureClass === 1)) return 'refused';
  return bad || measures.length > 0 ? 'caution' : 'clear';
}

/** The input row as given, its keys in sorted order (the stored content's canonical JSON is JSON.stringify's). */
function givenInput(input: InputRow): CheckItemDto['input'] {
  const given: Partial<CheckItemDto['input']> = {};
  if (input.creditCode) given.creditCode = input.creditCode;
  if (input.name) given.name = input.name;
  given.row = input.row;
  return given as CheckItemDto['input'];
}

function unresolvedItem(
  input: InputRow,
  resolution: 'not_found' | 'ambiguous',
  candidates: CheckEntityRow[],
  measures: number,
): StoredCheckContent['items'][number] {
  return {
    candidates: candidates.map(({ creditCode, name, status }) => ({ creditCode, name, status })),
    creditCode: input.code ?? null,
    input: givenInput(input),
    measures,
    name: input.name ?? null,
    records: [],
    resolution,
    standing: null,
    status: null,
    verdict: null,
  };
}

/**
 * 信用核查 (Rules Art. 17): checks up to 10,000 entities for a purpose and a matter, stores the result with its number
 * and SM3 digest, and answers it. Set-based throughout: one statement resolves the codes, one the names, one finds
 * the candidates of the names no entity bears, one reads the records the checker's agency may see; the measures are read once per distinct combination of
 * levels and listings. The caller's transaction also writes the audit row.
 */
export async function runCheck(
  db: Db,
  checker: Checker,
  body: RunCheckBody,
): Promise<StoredCheck & { content: StoredCheckContent }> {
  const purpose = await findCheckPurpose(db, body.purpose);
  if (!purpose?.active) {
    const message = `核查用途“${body.purpose.slice(0, 64)}”不存在，请从平台列出的核查用途中选择`;
    throw new AppError('CHECK_PURPOSE_UNKNOWN', message, [{ field: 'purpose', message }]);
  }
  const rows = validateRows(body.entities);

  const byCode = new Map(
    (await findEntitiesByCreditCodes(db, [...new Set(rows.flatMap((row) => (row.code ? [row.code] : [])))])).map(
      (entity) => [entity.creditCode, entity],
    ),
  );
  const names = [...new Set(rows.flatMap((row) => (!row.code && row.name ? [row.name] : [])))];
  const byName = new Map<string, CheckEntityRow[]>();
  for (const entity of await findEntitiesByNames(db, names)) {
    const same = byName.get(entity.name);
    if (same) same.push(entity);
    else byName.set(entity.name, [entity]);
  }
  const candidates = await findNameCandidates(
    db,
    names.filter((name) => !byName.has(name)),
    CANDIDATE_LIMIT,
  );

  const resolved = new Map<number, CheckEntityRow>();
  const resolution = rows.map((row) => {
    const entity = row.code
      ? byCode.get(row.code)
      : byName.get(row.name!)?.length === 1
        ? byName.get(row.name!)![0]
        : undefined;
    if (entity) resolved.set(entity.id, entity);
    return entity;
  });

  // The records, read in one statement, each entity's ordered and written straight into the stored form.
  const facts = await readVisibleRecordFacts(db, checker.agencyId, [...resolved.keys()]);
  const roles = new Map((await getCurrentCatalogue(db)).items.map((item) => [item.code, item.role]));
  const itemFacts = new Map(
    [...facts.items].map(([id, item]) => {
      const listing = isListing(item);
      const bad = item.category === 'bad';
      // The standing weighs an item by its role in the current catalogue, as the supervisory standing does.
      return [id, { ...item, listing, bad, currentRole: roles.get(item.code), rank: listing ? 10 : bad ? 5 : 0 }];
    }),
  );
  const packer = new CheckContentPacker(itemFacts, facts.agencies);
  const order = recordOrder(new Map([...itemFacts].map(([id, item]) => [id, item.rank])));

  const applicableMeasures = await readApplicableMeasures(db, purpose.code);
  const measureCache = new Map<string, { list: number; measures: CheckMeasureDto[] }>();
  const measuresFor = (levels: DishonestyLevel[], listingItemCodes: string[]) => {
    const key = `${levels.join(',')}|${listingItemCodes.join(',')}`;
    let measures = measureCache.get(key);
    if (!measures) {
      const list = applicableMeasures(levels, listingItemCodes);
      measures = { list: packer.measureList(list), measures: list };
      measureCache.set(key, measures);
    }
    return measures;
  };
  const noMeasures = packer.measureList([]);

  const items: StoredCheckContent['items'] = [];
  for (const [index, row] of rows.entries()) {
    const entity = resolution[index];
    if (!entity) {
      const sameName = row.code ? [] : (byName.get(row.name!) ?? candidates.get(row.name!) ?? []);
      items.push(unresolvedItem(row, sameName.length > 0 ? 'ambiguous' : 'not_found', sameName, noMeasures));
      continue;
    }
    const entityFacts = (facts.records.get(entity.id) ?? []).sort(order);
    const itemsOf = entityFacts.map((fact) => itemFacts.get(fact[1])!);
    const levels = DISHONESTY_LEVELS.filter((level) =>
      entityFacts.some((fact, position) => fact[2] === level && itemsOf[position]!.bad),
    );
    const listingItemCodes = [...new Set(itemsOf.flatMap((item) => (item.listing ? [item.code] : [])))].sort();
    const { list, measures } = measuresFor(levels, listingItemCodes);
    // 监管信用状况 as the agency may see it: made of the records it may see, it reveals none it may not.
    const standing = standingOfRecords(
      entityFacts.map((fact, position) => {
        const item = itemsOf[position]!;
        return { category: item.category, role: item.currentRole, dishonestyLevel: fact[2] };
      }),
    );
    items.push({
      candidates: [],
      creditCode: entity.creditCode,
      input: givenInput(row),
      measures: list,
      name: entity.name,
      records: entityFacts.map((fact) => packer.record(fact)),
      resolution: 'found',
      standing: { badges: standing.badges, dishonestyLevel: standing.dishonestyLevel },
      status: entity.status,
      verdict: verdictOf(
        itemsOf.some((item) => item.bad || item.listing),
        measures,
      ),
    });
  }

  // 联合体: checked as a whole, a consortium bears the most serious verdict of its members (one member refused marks it).
  // A member not found or with an ambiguous name was not checked: unless another member is refused, the consortium
  // has no verdict (it is not 未发现) and the result names the member(s).
  const verdicts = items.flatMap((item) => (item.verdict ? [item.verdict] : []));
  const consortiumUnchecked = body.consortium
    ? items.flatMap((item) =>
        item.resolution === 'found'
          ? []
          : [
              {
                creditCode: item.input.creditCode ?? null,
                name: item.input.name ?? null,
                resolution: item.resolution,
                row: item.input.row,
              },
            ],
      )
    : [];
  const worst = verdicts.reduce<CheckVerdict | null>(
    (most, verdict) => (most === null || VERDICT_RANK[verdict] > VERDICT_RANK[most] ? verdict : most),
    null,
  );
  const consortiumVerdict = !body.consortium || (consortiumUnchecked.length > 0 && worst !== 'refused') ? null : worst;

  const checkedAt = new Date();
  const measureEditions = (await findMeasureEditionsInForce(db)).map(({ id, label }) => ({ id, label }));
  // Keys in sorted order, as in every object of the content (CheckContentPacker).
  const content: StoredCheckContent = {
    agencies: packer.agencies,
    agencyName: await findAgencyName(db, checker.agencyId),
    checkNo: generateReportNumber(checkedAt, CHECK_NUMBER_PREFIX),
    checkedAt: checkedAt.toISOString(),
    consortium: body.consortium ?? false,
    consortiumUnchecked,
    consortiumVerdict,
    items,
    matter: body.matter,
    measureEditions,
    measureLists: packer.measureLists,
    purpose: { code: purpose.code, name: purpose.name },
    recordItems: packer.recordItems,
  };
  // One canonical JSON: its SM3 is the digest, and the row stores that very text. Every object of the content is built
  // with its keys in sorted order and every number in it is an integer, so the engine's JSON.stringify writes
  // packages/verify's canonical JSON without a replacer called per value (~1/3 of the CPU at 5 MB); checks.test holds
  // every stored check's digest and leaf to the canonical JSON of its content.
  const canonical = JSON.stringify(content);
  const digest = sm3Of(canonical);
  await insertCreditCheck(db, {
    checkNo: content.checkNo,
    agencyId: checker.agencyId,
    accountId: checker.accountId,
    apiClientId: checker.apiClientId,
    purposeCode: purpose.code,
    matter: body.matter,
    consortium: content.consortium,
    entityCount: items.length,
    measureEditions,
    checkedAt,
    digest,
  });
  // The content the digest covers is stored once, as the check's leaf of the verifiable log, in the check's
  // transaction (issue 23 item 1): the row names the check, the leaf holds what it found (`storedCheckOf`).
  await appendLogLeaves(db, [
    { kind: 'credit-check', subject: content.checkNo, content: { ...content }, canonicalContent: canonical },
  ]);
  return { content, digest };
}

const CODE_HEADER = /统一社会信用代码|信用代码/;
const NAME_HEADER = /名称/;

/**
 * The entities of an uploaded list (XLSX or CSV, header in row 1): a 统一社会信用代码 column, a 名称 column, or both;
 * blank rows skipped. More than 10,000 entities are refused naming the limit. The codes are checked when the check runs.
 */
export function entitiesOfSheet(sheet: { header: string[]; rows: { cells: string[] }[] }): CheckEntityInput[] {
  const codeColumn = sheet.header.findIndex((cell) => CODE_HEADER.test(cell));
  const nameColumn = sheet.header.findIndex((cell, index) => index !== codeColumn && NAME_HEADER.test(cell));
  if (codeColumn < 0 && nameColumn < 0)
    throw new AppError('CHECK_INPUT_INVALID', '文件第 1 行应为表头，且有“统一社会信用代码”列或“名称”列');
  const entities: CheckEntityInput[] = [];
  for (const row of sheet.rows) {
    const creditCode = (codeColumn >= 0 ? row.cells[codeColumn] : undefined)?.trim();
    const name = (nameColumn >= 0 ? row.cells[nameColumn] : undefined)?.trim();
    if (!creditCode && !name) continue;
    entities.push({ ...(creditCode ? { creditCode } : {}), ...(name ? { name } : {}) });
  }
  if (entities.length > CHECK_MAX_ENTITIES)
    throw new AppError('CHECK_INPUT_INVALID', `一次核查最多 ${formatCount(CHECK_MAX_ENTITIES)} 个主体，请分批核查`);
  if (entities.length === 0) throw new AppError('CHECK_INPUT_INVALID', '文件中没有统一社会信用代码或名称');
  return entities;
}

/** A check as stored: its content (packed, `StoredCheckContent`, or whole for a check stored before) and digest. */
export interface StoredCheck {
  content: StoredCheckContent | CheckContent;
  digest: string;
}

type CreditCheckRow = NonNullable<Awaited<ReturnType<typeof findCreditCheck>>>;

/**
 * A check's content: its leaf in the log (`logged` when the caller has read it already), or the row's own for a check
 * stored before migration 0047.
 */
async function storedCheckOf(db: Db, row: CreditCheckRow, logged?: Record<string, unknown>): Promise<StoredCheck> {
  const content =
    row.content === null
      ? (logged ?? (await findLoggedContent(db, 'credit-check', row.checkNo)))
      : JSON.parse(row.content);
  if (!content) throw new Error(`check ${row.checkNo} has no content in the log`);
  return { content: content as StoredCheckContent | CheckContent, digest: row.digest };
}

/** A stored check's row, for its own agency only: another agency's number does not exist for the caller. */
async function findOwnCheck(db: Db, agencyId: number, checkNo: string): Promise<CreditCheckRow> {
  const row = await findCreditCheck(db, checkNo);
  if (!row || Number(row.agencyId) !== agencyId) throw new AppError('CHECK_NOT_FOUND');
  return row;
}

/** A stored check, for its own agency only. */
export async function getCheck(db: Db, agencyId: number, checkNo: string): Promise<StoredCheck> {
  return storedCheckOf(db, await findOwnCheck(db, agencyId, checkNo));
}

/** A check's answer as objects (the exchange API's stored answer, the PDF). */
export function checkResultOf(check: StoredCheck): CheckResultDto {
  return { ...storedContent(unpackCheckContent(check.content)), digest: check.digest };
}

/** Entities written per chunk of the streamed answer. */
const ITEMS_PER_CHUNK = 250;

/**
 * A check's answer (CheckResultSchema) as JSON text in chunks, written from its stored form: each item, agency and list
 * of measures is written once and its text repeated per record, instead of building ~65,000 record objects for
 * 10,000 entities and serialising them.
 */
export function* checkResultJson(check: StoredCheck): Generator<string> {
  const content = storedContent(check.content);
  if (!('recordItems' in content)) {
    yield JSON.stringify(checkResultOf(check));
    return;
  }
  const { recordItems, agencies, measureLists, items, ...head } = content;
  const itemJson = recordItems.map(
    (item) =>
      `"itemCode":${JSON.stringify(item.itemCode)},"itemName":${JSON.stringify(item.itemName)},` +
      `"category":${JSON.stringify(item.category)},"listing":${item.listing}`,
  );
  const agencyJson = agencies.map((name) => JSON.stringify(name));
  const measuresJson = measureLists.map((measures) => JSON.stringify(measures));
  let chunk = `${JSON.stringify({ ...head, digest: check.digest }).slice(0, -1)},"items":[`;
  for (let index = 0; index < items.length; index++) {
    const { records, measures, ...item } = items[index]!;
    chunk += `${index > 0 ? ',' : ''}${JSON.stringify(item).slice(0, -1)},"records":[`;
    for (let position = 0; position < records.length; position++) {
      const [id, itemIndex, level, agencyIndex, aroseOn, underObjection] = records[position]!;
      chunk +=
        `${position > 0 ? ',' : ''}{"id":${id},${itemJson[itemIndex]},"dishonestyLevel":${JSON.stringify(level)},` +
        `"agencyName":${agencyJson[agencyIndex]},"aroseOn":${JSON.stringify(aroseOn)}` +
        `${underObjection ? ',"underObjection":true' : ''}}`;
    }
    chunk += `],"measures":${measuresJson[measures]}}`;
    if ((index + 1) % ITEMS_PER_CHUNK === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}]}`;
}

/**
 * A stored check and its signed bundle, for its PDF, for its own agency only (`getCheck`): its leaf proved in the
 * latest checkpoint, signed with the platform's key (issue 23 item 4); no bundle for a check run before the verifiable
 * log existed.
 */
export async function getSignedCheck(
  db: Db,
  keys: LogKeys,
  agencyId: number,
  checkNo: string,
): Promise<{ check: StoredCheck; signed: SignedDocument | undefined }> {
  const row = await findOwnCheck(db, agencyId, checkNo);
  const signed = await findSignedDocument(db, keys, 'credit-check', checkNo);
  return { check: await storedCheckOf(db, row, signed?.content), signed };
}

/** A stored check's content; one stored before consortiumUnchecked existed had every member resolved or none named. */
function storedContent<T extends StoredCheckContent | CheckContent>(content: T): T {
  const stored = content as Omit<T, 'consortiumUnchecked'> & Partial<Pick<T, 'consortiumUnchecked'>>;
  return { ...stored, consortiumUnchecked: stored.consortiumUnchecked ?? [] } as T;
}

/**
 * Public verification of a printed check. The number alone says only whether it was issued; with the matching digest
 * (printed on the paper, in its QR code) the check's facts follow: time, agency, purpose, matter and each entity's
 * verdict, never a record. A verdict of 审慎 rests on non-public records, so the facts are not shown on a number alone.
 */
export async function verifyCheck(db: Db, checkNo: string, digest: string | undefined): Promise<CheckVerificationDto> {
  const row = await findCreditCheck(db, checkNo);
  if (!row) return { checkNo, issued: false, digestMatches: null };
  const digestMatches = digest === undefined ? null : constantTimeEqual(digest, row.digest);
  if (!digestMatches) return { checkNo, issued: true, digestMatches };
  const content = storedContent((await storedCheckOf(db, row)).content);
  return {
    checkNo,
    issued: true,
    digestMatches,
    checkedAt: content.checkedAt,
    agencyName: content.agencyName,
    purposeName: content.purpose.name,
    matter: content.matter,
    consortium: content.consortium,
    consortiumVerdict: content.consortiumVerdict,
    consortiumUnchecked: content.consortiumUnchecked,
    entities: content.items.map((item) => ({
      row: item.input.row,
      creditCode: item.creditCode,
      name: item.name,
      resolution: item.resolution,
      verdict: item.verdict,
    })),
  };
}

/** The public verification bound to the database, for the public routes (which never touch SQL themselves). */
export function createCheckVerifier(db: Db) {
  return (checkNo: string, digest: string | undefined) => verifyCheck(db, checkNo, digest);
}
export type CheckVerifier = ReturnType<typeof createCheckVerifier>;
