import type {
  CheckPurposeDto,
  CreateCheckPurposeBody,
  CreateMeasureEditionBody,
  FieldErrorDetail,
  MeasureDefinition,
  MeasureDto,
  MeasureEditionDetailDto,
  MeasureEditionDto,
  UpdateCheckPurposeBody,
} from '@gzcredit/contracts';
import { type DishonestyLevel, MEASURE_LIST_LABELS, type MeasureClass, type MeasureList } from '@gzcredit/domain';
import { type Db, isUniqueViolation } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { getCurrentCatalogue } from '../catalogue';
import {
  type CheckPurposeRow,
  copyMeasures,
  deleteMeasure,
  findEdition,
  findMeasure,
  findPurpose,
  insertEdition,
  insertMeasures,
  insertPurposes,
  listEditionMeasures,
  listEditions,
  listMeasuresInForce,
  listPublishedEditions,
  listPurposes,
  lockEdition,
  lockPublishedEdition,
  type MeasureEditionRow,
  type MeasureRow,
  nextMeasureSortOrder,
  nextPurposeSortOrder,
  updateEditionStatus,
  updateMeasure,
  updatePurpose,
} from './measures.repository';
import {
  CHECK_PURPOSES_STARTING_SET,
  type MeasureEditionSeed,
  NATIONAL_STARTING_EDITION,
  PROVINCIAL_STARTING_EDITION,
} from './measures-starting-set';

/** An edition in force, as a check records it. */
export interface MeasureEditionRef {
  id: number;
  label: string;
}
export interface ApplicableMeasure {
  id: number;
  code: string;
  name: string;
  measureClass: MeasureClass;
  legalBasis: string;
  implementingBody: string;
  list: MeasureList;
  editionId: number;
}

function toPurpose(row: CheckPurposeRow): CheckPurposeDto {
  return { id: Number(row.id), code: row.code, name: row.name, active: row.active };
}

function toEdition(row: MeasureEditionRow): MeasureEditionDto {
  return {
    id: Number(row.id),
    list: row.list,
    label: row.label,
    status: row.status,
    basedOnId: row.basedOnId === null ? null : Number(row.basedOnId),
    publishedAt: row.publishedAt ? row.publishedAt.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
    measureCount: row.measureCount,
  };
}

function toMeasure(row: MeasureRow): MeasureDto {
  return {
    id: Number(row.id),
    editionId: Number(row.editionId),
    code: row.code,
    name: row.name,
    measureClass: Number(row.measureClass) as MeasureClass,
    targetListings: row.targetListings,
    targetLevels: row.targetLevels,
    legalBasis: row.legalBasis,
    implementingBody: row.implementingBody,
    purposes: row.purposes,
    source: row.source,
    note: row.note,
    confirmed: row.confirmed,
  };
}

// ---- check purposes ----

/** Every purpose, retired ones included (a stored check names its purpose by code). */
export async function listCheckPurposes(db: Db): Promise<CheckPurposeDto[]> {
  return (await listPurposes(db)).map(toPurpose);
}

export async function findCheckPurpose(db: Db, code: string): Promise<CheckPurposeDto | undefined> {
  const row = await findPurpose(db, { code });
  return row && toPurpose(row);
}

async function getPurpose(db: Db, id: number): Promise<CheckPurposeDto> {
  const row = await findPurpose(db, { id });
  if (!row) throw new AppError('CHECK_PURPOSE_NOT_FOUND');
  return toPurpose(row);
}

export async function addCheckPurpose(db: Db, body: CreateCheckPurposeBody): Promise<CheckPurposeDto> {
  try {
    const [id] = await insertPurposes(db, [{ ...body, sortOrder: await nextPurposeSortOrder(db) }]);
    return getPurpose(db, id!);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CHECK_PURPOSE_CODE_TAKEN', `已有代码为“${body.code}”或名称为“${body.name}”的核查事项`);
    throw error;
  }
}

/** Renames or (de)activates a purpose; its code stays, so stored checks and measures keep naming it. */
export async function changeCheckPurpose(db: Db, id: number, body: UpdateCheckPurposeBody): Promise<CheckPurposeDto> {
  await getPurpose(db, id);
  try {
    await updatePurpose(db, id, body);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CHECK_PURPOSE_CODE_TAKEN', `已有名称为“${body.name}”的核查事项`);
    throw error;
  }
  return getPurpose(db, id);
}

// ---- editions ----

export async function listMeasureEditions(db: Db): Promise<{ items: MeasureEditionDto[] }> {
  return { items: (await listEditions(db)).map(toEdition) };
}

