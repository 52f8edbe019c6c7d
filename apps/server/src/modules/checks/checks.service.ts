import {
  CHECK_MAX_ENTITIES,
  CHECK_NUMBER_PREFIX,
  type CheckEntityInput,
  type CheckItemDto,
  type CheckMeasureDto,
  type CheckRecordDto,
  type CheckResultDto,
  type CheckVerdict,
  type CheckVerificationDto,
  type FieldErrorDetail,
  type RunCheckBody,
} from '@gzcredit/contracts';
import { DISHONESTY_LEVELS, type DishonestyLevel, formatCount, isListing, validateCreditCode } from '@gzcredit/domain';
import { documentDigest, type SignedDocument } from '@gzcredit/verify';
import { constantTimeEqual } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { getCurrentCatalogue } from '../catalogue';
import { standingOfRecords } from '../enterprises';
import { readVisibleRecordFacts, type VisibleRecordFactRow } from '../records';
import { generateReportNumber } from '../reports';
import { appendLogLeaves, findSignedDocument, type LogKeys } from '../transparency';
import {
  type CheckContent,
  type CheckEntityRow,
  findAgencyName,
  findCreditCheck,
  findEntitiesByCreditCodes,
  findEntitiesByNames,
  findNameCandidates,
  insertCreditCheck,
  packCheckContent,
} from './checks.repository';
import { findCheckPurpose, findMeasureEditionsInForce, listApplicableMeasures } from './measures.service';

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
    const input: InputRow = {
      row,
      ...(entity.creditCode ? { creditCode: entity.creditCode } : {}),
      ...(entity.name ? { name: entity.name } : {}),
    };
    if (entity.creditCode) {
      const result = validateCreditCode(entity.creditCode);
      if (result.valid) return { ...input, code: result.code };
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

function toCheckRecord(record: VisibleRecordFactRow): CheckRecordDto {
  return {
    id: Number(record.id),
    itemCode: record.itemCode,
    itemName: record.itemName,
    category: record.itemCategory,
    listing: isListing({ role: record.itemRole }),
    dishonestyLevel: record.dishonestyLevel,
    agencyName: record.agencyName,
    aroseOn: record.aroseOn,
    ...(record.underObjection ? { underObjection: true } : {}),
  };
}

/** Listings first, then 不良 records by level (most serious first), then 良好 records; newest first within each. */
function recordOrder(a: CheckRecordDto, b: CheckRecordDto): number {
  const rank = (record: CheckRecordDto) =>
    record.listing
      ? 10
      : record.category === 'bad'
        ? 5 + (record.dishonestyLevel ? LEVEL_RANK[record.dishonestyLevel] : 0)
        : 0;
  return rank(b) - rank(a) || b.aroseOn.localeCompare(a.aroseOn) || a.id - b.id;
}

/**
 * The verdict (Rules Art. 17), on the records the checking agency may see and the measures they call for: 不予准入/限制
 * when a class-1 measure (one that reduces rights or adds duties) applies to this purpose; 审慎 when the entity has
 * other 不良 records, a listing or a measure of another class; 未发现 otherwise. Never on the supervisory standing,
 * which counts records the agency may not see: a verdict resting on it alone would reveal them.
 */
function verdictOf(records: CheckRecordDto[], measures: CheckMeasureDto[]): CheckVerdict {
  if (measures.some((measure) => measure.measureClass === 1)) return 'refused';
  const bad = records.some((record) => record.category === 'bad' || record.listing);
  return bad || measures.length > 0 ? 'caution' : 'clear';
}

function unresolvedItem(input: InputRow, resolution: 'not_found' | 'ambiguous', candidates: CheckEntityRow[]) {
  const { code: _code, ...given } = input;
  return {
    input: given,
    resolution,
    candidates: candidates.map(({ creditCode, name, status }) => ({ creditCode, name, status })),
    creditCode: input.code ?? null,
    name: input.name ?? null,
    status: null,
    standing: null,
    records: [],
    measures: [],
    verdict: null,
  } satisfies CheckItemDto;
}

/**
 * 信用核查 (Rules Art. 17): checks up to 10,000 entities for a purpose and a matter, stores the result with its number
 * and SM3 digest, and answers it. Set-based throughout: one statement resolves the codes, one the names, one finds
 * the candidates of the names no entity bears, one reads the records the checker's agency may see; the measures are read once per distinct combination of
 * levels and listings. The caller's transaction also writes the audit row.
 */
export async function runCheck(db: Db, checker: Checker, body: RunCheckBody): Promise<CheckResultDto> {
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

  const ids = [...resolved.keys()];
  const recordsByEntity = new Map<number, CheckRecordDto[]>();
  for (const record of await readVisibleRecordFacts(db, checker.agencyId, ids)) {
    const enterpriseId = Number(record.enterpriseId);
    const records = recordsByEntity.get(enterpriseId);
    if (records) records.push(toCheckRecord(record));
    else recordsByEntity.set(enterpriseId, [toCheckRecord(record)]);
  }
  const measureCache = new Map<string, Promise<CheckMeasureDto[]>>();
  const measuresFor = (records: CheckRecordDto[]) => {
    const levels = DISHONESTY_LEVELS.filter((level) =>
      records.some((record) => record.category === 'bad' && record.dishonestyLevel === level),
    );
    const listingItemCodes = [
      ...new Set(records.filter((record) => record.listing).map((record) => record.itemCode)),
    ].sort();
    const key = `${levels.join(',')}|${listingItemCodes.join(',')}`;
    let measures = measureCache.get(key);
    if (!measures) {
      measures = listApplicableMeasures(db, { purposeCode: purpose.code, levels, listingItemCodes });
      measureCache.set(key, measures);
    }
    return measures;
  };

  const roles = new Map((await getCurrentCatalogue(db)).items.map((item) => [item.code, item.role]));
  const items: CheckItemDto[] = [];
  for (const [index, row] of rows.entries()) {
    const entity = resolution[index];
    if (!entity) {
      const sameName = row.code ? [] : (byName.get(row.name!) ?? candidates.get(row.name!) ?? []);
      items.push(unresolvedItem(row, sameName.length > 0 ? 'ambiguous' : 'not_found', sameName));
      continue;
    }
    const records = (recordsByEntity.get(entity.id) ?? []).sort(recordOrder);
    const measures = (await measuresFor(records)).map((measure) => ({ ...measure }));
    // 监管信用状况 as the agency may see it: made of the records it may see, it reveals none it may not.
    const standing = standingOfRecords(
      records.map((record) => ({
        category: record.category,
        role: roles.get(record.itemCode),
        dishonestyLevel: record.dishonestyLevel,
      })),
    );
    const { code: _code, ...given } = row;
    items.push({
      input: given,
      resolution: 'found',
      candidates: [],
      creditCode: entity.creditCode,
      name: entity.name,
      status: entity.status,
      standing,
      records,
      measures,
      verdict: verdictOf(records, measures),
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
                row: item.input.row,
                creditCode: item.input.creditCode ?? null,
                name: item.input.name ?? null,
                resolution: item.resolution,
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
  const content: CheckContent = {
    checkNo: generateReportNumber(checkedAt, CHECK_NUMBER_PREFIX),
    checkedAt: checkedAt.toISOString(),
    agencyName: await findAgencyName(db, checker.agencyId),
    purpose: { code: purpose.code, name: purpose.name },
    matter: body.matter,
    consortium: body.consortium ?? false,
    consortiumVerdict,
    consortiumUnchecked,
    measureEditions,
    items,
  };
  const stored = packCheckContent(content);
  const digest = documentDigest(stored);
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
    content: stored,
  });
  // The verifiable log keeps the stored content the digest covers, in the check's transaction (issue 23 item 1).
  await appendLogLeaves(db, [{ kind: 'credit-check', subject: content.checkNo, content: { ...stored } }]);
  return { ...content, digest };
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

/** A stored check, for its own agency only: another agency's number does not exist for the caller. */
export async function getCheck(db: Db, agencyId: number, checkNo: string): Promise<CheckResultDto> {
  const row = await findCreditCheck(db, checkNo);
  if (!row || Number(row.agencyId) !== agencyId) throw new AppError('CHECK_NOT_FOUND');
  return { ...storedContent(row.content), digest: row.digest };
}

/**
 * A check's signed bundle for its PDF, for its own agency only: its leaf proved in the latest checkpoint, signed with
 * the platform's key (issue 23 item 4). Undefined for a check run before the verifiable log existed.
 */
export async function findSignedCheck(
  db: Db,
  keys: LogKeys,
  agencyId: number,
  checkNo: string,
): Promise<SignedDocument | undefined> {
  const row = await findCreditCheck(db, checkNo);
  if (!row || Number(row.agencyId) !== agencyId) throw new AppError('CHECK_NOT_FOUND');
  return findSignedDocument(db, keys, 'credit-check', checkNo);
}

/** A stored check's content; one stored before consortiumUnchecked existed had every member resolved or none named. */
function storedContent(content: CheckContent): CheckContent {
  const stored = content as Omit<CheckContent, 'consortiumUnchecked'> &
    Partial<Pick<CheckContent, 'consortiumUnchecked'>>;
  return { ...stored, consortiumUnchecked: stored.consortiumUnchecked ?? [] };
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
  const content = storedContent(row.content);
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
