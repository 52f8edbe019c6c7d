import type {
  ExchangeFloorDto,
  ExchangeFloorPageDto,
  ExchangeFloorRuleDto,
  ExchangeGrantDto,
  ExchangeSettingDto,
  ExchangeSettingsDto,
  UpdateExchangeFloorBody,
  UpdateExchangeSettingBody,
} from '@gzcredit/contracts';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  type AgencyKind,
  DISHONESTY_LEVEL_LABELS,
  regionName,
  USE_SCOPE_LABELS,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { type CatalogueItem, getCurrentCatalogue } from '../catalogue';
import { enterSharingChange } from '../records';
import {
  type GrantRow,
  type ItemSettingRow,
  listAgencyDirectory,
  listFloor,
  listItemSettings,
  replaceFloor,
  replaceItemSetting,
} from './exchange-settings.repository';

const REGION_PREFIX = /^\d{2,6}$/;

function invalid(field: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, [{ field, message }]);
}

const toGrantDto = (grant: Pick<GrantRow, 'audience' | 'audienceValue' | 'fields'>): ExchangeGrantDto => ({
  audience: grant.audience,
  value: grant.audienceValue,
  fields: grant.fields,
});

/** An agency of the directory, as audiences name it. */
type DirectoryAgency = { id: number; name: string; kind: AgencyKind; regionCode: string };

/** Does every agency that `narrow` names also fall under `wide`'s audience? */
function audienceCovers(wide: ExchangeGrantDto, narrow: ExchangeGrantDto, agencies: Map<number, DirectoryAgency>) {
  if (wide.audience === 'all') return true;
  if (narrow.audience === 'all') return false;
  if (narrow.audience === 'agency') {
    if (wide.audience === 'agency') return wide.value === narrow.value;
    const agency = agencies.get(Number(narrow.value));
    if (!agency) return false;
    return wide.audience === 'kind' ? agency.kind === wide.value : agency.regionCode.startsWith(wide.value ?? '');
  }
  if (wide.audience !== narrow.audience) return false;
  return narrow.audience === 'kind' ? wide.value === narrow.value : (narrow.value ?? '').startsWith(wide.value ?? '');
}

/** Do the provider's grants give the floor rule's audience at least the fields the rule gives it? */
function grantsCover(grants: ExchangeGrantDto[], rule: ExchangeGrantDto, agencies: Map<number, DirectoryAgency>) {
  const reaching = grants.filter((grant) => audienceCovers(grant, rule, agencies));
  if (reaching.some((grant) => grant.fields === null)) return true;
  if (rule.fields === null) return false;
  const fields = new Set(reaching.flatMap((grant) => grant.fields ?? []));
  return rule.fields.every((field) => fields.has(field));
}

function audienceName(grant: ExchangeGrantDto, agencies: Map<number, DirectoryAgency>): string {
  if (grant.audience === 'all') return '所有机关';
  if (grant.audience === 'kind') return `各${AGENCY_KIND_LABELS[grant.value as AgencyKind] ?? grant.value}`;
  if (grant.audience === 'agency') return agencies.get(Number(grant.value))?.name ?? `机关 ${grant.value}`;
  const prefix = grant.value ?? '';
  return `${regionName(prefix.padEnd(6, '0')) ?? `行政区划代码 ${prefix} 开头的地区`}的机关`;
}

/**
 * Where the bureau's floor overrides the provider's narrower setting of an item (Art. 22(四)): one Chinese sentence per
 * floor rule that reaches the item's shared or authorised records with an audience or fields the provider's setting
 * does not give (a shared setting left open gives everything). Reading applies the floor whatever is set; this says
 * so on the provider's page.
 */
function floorOverrides(
  item: CatalogueItem,
  setting: ItemSettingRow | undefined,
  floor: readonly ExchangeFloorRuleDto[],
  agencies: Map<number, DirectoryAgency>,
): string[] {
  const grants = (scope: 'shared' | 'authorised') =>
    (setting?.grants ?? []).filter((grant) => grant.useScope === scope).map(toGrantDto);
  const sharedOpen = !(setting?.sharedRestricted ?? false);
  const fieldLabels = new Map(item.fields.map((field) => [field.key, field.label]));
  return floor.flatMap((rule) => {
    if (rule.itemCode !== null && rule.itemCode !== item.code) return [];
    if (rule.dishonestyLevel !== null && item.category !== 'bad') return [];
    const scopes = (['shared', 'authorised'] as const).filter(
      (scope) => !(scope === 'shared' && sharedOpen) && !grantsCover(grants(scope), rule, agencies),
    );
    if (scopes.length === 0) return [];
    const records = `${rule.dishonestyLevel ? `${DISHONESTY_LEVEL_LABELS[rule.dishonestyLevel]}的` : ''}${scopes
      .map((scope) => `“${USE_SCOPE_LABELS[scope]}”`)
      .join('和')}信息`;
    const fields =
      rule.fields === null ? '全部数据项' : rule.fields.map((key) => fieldLabels.get(key) ?? key).join('、');
    return [
      `省局交换底线要求${audienceName(rule, agencies)}可查看本项${records}（${fields}）；本单位的设定未给出这一范围，读取时以底线为准。`,
    ];
  });
}

