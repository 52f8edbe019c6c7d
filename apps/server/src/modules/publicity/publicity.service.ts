import type { PublicitySettingDto, UpdatePublicitySettingBody } from '@gzcredit/contracts';
import { checkLegalGround, isPublicisableField } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { type CatalogueItem, getCurrentCatalogue } from '../catalogue';
import { recomputeStanding } from '../enterprises';
import { enterRecordExpiries } from '../records';
import {
  closeWithholding,
  type EffectiveSettingRow,
  expireRecords,
  findSettingWithholding,
  insertSettingWithholding,
  listEffectiveSettings,
  listEntitiesWithAgencyItem,
  upsertSetting,
  type WithholdingRow,
} from './publicity.repository';

export const EXPIRE_RECORDS_JOB = 'publicity.expire-records';

/** Entities whose standing is recomputed per statement (keeps the id array and the statement small). */
const STANDING_CHUNK = 5_000;
/** Records expired per transaction: a checkpoint, so a crashed run resumes where it stopped. */
const EXPIRY_CHUNK = 2_000;

function toSettingDto(
  item: CatalogueItem,
  setting: EffectiveSettingRow | undefined,
  withholding: WithholdingRow | undefined,
): PublicitySettingDto {
  return {
    itemId: item.id,
    itemCode: item.code,
    itemName: item.name,
    category: item.category,
    editionCode: item.editionCode,
    configurable: item.role !== 'registration',
    fields: item.fields.map((field) => ({
      key: field.key,
      label: field.label,
      type: field.type,
      publicisable: isPublicisableField(field),
    })),
    publicised: setting?.publicised ?? true,
    hiddenFields: setting?.hiddenFields ?? [],
    configured: setting !== undefined,
    updatedAt: setting?.updatedAt.toISOString() ?? null,
    updatedByName: setting?.updatedByName ?? null,
    mandatoryPublicity: item.mandatoryPublicity,
    withholdingGround: withholding?.ground ?? null,
  };
}

/** The current catalogue's items the caller's kind of agency provides (Art. 11): the ones it can set publicity for. */
async function providedItems(db: Db, actor: Actor): Promise<CatalogueItem[]> {
  const catalogue = await getCurrentCatalogue(db);
  return catalogue.items.filter((item) => item.providerKinds.includes(actor.agency.kind));
}

/** 设定公示内容 (Art. 22(五)): what the caller's agency publicises of each item it provides. */
export async function listPublicitySettings(db: Db, actor: Actor): Promise<{ items: PublicitySettingDto[] }> {
  const [items, settings] = await Promise.all([providedItems(db, actor), listEffectiveSettings(db, actor.agency.id)]);
  const withheld = new Map<string, WithholdingRow>();
  for (const item of items) {
    if (settings.get(item.code)?.publicised !== false) continue;
    const withholding = await findSettingWithholding(db, actor.agency.id, item.code);
    if (withholding) withheld.set(item.code, withholding);
  }
  return { items: items.map((item) => toSettingDto(item, settings.get(item.code), withheld.get(item.code))) };
}

/**
 * Sets what the caller's agency publicises of one current item: the item at all, and the fields it keeps back. A
 * setting only narrows the catalogue: identity-card fields are never public and need not be listed; registration data
 * is the entity's 基本信息, which the law publicises, so it takes no setting. An item whose publicity the law requires is
 * switched off only with a legal ground (Art. 15, 22(五)), kept for the provincial bureau's review. When the item
 * goes in or out of public view, the standing (badges, level) of every entity with such a record of the agency is
 * recomputed in the same transaction, so search results and profiles agree at once.
 */
