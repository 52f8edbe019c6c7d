import {
  type EnterpriseProfileDto,
  type EnterpriseSummaryDto,
  OBJECTION_STATUS_LABELS,
  PROFILE_SECTION_KEYS,
  PROFILE_SECTION_TITLES,
  type ProfileRecordDto,
  SEARCH_MIN_QUERY_LENGTH,
  SEARCH_RESULT_CAP,
  type SearchEnterprisesQuery,
  type SearchEnterprisesResponse,
} from '@gzcredit/contracts';
import {
  type CatalogueField,
  chinaToday,
  DISHONESTY_LEVELS,
  decideListingHistory,
  decidePublicity,
  formatCount,
  industryName,
  type PublicitySetting,
  publicFieldValues,
  publicisedPreviousFields,
  REPAIR_STATUS_LABELS,
  regionCodePrefix,
  regionName,
  repairEligibility,
  validateCreditCode,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { createTtlCache } from '../../platform/ttl-cache';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import {
  FORMER_NAME_RANK,
  findEnterpriseByCreditCode,
  findSearchRows,
  isIdentifierQuery,
  listDishonestyReasons,
  listLastApprovedRepairs,
  listProfileRecords,
  listPublicObjectionOutcomes,
  listPublicRepairOutcomes,
  type ProfileRecordRow,
  type SearchHit,
  type SearchInput,
  type SearchPage,
  type SearchRow,
  searchEnterprises,
} from './enterprises.repository';

function toSummary(row: Omit<SearchRow, 'rank' | 'formerNames'>): EnterpriseSummaryDto {
  return {
    creditCode: row.creditCode,
    name: row.name,
    kind: row.kind,
    status: row.status,
    regionCode: row.regionCode,
    regionName: regionName(row.regionCode) ?? row.regionCode,
    industryCode: row.industryCode,
    legalRepresentative: row.legalRepresentative,
    establishedOn: row.establishedOn,
    badges: row.badges,
  };
}

/** Region filter: the province is every entity; a prefecture covers its counties by code prefix (GB/T 2260). */
function regionPrefix(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const prefix = regionCodePrefix(code);
  if (prefix === undefined)
    throw new AppError('VALIDATION_FAILED', `查询参数有误：region 地区代码 ${code} 不是贵州省的行政区划代码`);
  return prefix === '' ? undefined : prefix;
}

/** Which entities a name search matched, in page order, and how many (up to the cap + 1): what the cache keeps. */
interface MatchList {
  hits: SearchHit[];
  matched: number;
}
type SearchCache = ReturnType<typeof createTtlCache<string, MatchList>>;

/**
 * One page of a search. An unfiltered name search is answered from the per-node cache of match lists when the same
 * fragment and page were asked within its time: then only the page's rows are read, by id, so what a result shows
 * (name, status, badges) is always current, and only which entities match may lag (docs/deployment.md#name-search).
 */
async function searchPage(db: Db, cache: SearchCache, input: SearchInput): Promise<SearchPage> {
  const filtered = Object.values(input.filters).some((value) => value !== undefined);
  if (filtered || isIdentifierQuery(input.query)) return searchEnterprises(db, input);
  let fresh: SearchPage | undefined;
  const list = await cache.get(`${input.limit}:${input.offset}:${input.query}`, async () => {
    fresh = await searchEnterprises(db, input);
    return { hits: fresh.rows.map((row) => ({ id: Number(row.id), rank: row.rank })), matched: fresh.matched };
  });
  return fresh ?? { rows: await findSearchRows(db, list.hits), matched: list.matched };
}

async function searchPublic(
  db: Db,
  cache: SearchCache,
  query: SearchEnterprisesQuery,
): Promise<SearchEnterprisesResponse> {
  const text = query.q;
  if ([...text].length < SEARCH_MIN_QUERY_LENGTH) throw new AppError('SEARCH_QUERY_TOO_SHORT');
  const offset = (query.page - 1) * query.pageSize;
  if (offset + query.pageSize > SEARCH_RESULT_CAP) {
    throw new AppError(
      'SEARCH_PAGE_OUT_OF_RANGE',
      `最多可查看前 ${formatCount(SEARCH_RESULT_CAP)} 条结果（每页 ${query.pageSize} 条时最多 ${Math.floor(SEARCH_RESULT_CAP / query.pageSize)} 页），请输入更完整的名称缩小范围`,
    );
  }
  const page = await searchPage(db, cache, {
    query: text,
    filters: {
      regionPrefix: regionPrefix(query.region),
      industryPrefix: query.industry,
      kind: query.kind,
      status: query.status,
      dishonest: query.dishonest,
    },
    cap: SEARCH_RESULT_CAP,
    limit: query.pageSize,
    offset,
  });
  // With 有失信记录, each result says why it matched: its 不良 records in public view by item and level.
  const reasons = query.dishonest === true ? await dishonestyReasons(db, page.rows) : undefined;
  return {
    items: page.rows.map((row) => {
      const dishonesty = reasons?.get(Number(row.id));
      const summary = dishonesty ? { ...toSummary(row), matchedDishonesty: dishonesty } : toSummary(row);
      // Said only when the current name did not match: the result list shows why this entity is there (曾用名：…).
      if (row.rank < FORMER_NAME_RANK) return summary;
      const matchedFormerName = row.formerNames.find((former) => former.includes(text));
      return matchedFormerName === undefined ? summary : { ...summary, matchedFormerName };
    }),
    total: Math.min(page.matched, SEARCH_RESULT_CAP),
    capped: page.matched > SEARCH_RESULT_CAP,
    page: query.page,
    pageSize: query.pageSize,
  };
}

type DishonestyReason = NonNullable<EnterpriseSummaryDto['matchedDishonesty']>[number];

/** Per entity of a result page: its 不良 records in public view by item and level, 严重 first, then by item name. */
async function dishonestyReasons(db: Db, rows: SearchRow[]): Promise<Map<number, DishonestyReason[]>> {
  const found = await listDishonestyReasons(
    db,
    rows.map((row) => Number(row.id)),
    chinaToday(),
  );
  const byEntity = new Map<number, DishonestyReason[]>();
  for (const { enterpriseId, ...reason } of found) {
    byEntity.set(enterpriseId, [...(byEntity.get(enterpriseId) ?? []), reason]);
  }
  const rank = (reason: DishonestyReason) => LEVEL_ORDER.get(reason.dishonestyLevel) ?? 0;
  for (const reasons of byEntity.values()) {
    reasons.sort((a, b) => rank(b) - rank(a) || a.itemName.localeCompare(b.itemName, 'zh-CN'));
  }
  return byEntity;
}

type SectionKey = (typeof PROFILE_SECTION_KEYS)[number];

/**
 * Which section of the profile a record's item belongs to, by the item's role and category (never its code, which a new
 * edition may rename), grouped as 国家企业信用信息公示系统 does: 行政许可 (the 基础 items besides registration), 行政处罚
 * (the item of role `penalty`; the environment and work-safety items are their own
 * catalogue items and stay under 其他不良信息 with their names and levels), 经营异常名录, 严重违法失信名单 (listings in
 * force), the listings removed (移出, with their removal), other 不良 items, and 良好 items.
 */
function sectionOf(item: CatalogueItem, row: ProfileRecordRow): Exclude<SectionKey, 'corrections'> {
  if (row.status === 'removed') return 'removed_listings';
  if (item.role === 'penalty') return 'penalties';
  if (item.role === 'abnormal_list') return 'abnormal';
  if (item.role === 'serious_illegal_list') return 'serious_illegal';
  if (item.category === 'basic') return 'licences';
  return item.category === 'bad' ? 'bad_other' : 'good';
}

const LEVEL_ORDER = new Map(DISHONESTY_LEVELS.map((level, index) => [level, index]));

/** 其他不良信息: 严重 → 较重 → 一般, then newest (rows arrive newest first; the sort is stable). */
function byLevelThenNewest(a: ProfileRecordDto, b: ProfileRecordDto): number {
  const rank = (record: ProfileRecordDto) => -(LEVEL_ORDER.get(record.dishonestyLevel ?? 'general') ?? 0);
  return rank(a) - rank(b);
}

/**
 * When the entity's last repair of each item was approved (catalogue item code → instant): the repeat-conduct bar of
 * the repair terms (令第36号, domain `repairEligibility`), read alike by the profile and by repair applications.
 */
export function lastApprovedRepairs(db: Db, enterpriseId: number): Promise<Map<string, Date>> {
  return listLastApprovedRepairs(db, enterpriseId);
}

/** The publicised sections of an entity's profile: every section, empty ones included, each record decided by decidePublicity. */
async function profileSections(
  db: Db,
  enterpriseId: number,
  itemOf: (id: number) => Promise<CatalogueItem>,
): Promise<EnterpriseProfileDto['sections']> {
  const today = chinaToday();
  const rows = await listProfileRecords(db, enterpriseId, today);
  const lastRepairs = await lastApprovedRepairs(db, enterpriseId);
  const items = new Map(await Promise.all(rows.map(async (row) => [row.itemId, await itemOf(row.itemId)] as const)));
  const sections = new Map<SectionKey, ProfileRecordDto[]>(PROFILE_SECTION_KEYS.map((key) => [key, []]));
  const corrections: ProfileRecordDto[] = [];
  for (const row of rows) {
    const item = items.get(row.itemId)!;
    const setting: PublicitySetting | undefined =
      row.publicised === null ? undefined : { publicised: row.publicised, hiddenFields: row.hiddenFields ?? [] };
    const decide = row.status === 'removed' ? decideListingHistory : decidePublicity;
    const decision = decide({ record: { ...row, itemCode: item.code }, item, setting, today });
    if (!decision.visible) continue;
    const record = toProfileRecord(row, item, decision.fields);
    const terms = row.status === 'active' ? repairTermsOf(row, item, today, lastRepairs.get(item.code)) : undefined;
    sections.get(sectionOf(item, row))!.push(terms ? { ...record, repairTerms: terms } : record);
    if (row.version > 1 && row.previousPayload) {
      const before = publicisedPreviousFields(
        { useScope: row.previousUseScope ?? 'internal', classified: row.previousClassified ?? true },
        item,
        setting,
      );
      corrections.push({
        ...record,
        correction: {
          reason: row.reason ?? '',
          correctedAt: row.createdAt.toISOString(),
          before: publicFieldValues(before, row.previousPayload),
        },
      });
    }
  }
  sections.get('bad_other')!.sort(byLevelThenNewest);
  const decidedAt = new Map<ProfileRecordDto, string>();
  for (const outcome of await listPublicObjectionOutcomes(db, enterpriseId)) {
    const outcomeLabel = OBJECTION_STATUS_LABELS[outcome.status];
    const entry: ProfileRecordDto = {
      id: Number(outcome.id),
      itemCode: outcome.itemCode,
      itemName: outcome.itemName,
      agencyName: outcome.agencyName,
      aroseOn: outcome.aroseOn,
      receivedAt: outcome.receivedAt.toISOString(),
      dishonestyLevel: null,
      publicityUntil: null,
      fields: [
        { label: '异议处理结果', value: outcomeLabel },
        { label: '异议提出日期', value: outcome.filedOn },
        { label: '处理决定日期', value: outcome.decidedOn! },
      ],
      objection: {
        outcome: outcome.status as Exclude<typeof outcome.status, 'pending'>,
        outcomeLabel,
        filedOn: outcome.filedOn,
        decidedOn: outcome.decidedOn!,
      },
    };
    decidedAt.set(entry, outcome.decidedAt!.toISOString());
    corrections.push(entry);
  }
  for (const outcome of await listPublicRepairOutcomes(db, enterpriseId)) {
    const submittedOn = chinaToday(outcome.submittedAt);
    const decidedOn = chinaToday(outcome.decidedAt!);
    const entry: ProfileRecordDto = {
      id: Number(outcome.id),
      itemCode: outcome.itemCode,
      itemName: outcome.itemName,
      agencyName: outcome.agencyName,
      aroseOn: outcome.aroseOn,
      receivedAt: outcome.receivedAt.toISOString(),
      dishonestyLevel: null,
      publicityUntil: null,
      fields: [
        { label: '信用修复结果', value: REPAIR_STATUS_LABELS.approved },
        { label: '修复申请日期', value: submittedOn },
        { label: '修复决定日期', value: decidedOn },
      ],
      repair: { outcomeLabel: REPAIR_STATUS_LABELS.approved, submittedOn, decidedOn },
    };
    decidedAt.set(entry, outcome.decidedAt!.toISOString());
    corrections.push(entry);
  }
  // Newest first: a correction by its time, an objection's outcome or a repair by its decision's.
  const changedAt = (record: ProfileRecordDto) => record.correction?.correctedAt ?? decidedAt.get(record)!;
  corrections.sort((a, b) => changedAt(b).localeCompare(changedAt(a)) || b.id - a.id);
  sections.set('corrections', corrections);
  return PROFILE_SECTION_KEYS.map((key) => ({ key, title: PROFILE_SECTION_TITLES[key], records: sections.get(key)! }));
}

/**
 * Whether a current 不良 record may be repaired now, or why not and from when (domain `repairEligibility`, as the
 * repair terms); undefined for records no repair concerns (licences, good records).
 */
function repairTermsOf(
  row: ProfileRecordRow,
  item: CatalogueItem,
  today: string,
  lastRepair: Date | undefined,
): ProfileRecordDto['repairTerms'] {
  const eligibility = repairEligibility(
    { status: row.status, aroseOn: row.aroseOn, dishonestyLevel: row.dishonestyLevel, item },
    today,
    lastRepair ? chinaToday(lastRepair) : null,
  );
  if (!eligibility.eligible && eligibility.reason === 'not_repairable') return undefined;
  return eligibility.eligible
    ? { eligible: true, from: eligibility.from, message: null }
    : { eligible: false, from: eligibility.from ?? null, message: eligibility.message };
}

function toProfileRecord(row: ProfileRecordRow, item: CatalogueItem, fields: CatalogueField[]): ProfileRecordDto {
  return {
    id: row.id,
    itemCode: item.code,
    itemName: item.name,
    agencyName: row.agencyName,
    aroseOn: row.aroseOn,
    receivedAt: row.receivedAt.toISOString(),
    dishonestyLevel: row.dishonestyLevel,
    publicityUntil: row.publicityUntil,
    fields: publicFieldValues(fields, row.payload),
    ...(row.underObjection ? { underObjection: true } : {}),
    ...(row.removedOn
      ? { removal: { removedOn: row.removedOn, reason: row.removalReason!, authority: row.removalAuthority! } }
      : {}),
  };
}

async function getPublicProfile(
  db: Db,
  creditCode: string,
  itemOf: (id: number) => Promise<CatalogueItem>,
): Promise<EnterpriseProfileDto> {
  const checked = validateCreditCode(creditCode);
  if (!checked.valid) throw new AppError('CREDIT_CODE_INVALID', checked.message, { reason: checked.reason });
  const row = await findEnterpriseByCreditCode(db, checked.code);
  if (!row) throw new AppError('ENTERPRISE_NOT_FOUND');
  return {
    ...toSummary(row),
    industryName: row.industryCode ? (industryName(row.industryCode.slice(1)) ?? null) : null,
    registrationAuthority: row.registrationAuthority,
    address: row.address,
    formerNames: row.formerNames,
    sections: await profileSections(db, Number(row.id), itemOf),
  };
}

/** How many name searches' match lists a node keeps (the oldest go first). */
const SEARCH_CACHE_ENTRIES = 10_000;

/** `searchCacheMs`: how long a match list is reused (`SEARCH_CACHE_SECONDS`; 0 = never). */
export function createEnterprisesService(db: Db, options: { searchCacheMs: number }) {
  const searchCache: SearchCache = createTtlCache({ ttlMs: options.searchCacheMs, maxEntries: SEARCH_CACHE_ENTRIES });
  // Items of a published edition never change (catalogue: only drafts are edited), so their definitions are kept.
  const items = createTtlCache<number, CatalogueItem>({ ttlMs: Number.POSITIVE_INFINITY, maxEntries: 10_000 });
  const itemOf = (id: number) => items.get(id, () => getCatalogueItem(db, id));
  return {
    searchPublic: (query: SearchEnterprisesQuery) => searchPublic(db, searchCache, query),
    getPublicProfile: (creditCode: string) => getPublicProfile(db, creditCode, itemOf),
  };
}
export type EnterprisesService = ReturnType<typeof createEnterprisesService>;
