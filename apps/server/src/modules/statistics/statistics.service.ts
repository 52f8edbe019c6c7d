import {
  monthsBetween,
  type PublicStatisticsDto,
  type StatisticsBreakdownDto,
  type StatisticsBreakdownQuery,
} from '@gzcredit/contracts';
import {
  addMonths,
  chinaToday,
  countiesOf,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  divisionsOf,
  ENTITY_KIND_LABELS,
  ENTITY_KINDS,
  findIndustry,
  GUIZHOU_PROVINCE_CODE,
  prefectures,
  resolveRegionCode,
  sections,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { createTtlCache } from '../../platform/ttl-cache';
import {
  type BreakdownGrouping,
  type BreakdownSumsRow,
  countPlatformFigures,
  foldDeltas,
  sumBreakdown,
} from './statistics.repository';

/** How long the home figures are served from memory: counting 5,000,000 entities on every visit is not acceptable. */
export const PUBLIC_STATISTICS_TTL_MS = 60_000;
/** How many different breakdowns (dimension, parent, period) one node keeps. */
const BREAKDOWN_CACHE_ENTRIES = 500;
/** The months the month breakdown lists when no period is given: the last twelve. */
const DEFAULT_MONTHS = 12;

interface BreakdownPlan {
  parent: string | null;
  /** The items listed, in order, each with the counts' codes summed into it. */
  items: Array<{ code: string; name: string }>;
  grouping: BreakdownGrouping;
  /** The item a counts code belongs to (identity unless the counts are finer than the items). */
  itemOf?: (code: string) => string | undefined;
}

/** The months from `from` to `to` (YYYY-MM, inclusive). */
export function monthRange(from: string, to: string): string[] {
  const months: string[] = [];
  for (let i = 0; i < monthsBetween(from, to); i++) months.push(addMonths(`${from}-01`, i).slice(0, 7));
  return months;
}

/**
 * The period of a month dimension (the public breakdown's and the console analysis's): as given, else twelve months up
 * to `to` (or from `from`, or up to this month).
 */
export function monthPeriod(
  query: { from?: string | undefined; to?: string | undefined },
  today: string,
): {
  from: string;
  to: string;
} {
  if (query.from && query.to) return { from: query.from, to: query.to };
  if (query.from) return { from: query.from, to: addMonths(`${query.from}-01`, DEFAULT_MONTHS - 1).slice(0, 7) };
  const to = query.to ?? today.slice(0, 7);
  return { from: addMonths(`${to}-01`, 1 - DEFAULT_MONTHS).slice(0, 7), to };
}

/** Which items a breakdown lists and how the counts group into them (the query is already validated). */
function planBreakdown(query: StatisticsBreakdownQuery, today: string): BreakdownPlan {
  const parentGiven = query.parent ? query.parent : undefined;
  const period = { fromMonth: query.from && `${query.from}-01`, toMonth: query.to && `${query.to}-01` };
  const grouped = (grouping: BreakdownGrouping): BreakdownGrouping => ({
    ...grouping,
    ...(period.fromMonth ? { fromMonth: period.fromMonth } : {}),
    ...(period.toMonth ? { toMonth: period.toMonth } : {}),
  });
  switch (query.dimension) {
    case 'region': {
      const parent = resolveRegionCode(parentGiven ?? GUIZHOU_PROVINCE_CODE)!;
      if (parent === GUIZHOU_PROVINCE_CODE)
        return { parent, items: prefectures(), grouping: grouped({ by: 'prefecture' }) };
      return { parent, items: countiesOf(parent), grouping: grouped({ by: 'county', prefecture: parent }) };
    }
    case 'industry': {
      if (parentGiven === undefined) {
        return {
          parent: null,
          items: sections(),
          grouping: grouped({ by: 'industry' }),
          itemOf: (code) => findIndustry(code)?.parentCode ?? undefined,
        };
      }
      const section = parentGiven.toUpperCase();
      const divisions = divisionsOf(section);
      return {
        parent: section,
        items: divisions,
        grouping: grouped({ by: 'industry', divisions: divisions.map((division) => division.code) }),
      };
    }
    case 'kind':
      return {
        parent: null,
        items: ENTITY_KINDS.map((kind) => ({ code: kind, name: ENTITY_KIND_LABELS[kind] })),
        grouping: grouped({ by: 'kind' }),
      };
    case 'level':
      return {
        parent: null,
        items: DISHONESTY_LEVELS.map((level) => ({ code: level, name: DISHONESTY_LEVEL_LABELS[level] })),
        grouping: grouped({ by: 'level' }),
      };
    case 'month': {
      const { from, to } = monthPeriod(query, today);
      return {
        parent: null,
        items: monthRange(from, to).map((month) => ({ code: month, name: month })),
        grouping: { by: 'month', fromMonth: `${from}-01`, toMonth: `${to}-01` },
      };
    }
  }
}

export function createStatisticsService(db: Db, options: { ttlMs?: number; now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? PUBLIC_STATISTICS_TTL_MS;
  const cache = createTtlCache<'figures', PublicStatisticsDto>({ ttlMs, maxEntries: 1, now });
  const breakdowns = createTtlCache<string, StatisticsBreakdownDto>({
    ttlMs,
    maxEntries: BREAKDOWN_CACHE_ENTRIES,
    now,
  });

  async function compute(): Promise<PublicStatisticsDto> {
    const counts = await countPlatformFigures(db, chinaToday());
    return { ...counts, updatedAt: new Date(now()).toISOString() };
  }

  async function computeBreakdown(query: StatisticsBreakdownQuery): Promise<StatisticsBreakdownDto> {
    const plan = planBreakdown(query, chinaToday(new Date(now())));
    const sums = new Map<string, Omit<BreakdownSumsRow, 'code'>>();
    for (const row of await sumBreakdown(db, plan.grouping)) {
      const code = plan.itemOf ? plan.itemOf(row.code) : row.code;
      if (code === undefined) continue;
      const sum = sums.get(code) ?? { entities: 0, publicRecords: 0, blacklisted: 0, abnormal: 0 };
      sums.set(code, {
        entities: sum.entities + row.entities,
        publicRecords: sum.publicRecords + row.publicRecords,
        blacklisted: sum.blacklisted + row.blacklisted,
        abnormal: sum.abnormal + row.abnormal,
      });
    }
    return {
      dimension: query.dimension,
      parent: plan.parent,
      items: plan.items.map(({ code, name }) => ({
        code,
        name,
        ...(sums.get(code) ?? { entities: 0, publicRecords: 0, blacklisted: 0, abnormal: 0 }),
      })),
      updatedAt: new Date(now()).toISOString(),
    };
  }

  return {
    /** The cached figures; concurrent callers after expiry share one count (single flight); a failure is not cached. */
    getPublicStatistics: (): Promise<PublicStatisticsDto> => cache.get('figures', compute),
    /** One breakdown of the rollups (validated query), cached like the figures. */
    getBreakdown: (query: StatisticsBreakdownQuery): Promise<StatisticsBreakdownDto> =>
      breakdowns.get(
        JSON.stringify([query.dimension, query.parent || null, query.from ?? null, query.to ?? null]),
        () => computeBreakdown(query),
      ),
  };
}
export type StatisticsService = ReturnType<typeof createStatisticsService>;

/** Folds the rollups' pending deltas into their counts (the `statistics.fold-deltas` job, and tests). */
export function foldStatistics(db: Db): Promise<void> {
  return foldDeltas(db);
}