export async function configurePublicity(
  trx: Db,
  actor: Actor,
  itemId: number,
  body: UpdatePublicitySettingBody,
): Promise<PublicitySettingDto> {
  const item = (await providedItems(trx, actor)).find((candidate) => candidate.id === itemId);
  if (!item) throw new AppError('CATALOGUE_ITEM_NOT_FOUND', '现行征集目录中没有本单位可提供的该信息项');
  if (item.role === 'registration') {
    const message = '登记注册信息作为市场主体基本信息依法公示（《企业信息公示暂行条例》第六条），不能设定公示内容';
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'publicised', message }]);
  }
  const known = new Set(item.fields.map((field) => field.key));
  const unknown = [...new Set(body.hiddenFields.filter((key) => !known.has(key)))];
  if (unknown.length > 0) {
    const message = `“${item.name}”没有以下数据项：${unknown.join('、')}`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'hiddenFields', message }]);
  }
  const groundText = body.withholdingGround?.trim() ?? '';
  let ground: string | null = null;
  if (item.mandatoryPublicity && !body.publicised) {
    const checked = checkLegalGround(groundText);
    if (!checked.ok) {
      const message = `“${item.name}”依法应当公示，${checked.message}`;
      throw new AppError('PUBLICITY_GROUND_REQUIRED', message, [{ field: 'withholdingGround', message }]);
    }
    ground = checked.ground;
  } else if (groundText) {
    const message = body.publicised
      ? '公示该信息项时不填写不公示的法定依据'
      : `“${item.name}”不属于依法必须公示的信息项，不填写不公示的法定依据`;
    throw new AppError('VALIDATION_FAILED', message, [{ field: 'withholdingGround', message }]);
  }
  const hidden = new Set(body.hiddenFields);
  const hiddenFields = item.fields
    .filter((field) => hidden.has(field.key) && isPublicisableField(field))
    .map((field) => field.key);
  const before = (await listEffectiveSettings(trx, actor.agency.id)).get(item.code);
  await upsertSetting(trx, {
    agencyId: actor.agency.id,
    itemId,
    publicised: body.publicised,
    hiddenFields,
    updatedBy: actor.accountId,
  });
  // The ground in force is the one last given: a new ground replaces it, switching the item on lifts it.
  const withholding = await findSettingWithholding(trx, actor.agency.id, item.code);
  if (withholding && withholding.ground !== ground)
    await closeWithholding(trx, withholding.id, { status: 'lifted', closedBy: actor.accountId });
  if (ground !== null && withholding?.ground !== ground)
    await insertSettingWithholding(trx, { agencyId: actor.agency.id, itemId, ground, createdBy: actor.accountId });
  if ((before?.publicised ?? true) !== body.publicised) await refreshItemStanding(trx, actor.agency.id, item.code);
  return toSettingDto(
    item,
    (await listEffectiveSettings(trx, actor.agency.id)).get(item.code),
    await findSettingWithholding(trx, actor.agency.id, item.code),
  );
}

/** The standing of every entity with a current record of the agency's item, after the item went in or out of view. */
export async function refreshItemStanding(trx: Db, agencyId: number, itemCode: string): Promise<void> {
  const entities = await listEntitiesWithAgencyItem(trx, agencyId, itemCode);
  for (let start = 0; start < entities.length; start += STANDING_CHUNK)
    await recomputeStanding(trx, entities.slice(start, start + STANDING_CHUNK));
}

/**
 * Ends the publicity of every current record whose window closed before `today` (SPEC §3: it leaves public view and
 * stays internal), a chunk per transaction with the standing of its entities, so a blacklist badge goes with the
 * record that earned it. Returns how many records expired.
 */
export async function expireEndedPublicity(
  db: Db,
  today: string,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  let total = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const count = await db.transaction().execute(async (trx) => {
      const expired = await expireRecords(trx, today, EXPIRY_CHUNK);
      // The end of publicity is a tombstone in the exchange pull's change feed (docs/exchange-api.md).
      await enterRecordExpiries(trx, expired.recordIds);
      for (let start = 0; start < expired.enterpriseIds.length; start += STANDING_CHUNK)
        await recomputeStanding(trx, expired.enterpriseIds.slice(start, start + STANDING_CHUNK));
      return expired.recordIds.length;
    });
    total += count;
    if (count < EXPIRY_CHUNK) return total;
  }
}