function toSettingDto(
  item: CatalogueItem,
  setting: ItemSettingRow | undefined,
  floor: readonly ExchangeFloorRuleDto[],
  agencies: Map<number, DirectoryAgency>,
): ExchangeSettingDto {
  const grants = (scope: 'shared' | 'authorised') =>
    (setting?.grants ?? []).filter((grant) => grant.useScope === scope).map(toGrantDto);
  return {
    itemId: item.id,
    itemCode: item.code,
    itemName: item.name,
    category: item.category,
    editionCode: item.editionCode,
    fields: item.fields.map((field) => ({ key: field.key, label: field.label })),
    sharedRestricted: setting?.sharedRestricted ?? false,
    shared: grants('shared'),
    authorised: grants('authorised'),
    configured: setting !== undefined,
    updatedAt: setting?.updatedAt.toISOString() ?? null,
    updatedByName: setting?.updatedByName ?? null,
    floorOverrides: floorOverrides(item, setting, floor, agencies),
  };
}

async function agencyDirectory(db: Db): Promise<Map<number, DirectoryAgency>> {
  return new Map(
    (await listAgencyDirectory(db)).map((agency) => [Number(agency.id), { ...agency, id: Number(agency.id) }]),
  );
}

/** The current catalogue's items the caller's kind of agency provides (Art. 11): the ones it sets the exchange of. */
async function providedItems(db: Db, actor: Actor): Promise<CatalogueItem[]> {
  const catalogue = await getCurrentCatalogue(db);
  return catalogue.items.filter((item) => item.providerKinds.includes(actor.agency.kind));
}

async function floorDto(db: Db): Promise<ExchangeFloorDto> {
  const rows = await listFloor(db);
  const last = rows.at(-1);
  return {
    rules: rows.map((row) => ({ ...toGrantDto(row), itemCode: row.itemCode, dishonestyLevel: row.dishonestyLevel })),
    updatedAt: last?.updatedAt.toISOString() ?? null,
    updatedByName: last?.updatedByName ?? null,
  };
}

/** 设定信息交换内容 (Art. 22(四)): the caller's agency's settings per item it provides, the floor, the agencies. */
export async function listExchangeSettings(db: Db, actor: Actor): Promise<ExchangeSettingsDto> {
  const [items, settings, floor, agencies] = await Promise.all([
    providedItems(db, actor),
    listItemSettings(db, actor.agency.id),
    floorDto(db),
    listAgencyDirectory(db),
  ]);
  const directory = new Map(agencies.map((agency) => [Number(agency.id), { ...agency, id: Number(agency.id) }]));
  return {
    items: items.map((item) => toSettingDto(item, settings.get(item.code), floor.rules, directory)),
    floor,
    agencies: agencies.map((agency) => ({ ...agency, id: Number(agency.id) })),
  };
}

/**
 * Checks one audience and its fields: the value fits the audience (a kind, an existing agency, a region prefix), the
 * fields are the item's (none listed: every field); `path` names it in the error (e.g. `shared[2]`).
 */
function checkGrant(
  grant: ExchangeGrantDto,
  path: string,
  agencyIds: ReadonlySet<number>,
  item: CatalogueItem | undefined,
): Pick<GrantRow, 'audience' | 'audienceValue' | 'fields'> {
  const value = grant.value?.trim() || null;
  if (grant.audience === 'all') {
    if (value !== null) throw invalid(`${path}.value`, `${path}：交换对象为所有机关时不填写对象`);
  } else if (value === null) {
    throw invalid(`${path}.value`, `${path}：请填写交换对象（机关类别、机关或地区）`);
  } else if (grant.audience === 'kind' && !(AGENCY_KINDS as readonly string[]).includes(value)) {
    const kinds = AGENCY_KINDS.map((kind) => `${kind}（${AGENCY_KIND_LABELS[kind as AgencyKind]}）`).join('、');
    throw invalid(`${path}.value`, `${path}：“${value}”不是机关类别，应为 ${kinds} 之一`);
  } else if (grant.audience === 'agency' && !(/^\d{1,12}$/.test(value) && agencyIds.has(Number(value)))) {
    throw invalid(`${path}.value`, `${path}：机关编号“${value}”不存在`);
  } else if (grant.audience === 'region' && !REGION_PREFIX.test(value)) {
    throw invalid(`${path}.value`, `${path}：地区应为 2–6 位行政区划代码前缀，如 5203（遵义市）`);
  }
  let fields: string[] | null = null;
  if (grant.fields !== null) {
    if (!item) throw invalid(`${path}.fields`, `${path}：限定数据项时须指定信息项`);
    const known = new Set(item.fields.map((field) => field.key));
    const unknown = [...new Set(grant.fields.filter((key) => !known.has(key)))];
    if (unknown.length > 0)
      throw invalid(`${path}.fields`, `${path}：“${item.name}”没有以下数据项：${unknown.join('、')}`);
    const chosen = new Set(grant.fields);
    fields = item.fields.filter((field) => chosen.has(field.key)).map((field) => field.key);
  }
  return { audience: grant.audience, audienceValue: value, fields };
}

