import {
  PUBLIC_LIST_RESULT_CAP,
  PUBLIC_LIST_TITLES,
  type PublicList,
  type PublicListEntryDto,
  type PublicListFiltersDto,
  type PublicListQuery,
  type PublicListResponse,
} from '@gzcredit/contracts';
import {
  type AgencyKind,
  chinaToday,
  decidePublicity,
  formatCount,
  type PublicitySetting,
  publicFieldValues,
  regionCodePrefix,
  regionName,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { createTtlCache } from '../../platform/ttl-cache';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import {
  countPublicList,
  type ListCatalogueItemRow,
  listAgenciesOfKinds,
  listCatalogueItemsOfEveryEdition,
  type PublicListFilterValues,
  readPublicListPage,
} from './public-lists.repository';

/**
 * Which catalogue items a list holds, by role and category (a new edition's items join their list whatever their code),
 * as the profile groups its sections: 黑名单 the items of role `serious_illegal_list`, 经营异常名录 `abnormal_list`,
 * 行政许可 the 基础 items besides registration, 行政处罚 the item of role `penalty`, 守信激励 the 良好 items.
 */
const LIST_ITEMS: Record<PublicList, (item: Pick<ListCatalogueItemRow, 'role' | 'category'>) => boolean> = {
  blacklist: (item) => item.role === 'serious_illegal_list',
  abnormal: (item) => item.role === 'abnormal_list',
  licences: (item) => item.category === 'basic' && item.role !== 'registration',
  penalties: (item) => item.role === 'penalty',
  trustworthy: (item) => item.category === 'good',
};

/** How long the catalogue's item list is reused: a new edition's items join the lists within this time. */
const ITEMS_TTL_MS = 60_000;

export function createPublicListsService(db: Db) {
  const catalogue = createTtlCache<'items', ListCatalogueItemRow[]>({ ttlMs: ITEMS_TTL_MS, maxEntries: 1 });
  const itemsOf = async (list: PublicList) =>
    (await catalogue.get('items', () => listCatalogueItemsOfEveryEdition(db))).filter(LIST_ITEMS[list]);
  // Items of a published edition never change (catalogue: only drafts are edited), so their definitions are kept.
  const definitions = createTtlCache<number, CatalogueItem>({ ttlMs: Number.POSITIVE_INFINITY, maxEntries: 10_000 });
  const definitionOf = (id: number) => definitions.get(id, () => getCatalogueItem(db, id));

  async function listEntries(list: PublicList, query: PublicListQuery): Promise<PublicListResponse> {
    const offset = (query.page - 1) * query.pageSize;
    if (offset + query.pageSize > PUBLIC_LIST_RESULT_CAP) {
      throw new AppError(
        'SEARCH_PAGE_OUT_OF_RANGE',
        `名单最多可查看前 ${formatCount(PUBLIC_LIST_RESULT_CAP)} 条（每页 ${query.pageSize} 条时最多 ${Math.floor(PUBLIC_LIST_RESULT_CAP / query.pageSize)} 页），请按地区、行业、信息项、提供单位或日期筛选`,
      );
    }
    let items = await itemsOf(list);
    if (query.item !== undefined) {
      items = items.filter((item) => item.code === query.item);
      if (items.length === 0) {
        throw new AppError(
          'VALIDATION_FAILED',
          `查询参数有误：item 信息项 ${query.item} 不属于“${PUBLIC_LIST_TITLES[list]}”`,
        );
      }
    }
    let regionPrefix: string | undefined;
    if (query.region !== undefined) {
      regionPrefix = regionCodePrefix(query.region);
      if (regionPrefix === undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          `查询参数有误：region 地区代码 ${query.region} 不是贵州省的行政区划代码`,
        );
      }
    }
    const today = chinaToday();
    const filters: PublicListFilterValues = {
      items: items.map(({ id, code }) => ({ id, code })),
      regionPrefix: regionPrefix === '' ? undefined : regionPrefix,
      industryPrefix: query.industry,
      agencyId: query.agency,
      from: query.from,
      to: query.to,
      today,
    };
    const [rows, matched] = await Promise.all([
      readPublicListPage(db, filters, { limit: query.pageSize, offset }),
      countPublicList(db, filters, PUBLIC_LIST_RESULT_CAP),
    ]);
    const entries: PublicListEntryDto[] = [];
    for (const row of rows) {
      const item = await definitionOf(row.itemId);
      const setting: PublicitySetting | undefined =
        row.publicised === null ? undefined : { publicised: row.publicised, hiddenFields: row.hiddenFields ?? [] };
      // The SQL applied the rule already; the domain decision is the one the profile uses, and chooses the fields.
      const decision = decidePublicity({ record: { ...row, itemCode: item.code }, item, setting, today });
      if (!decision.visible) continue;
      entries.push({
        recordId: row.id,
        creditCode: row.creditCode,
        entityName: row.entityName,
        regionName: regionName(row.regionCode) ?? row.regionCode,
        itemCode: item.code,
        itemName: item.name,
        agencyName: row.agencyName,
        aroseOn: row.aroseOn,
        dishonestyLevel: row.dishonestyLevel,
        publicityUntil: row.publicityUntil,
        fields: publicFieldValues(decision.fields, row.payload),
      });
    }
    return {
      list,
      title: PUBLIC_LIST_TITLES[list],
      items: entries,
      total: Math.min(matched, PUBLIC_LIST_RESULT_CAP),
      capped: matched > PUBLIC_LIST_RESULT_CAP,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async function listFilters(list: PublicList): Promise<PublicListFiltersDto> {
    const current = (await itemsOf(list)).filter((item) => item.current);
    const kinds = [...new Set(current.flatMap((item) => item.providerKinds))] as AgencyKind[];
    return {
      list,
      title: PUBLIC_LIST_TITLES[list],
      items: current.map(({ code, name }) => ({ code, name })),
      agencies: await listAgenciesOfKinds(db, kinds),
    };
  }

  return { listEntries, listFilters };
}
export type PublicListsService = ReturnType<typeof createPublicListsService>;