export async function getMeasureEdition(db: Db, id: number): Promise<MeasureEditionDetailDto> {
  const edition = await findEdition(db, id);
  if (!edition) throw new AppError('MEASURE_EDITION_NOT_FOUND');
  return { edition: toEdition(edition), measures: (await listEditionMeasures(db, id)).map(toMeasure) };
}

/** The editions in force (the national list and the provincial supplement), labelled for a check's record and PDF. */
export async function findMeasureEditionsInForce(db: Db): Promise<MeasureEditionRef[]> {
  return (await listPublishedEditions(db)).map((edition) => ({
    id: Number(edition.id),
    label: `${MEASURE_LIST_LABELS[edition.list]}（${edition.label}）`,
  }));
}

/**
 * A new draft of a list starts as a copy of the edition in force; one draft per list at a time (a unique index), so
 * two operators never edit diverging drafts.
 */
export async function createMeasureEdition(
  db: Db,
  actor: Actor,
  body: CreateMeasureEditionBody,
): Promise<MeasureEditionDetailDto> {
  const inForce = await lockPublishedEdition(db, body.list);
  let id: number;
  try {
    id = await insertEdition(db, {
      list: body.list,
      label: body.label,
      status: 'draft',
      basedOnId: inForce ? Number(inForce.id) : null,
      createdBy: actor.accountId,
    });
  } catch (error) {
    if (isUniqueViolation(error, 'measure_editions_draft'))
      throw new AppError(
        'MEASURE_EDITION_STATE_CONFLICT',
        `${MEASURE_LIST_LABELS[body.list]}已有一个草稿版本，请先编辑并发布它`,
      );
    if (isUniqueViolation(error))
      throw new AppError('MEASURE_EDITION_STATE_CONFLICT', `版本名称（label）“${body.label}”已被该清单的其他版本使用`);
    throw error;
  }
  if (inForce) await copyMeasures(db, Number(inForce.id), id);
  return getMeasureEdition(db, id);
}

async function draftEdition(db: Db, editionId: number) {
  const edition = await lockEdition(db, editionId);
  if (!edition) throw new AppError('MEASURE_EDITION_NOT_FOUND');
  if (edition.status !== 'draft')
    throw new AppError('MEASURE_EDITION_STATE_CONFLICT', `“${edition.label}”已发布，不能修改；请新建草稿版本后再修改`);
  return edition;
}

/**
 * What the schema cannot check alone: the purposes must exist and the target lists must be items of the current
 * catalogue (the code a credit check passes as a listing in force).
 */
async function assertMeasure(db: Db, measure: MeasureDefinition): Promise<MeasureDefinition> {
  const problems: FieldErrorDetail[] = [];
  const known = new Set((await listPurposes(db)).map((purpose) => purpose.code));
  for (const code of new Set(measure.purposes)) {
    if (!known.has(code))
      problems.push({ field: 'purposes', message: `适用核查事项（purposes）中的“${code}”不是已有的核查事项代码` });
  }
  const items = new Set((await getCurrentCatalogue(db)).items.map((item) => item.code));
  for (const code of new Set(measure.targetListings)) {
    if (!items.has(code))
      problems.push({
        field: 'targetListings',
        message: `惩戒对象名单（targetListings）中的“${code}”不是现行征集目录的信息项代码`,
      });
  }
  if (problems.length > 0)
    throw new AppError('MEASURE_INVALID', `失信惩戒措施有误：${problems.map((p) => p.message).join('；')}`, problems);
  return {
    ...measure,
    purposes: [...new Set(measure.purposes)],
    targetListings: [...new Set(measure.targetListings)],
    targetLevels: [...new Set(measure.targetLevels)],
  };
}

async function getMeasure(db: Db, id: number): Promise<MeasureDto> {
  const row = await findMeasure(db, id);
  if (!row) throw new AppError('MEASURE_NOT_FOUND');
  return toMeasure(row);
}

function codeTaken(error: unknown, code: string): unknown {
  return isUniqueViolation(error)
    ? new AppError('MEASURE_CODE_TAKEN', `该版本清单中已有编号为“${code}”的措施（code）`)
    : error;
}

export async function addMeasure(db: Db, editionId: number, body: MeasureDefinition): Promise<MeasureDto> {
  await draftEdition(db, editionId);
  const measure = await assertMeasure(db, body);
  try {
    const [id] = await insertMeasures(db, editionId, [
      { ...measure, sortOrder: await nextMeasureSortOrder(db, editionId) },
    ]);
    return getMeasure(db, id!);
  } catch (error) {
    throw codeTaken(error, measure.code);
  }
}

