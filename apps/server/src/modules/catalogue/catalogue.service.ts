import type { CatalogueItemBody, CatalogueItemDto, ExchangeCatalogueDto } from '@gzcredit/contracts';
import {
  type CatalogueItemDefinition,
  catalogueItemProblems,
  chinaToday,
  FIELD_FORMATS,
  FIELD_TYPE_LABELS,
  fieldMaxLength,
  isListing,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { isUniqueViolation } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import {
  type CatalogueItemRow,
  type EditionRow,
  findCurrentEdition,
  findEdition,
  findItem,
  insertEdition,
  insertItems,
  listEditionItems,
  listEditions,
  lockCurrentEdition,
  lockEdition,
  updateEditionStatus,
  updateItem,
} from './catalogue.repository';
import { CATALOGUE_2015, EDITION_2015 } from './catalogue-2015';

/** A catalogue item as the records module uses it: its definition plus where it lives. */
export type CatalogueItem = CatalogueItemDto;

function toItem(row: CatalogueItemRow): CatalogueItem {
  return {
    id: Number(row.id),
    editionId: Number(row.editionId),
    editionCode: row.editionCode,
    code: row.code,
    name: row.name,
    category: row.category,
    providerKinds: row.providerKinds,
    fields: row.fields,
    aroseField: row.aroseField,
    defaultUseScope: row.defaultUseScope,
    publicity: row.publicity,
    requiresLevel: row.requiresLevel,
    role: row.role,
    mandatoryPublicity: row.mandatoryPublicity,
    deadline: row.deadline,
  } as CatalogueItem;
}

function toEdition(row: EditionRow) {
  return { id: Number(row.id), code: row.code, name: row.name, publishedOn: row.publishedOn, status: row.status };
}

/** Seeds the 2015 edition into an empty catalogue (every start; idempotent). */
export async function seedCatalogue(db: Db): Promise<boolean> {
  if ((await listEditions(db)).length > 0) return false;
  await db.transaction().execute(async (trx) => {
    const editionId = await insertEdition(trx, { ...EDITION_2015, status: 'current', createdBy: null });
    await insertItems(
      trx,
      editionId,
      CATALOGUE_2015.map((item, index) => ({ ...item, sortOrder: (index + 1) * 10 })),
    );
  });
  return true;
}

export async function getCurrentCatalogue(db: Db) {
  const edition = await findCurrentEdition(db);
  if (!edition) throw new AppError('CATALOGUE_EDITION_NOT_FOUND');
  return { edition: toEdition(edition), items: (await listEditionItems(db, Number(edition.id))).map(toItem) };
}

/**
 * The current edition's field dictionary (Rules Art. 11: the catalogue fixes the data items): what an integrator needs
 * to fill each item's `fields`, served by the exchange API and carried by its OpenAPI document.
 */
export async function describeFieldDictionary(db: Db): Promise<ExchangeCatalogueDto> {
  const { edition, items } = await getCurrentCatalogue(db);
  return {
    edition: { code: edition.code, name: edition.name, publishedOn: edition.publishedOn },
    items: items.map((item) => ({
      code: item.code,
      name: item.name,
      category: item.category,
      requiresLevel: item.requiresLevel,
      defaultUseScope: item.defaultUseScope,
      mandatoryPublicity: item.mandatoryPublicity,
      listing: isListing(item),
      fields: item.fields.map((field) => ({
        key: field.key,
        label: field.label,
        type: field.type,
        typeLabel: FIELD_TYPE_LABELS[field.type],
        format: FIELD_FORMATS[field.type],
        required: field.required,
        ...(field.type === 'text' || field.type === 'long_text' ? { maxLength: fieldMaxLength(field) } : {}),
        ...(field.pattern ? { pattern: field.pattern, patternHint: field.patternHint } : {}),
        ...(field.values ? { values: field.values } : {}),
        ...(field.unit ? { unit: field.unit } : {}),
        allowFuture: field.allowFuture ?? false,
        ...(field.note ? { note: field.note } : {}),
      })),
    })),
  };
}

export async function getEditionCatalogue(db: Db, editionId: number) {
  const edition = await findEdition(db, editionId);
  if (!edition) throw new AppError('CATALOGUE_EDITION_NOT_FOUND');
  return { edition: toEdition(edition), items: (await listEditionItems(db, editionId)).map(toItem) };
}

export async function listCatalogueEditions(db: Db) {
  return { items: (await listEditions(db)).map(toEdition) };
}

/** Any item of any edition: a record keeps the item (and so the edition) it was validated against. */
export async function getCatalogueItem(db: Db, id: number): Promise<CatalogueItem> {
  const row = await findItem(db, id);
  if (!row) throw new AppError('CATALOGUE_ITEM_NOT_FOUND');
  return toItem(row);
}

function assertDefinition(definition: CatalogueItemDefinition): void {
  const problems = catalogueItemProblems(definition);
  if (problems.length > 0)
    throw new AppError('CATALOGUE_ITEM_INVALID', `信息项定义有误：${problems.join('；')}`, { problems });
}

async function draftEdition(db: Db, editionId: number): Promise<EditionRow> {
  const edition = await lockEdition(db, editionId);
  if (!edition) throw new AppError('CATALOGUE_EDITION_NOT_FOUND');
  if (edition.status !== 'draft') throw new AppError('CATALOGUE_EDITION_STATE_CONFLICT');
  return edition;
}

/** A new draft edition starts as a copy of the current one; the operator then adds and edits its items (Art. 11). */
export async function createDraftEdition(db: Db, actor: Actor, body: { code: string; name: string }) {
  const current = await getCurrentCatalogue(db);
  let editionId: number;
  try {
    editionId = await insertEdition(db, {
      code: body.code,
      name: body.name,
      publishedOn: chinaToday(),
      status: 'draft',
      createdBy: actor.accountId,
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('CATALOGUE_ITEM_CODE_TAKEN', '已有相同版本号的征集目录，请换一个版本号');
    throw error;
  }
  await insertItems(
    db,
    editionId,
    current.items.map((item, index) => ({ ...item, sortOrder: (index + 1) * 10 })),
  );
  return getEditionCatalogue(db, editionId);
}

export async function addCatalogueItem(db: Db, editionId: number, body: CatalogueItemBody): Promise<CatalogueItem> {
  await draftEdition(db, editionId);
  assertDefinition(body);
  const sortOrder = ((await listEditionItems(db, editionId)).length + 1) * 10;
  try {
    const [id] = await insertItems(db, editionId, [{ ...body, sortOrder }]);
    return getCatalogueItem(db, id!);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CATALOGUE_ITEM_CODE_TAKEN');
    throw error;
  }
}

/** Items change only in a draft edition: records validated against a published item keep its definition. */
export async function editCatalogueItem(db: Db, itemId: number, body: CatalogueItemBody): Promise<CatalogueItem> {
  const item = await getCatalogueItem(db, itemId);
  await draftEdition(db, item.editionId);
  assertDefinition(body);
  try {
    await updateItem(db, itemId, body);
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CATALOGUE_ITEM_CODE_TAKEN');
    throw error;
  }
  return getCatalogueItem(db, itemId);
}

/**
 * Publishing a draft makes it current and retires the edition it replaces; new records are checked against it, while
 * records already stored keep the item (and so the edition) they were validated against (Art. 11).
 */
export async function publishEdition(db: Db, editionId: number) {
  await draftEdition(db, editionId);
  if ((await listEditionItems(db, editionId)).length === 0)
    throw new AppError('CATALOGUE_EDITION_STATE_CONFLICT', '该版本目录还没有信息项，不能发布');
  const current = await lockCurrentEdition(db);
  try {
    if (current) await updateEditionStatus(db, Number(current.id), 'retired');
    await updateEditionStatus(db, editionId, 'current', chinaToday());
  } catch (error) {
    // Another publication made its draft current in the meantime (one current edition: a unique index).
    if (isUniqueViolation(error))
      throw new AppError('CATALOGUE_EDITION_STATE_CONFLICT', '另一版本刚刚发布，请刷新后重试');
    throw error;
  }
  return getEditionCatalogue(db, editionId);
}