/**
 * Sets who may see the caller's agency's `shared` and `authorised` records of one current item it provides, and which
 * fields (Art. 22(四)). `sharedRestricted` false keeps shared records open to every agency with every field; the
 * bureau's floor applies whatever is set here.
 */
export async function configureExchange(
  trx: Db,
  actor: Actor,
  itemId: number,
  body: UpdateExchangeSettingBody,
): Promise<ExchangeSettingDto> {
  const item = (await providedItems(trx, actor)).find((candidate) => candidate.id === itemId);
  if (!item) throw new AppError('CATALOGUE_ITEM_NOT_FOUND', '现行征集目录中没有本单位可提供的该信息项');
  if (!body.sharedRestricted && body.shared.length > 0)
    throw invalid(
      'shared',
      '内部共享信息向所有机关提供全部数据项时不填写交换对象；要限定对象，请选择“仅向下列对象提供”',
    );
  const agencyIds = new Set((await listAgencyDirectory(trx)).map((agency) => Number(agency.id)));
  const grants: GrantRow[] = [
    ...body.shared.map((grant, index) => ({
      useScope: 'shared' as const,
      ...checkGrant(grant, `shared[${index}]`, agencyIds, item),
    })),
    ...body.authorised.map((grant, index) => ({
      useScope: 'authorised' as const,
      ...checkGrant(grant, `authorised[${index}]`, agencyIds, item),
    })),
  ];
  await replaceItemSetting(trx, {
    agencyId: actor.agency.id,
    itemCode: item.code,
    sharedRestricted: body.sharedRestricted,
    updatedBy: actor.accountId,
    grants,
  });
  // The pull then shows the item's shared and authorised records again, or withdraws them, per reader (Art. 16).
  await enterSharingChange(trx, { agencyId: actor.agency.id, itemCodes: [item.code] });
  const settings = await listItemSettings(trx, actor.agency.id);
  const floor = await floorDto(trx);
  return toSettingDto(item, settings.get(item.code), floor.rules, await agencyDirectory(trx));
}

export async function getExchangeFloor(db: Db): Promise<ExchangeFloorPageDto> {
  const [floor, agencies] = await Promise.all([floorDto(db), listAgencyDirectory(db)]);
  return { ...floor, agencies: agencies.map((agency) => ({ ...agency, id: Number(agency.id) })) };
}

/**
 * 省局底线 (Art. 22(四)): audiences that see shared and authorised records of an item (or any) and a level (or any)
 * whatever their providers set. Replaces the whole floor.
 */
export async function configureExchangeFloor(
  trx: Db,
  actor: Actor,
  body: UpdateExchangeFloorBody,
): Promise<ExchangeFloorDto> {
  const catalogue = await getCurrentCatalogue(trx);
  const agencyIds = new Set((await listAgencyDirectory(trx)).map((agency) => Number(agency.id)));
  const rules = body.rules.map((rule: ExchangeFloorRuleDto, index) => {
    const path = `rules[${index}]`;
    const item = rule.itemCode === null ? undefined : catalogue.items.find((each) => each.code === rule.itemCode);
    if (rule.itemCode !== null && !item)
      throw invalid(`${path}.itemCode`, `${path}：现行征集目录中没有信息项“${rule.itemCode}”`);
    return {
      ...checkGrant(rule, path, agencyIds, item),
      itemCode: rule.itemCode,
      dishonestyLevel: rule.dishonestyLevel,
    };
  });
  const before = await listFloor(trx);
  await replaceFloor(trx, rules, actor.accountId);
  // The records of the items of the floor before and after it (every item where a rule names none) are entered into
  // the change feed: each reader's pull shows them again with what it may see now, or withdraws them (Art. 16).
  const itemCodes = [...before, ...rules].map((rule) => rule.itemCode);
  await enterSharingChange(trx, {
    agencyId: null,
    itemCodes: itemCodes.includes(null) ? null : [...new Set(itemCodes as string[])],
  });
  return floorDto(trx);
}