/** Measures change only in a draft: a check keeps the edition, and so the measures, it was made with. */
export async function editMeasure(db: Db, id: number, body: MeasureDefinition): Promise<MeasureDto> {
  const existing = await getMeasure(db, id);
  await draftEdition(db, existing.editionId);
  const measure = await assertMeasure(db, body);
  try {
    await updateMeasure(db, id, measure);
  } catch (error) {
    throw codeTaken(error, measure.code);
  }
  return getMeasure(db, id);
}

export async function removeMeasure(db: Db, id: number): Promise<MeasureDto> {
  const existing = await getMeasure(db, id);
  await draftEdition(db, existing.editionId);
  await deleteMeasure(db, id);
  return existing;
}

/**
 * Publishing puts a draft in force for its list and supersedes the edition it replaces, which stays readable: stored
 * checks name the editions they used. The national list is never published empty (it would silently drop every
 * measure); an empty provincial supplement means the province adds nothing.
 */
export async function publishMeasureEdition(db: Db, editionId: number): Promise<MeasureEditionDetailDto> {
  const draft = await draftEdition(db, editionId);
  if (draft.list === 'national' && (await listEditionMeasures(db, editionId)).length === 0)
    throw new AppError('MEASURE_EDITION_STATE_CONFLICT', '全国基础清单的版本没有任何措施，不能发布');
  const inForce = await lockPublishedEdition(db, draft.list);
  if (inForce) await updateEditionStatus(db, Number(inForce.id), 'superseded');
  await updateEditionStatus(db, editionId, 'published');
  return getMeasureEdition(db, editionId);
}

/**
 * The measures in force for this purpose, read once, and which of them apply to an entity with given 不良 levels and
 * listings in force: those that target one of them (a measure names its targets explicitly: a 严重失信 measure does
 * not reach 一般失信 unless it lists it). National first, then the provincial supplement; class 1 before 2 and 3.
 */
export async function readApplicableMeasures(
  db: Db,
  purposeCode: string,
): Promise<(levels: readonly DishonestyLevel[], listingItemCodes: readonly string[]) => ApplicableMeasure[]> {
  const measures = (await listMeasuresInForce(db, purposeCode)).map((row) => ({
    measure: {
      id: Number(row.id),
      code: row.code,
      name: row.name,
      measureClass: Number(row.measureClass) as MeasureClass,
      legalBasis: row.legalBasis,
      implementingBody: row.implementingBody,
      list: row.list,
      editionId: Number(row.editionId),
    },
    targetLevels: row.targetLevels,
    targetListings: row.targetListings,
  }));
  return (levels, listingItemCodes) =>
    measures.flatMap(({ measure, targetLevels, targetListings }) =>
      targetLevels.some((level) => levels.includes(level)) ||
      targetListings.some((itemCode) => listingItemCodes.includes(itemCode))
        ? [measure]
        : [],
    );
}

/** The measures in force that apply to this purpose for an entity with these 不良 levels and listings in force. */
export async function listApplicableMeasures(
  db: Db,
  query: { purposeCode: string; levels: readonly DishonestyLevel[]; listingItemCodes: readonly string[] },
): Promise<ApplicableMeasure[]> {
  return (await readApplicableMeasures(db, query.purposeCode))(query.levels, query.listingItemCodes);
}

// ---- starting data ----

async function seedEdition(db: Db, seed: MeasureEditionSeed): Promise<void> {
  const editionId = await insertEdition(db, {
    list: seed.list,
    label: seed.label,
    status: 'published',
    basedOnId: null,
    createdBy: null,
  });
  await insertMeasures(
    db,
    editionId,
    seed.measures.map((measure, index) => ({ ...measure, sortOrder: (index + 1) * 10 })),
  );
}

/**
 * Reference data of every database (each start, the tests' databases too; idempotent): the check purposes and the
 * starting editions, each into an empty table only, so that the operator's edits are never overwritten.
 */
export async function seedMeasures(db: Db): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let seeded = false;
    if ((await listPurposes(trx)).length === 0) {
      await insertPurposes(
        trx,
        CHECK_PURPOSES_STARTING_SET.map((purpose, index) => ({ ...purpose, sortOrder: (index + 1) * 10 })),
      );
      seeded = true;
    }
    if ((await listEditions(trx)).length === 0) {
      await seedEdition(trx, NATIONAL_STARTING_EDITION);
      await seedEdition(trx, PROVINCIAL_STARTING_EDITION);
      seeded = true;
    }
    return seeded;
  });
}
