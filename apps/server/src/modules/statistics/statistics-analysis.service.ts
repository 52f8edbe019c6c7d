import type { Writable } from 'node:stream';
import {
  ANALYSIS_DIMENSION_LABELS,
  ANALYSIS_MEASURE_LABELS,
  ANALYSIS_MEASURES,
  type AnalysisDto,
  type AnalysisFiguresDto,
  type AnalysisQuery,
} from '@gzcredit/contracts';
import {
  chinaToday,
  countiesOf,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  divisionsOf,
  ENTITY_KIND_LABELS,
  ENTITY_KINDS,
  findIndustry,
  findRegion,
  GUIZHOU_PROVINCE_CODE,
  prefectures,
  RECORD_CATEGORIES,
  RECORD_CATEGORY_LABELS,
  resolveRegionCode,
  sections,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { DownloadName } from '../../platform/files';
import { MEDIA_TYPES } from '../../platform/openapi';
import type { Actor } from '../../platform/sessions';
import { writeXlsx } from '../../platform/spreadsheet';
import {
  type AnalysisFilters,
  type AnalysisGrouping,
  type AnalysisSumsRow,
  listAnalysisNames,
  sumAnalysis,
} from './statistics.repository';
import { monthPeriod, monthRange } from './statistics.service';

const ZERO: AnalysisFiguresDto = {
  received: 0,
  inPublicity: 0,
  corrections: 0,
  revocations: 0,
  late: 0,
  abnormalListings: 0,
};

/** A region code's prefix in the rollups: a prefecture's first four digits, a county's code; none for the province. */
function regionPrefix(code: string): string | undefined {
  const region = findRegion(code);
  if (!region || region.level === 'province') return undefined;
  return region.level === 'prefecture' ? code.slice(0, 4) : code;
}

/**
 * The region the caller analyses (Art. 5: each level works in its administrative area): a provincial agency the
 * province, a prefecture's agency its prefecture and counties, a county's agency its county.
 */
function scopeOf(actor: Actor): { regionCode: string; prefix: string | undefined } {
  const regionCode = actor.agency.level === 'province' ? GUIZHOU_PROVINCE_CODE : actor.agency.regionCode;
  return { regionCode, prefix: regionPrefix(regionCode) };
}

interface AnalysisPlan {
  parent: string | null;
  grouping: AnalysisGrouping;
  /** The items listed, in order; undefined: those the counts hold, named afterwards (items, agencies). */
  items?: Array<{ code: string; name: string }>;
  /** The item a counts code stands for (identity unless the counts code it otherwise: no level is `''`). */
  itemOf?: (code: string) => string;
  fromMonth?: string;
  toMonth?: string;
}

function planAnalysis(query: AnalysisQuery, scopeRegion: string, today: string): AnalysisPlan {
  switch (query.dimension) {
    case 'region': {
      // Below the caller's own region only: a prefecture's agency drills from its prefecture, not from the province.
      const asked = resolveRegionCode(query.parent ?? scopeRegion)!;
      const parent = regionPrefix(scopeRegion) && !asked.startsWith(regionPrefix(scopeRegion)!) ? scopeRegion : asked;
      if (findRegion(parent)?.level === 'county') {
        return {
          parent,
          items: [findRegion(parent)!],
          grouping: { by: 'county', prefecture: `${parent.slice(0, 4)}00` },
        };
      }
      if (parent === GUIZHOU_PROVINCE_CODE) return { parent, items: prefectures(), grouping: { by: 'prefecture' } };
      return { parent, items: countiesOf(parent), grouping: { by: 'county', prefecture: parent } };
    }
    case 'industry': {
      if (query.parent === undefined) return { parent: null, items: sections(), grouping: { by: 'section' } };
      const section = query.parent.toUpperCase();
      return { parent: section, items: divisionsOf(section), grouping: { by: 'division', section } };
    }
    case 'kind':
      return {
        parent: null,
        items: ENTITY_KINDS.map((kind) => ({ code: kind, name: ENTITY_KIND_LABELS[kind] })),
        grouping: { by: 'kind' },
      };
    case 'category':
      return {
        parent: null,
        items: RECORD_CATEGORIES.map((category) => ({ code: category, name: RECORD_CATEGORY_LABELS[category] })),
        grouping: { by: 'category' },
      };
    case 'level':
      return {
        parent: null,
        items: [
          ...DISHONESTY_LEVELS.map((level) => ({ code: level, name: DISHONESTY_LEVEL_LABELS[level] })),
          { code: 'none', name: '无失信等级' },
        ],
        grouping: { by: 'level' },
        itemOf: (code) => code || 'none',
      };
    case 'item':
    case 'agency':
      return { parent: null, grouping: { by: query.dimension } };
    case 'month': {
      const { from, to } = monthPeriod(query, today);
      return {
        parent: null,
        items: monthRange(from, to).map((month) => ({ code: month, name: month })),
        grouping: { by: 'month' },
        fromMonth: `${from}-01`,
        toMonth: `${to}-01`,
      };
    }
  }
}

function filtersOf(query: AnalysisQuery, plan: AnalysisPlan, scopePrefix: string | undefined): AnalysisFilters {
  const industry = query.industry?.toUpperCase();
  const region = query.region && resolveRegionCode(query.region);
  const fromMonth = plan.fromMonth ?? (query.from && `${query.from}-01`);
  const toMonth = plan.toMonth ?? (query.to && `${query.to}-01`);
  return {
    ...(scopePrefix ? { scopePrefix } : {}),
    ...(region && regionPrefix(region) ? { regionPrefix: regionPrefix(region)! } : {}),
    ...(industry ? { [findIndustry(industry)?.level === 'section' ? 'section' : 'division']: industry } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.item ? { itemCode: query.item } : {}),
    ...(query.level ? { level: query.level === 'none' ? '' : query.level } : {}),
    ...(query.agency ? { agencyId: query.agency } : {}),
    ...(fromMonth ? { fromMonth } : {}),
    ...(toMonth ? { toMonth } : {}),
  };
}

function figuresOf(row: AnalysisSumsRow | undefined): AnalysisFiguresDto {
  if (!row) return { ...ZERO };
  const { code: _code, ...figures } = row;
  return figures;
}

function add(a: AnalysisFiguresDto, b: AnalysisFiguresDto): AnalysisFiguresDto {
  return Object.fromEntries(ANALYSIS_MEASURES.map((m) => [m, a[m] + b[m]])) as AnalysisFiguresDto;
}

/**
 * 统计分析 (issue 19 item 3): one dimension of the record rollups for the caller's region and the records its agency may
 * see (the sharing rule), filtered by every other dimension given. Items of a fixed list (regions, industries, kinds,
 * categories, levels, months) are all listed, with zeros; items and providing agencies only where counted, most
 * records first.
 */
export async function analyseRecords(db: Db, actor: Actor, query: AnalysisQuery): Promise<AnalysisDto> {
  const scope = scopeOf(actor);
  const plan = planAnalysis(query, scope.regionCode, chinaToday());
  const rows = await sumAnalysis(db, actor.agency.id, plan.grouping, filtersOf(query, plan, scope.prefix));
  const sums = new Map<string, AnalysisFiguresDto>();
  let total = { ...ZERO };
  for (const row of rows) {
    if (row.code === null) {
      total = figuresOf(row);
      continue;
    }
    const code = plan.itemOf ? plan.itemOf(row.code) : row.code;
    sums.set(code, add(sums.get(code) ?? ZERO, figuresOf(row)));
  }
  let items = plan.items;
  if (!items) {
    const names = new Map(
      (await listAnalysisNames(db, query.dimension as 'item' | 'agency', [...sums.keys()])).map((row) => [
        row.code,
        row.name,
      ]),
    );
    items = [...sums.entries()]
      .sort(([a, x], [b, y]) => y.received - x.received || a.localeCompare(b))
      .map(([code]) => ({ code, name: names.get(code) ?? code }));
  }
  return {
    dimension: query.dimension,
    parent: plan.parent,
    scope: { regionCode: scope.regionCode, regionName: findRegion(scope.regionCode)?.name ?? scope.regionCode },
    items: items.map(({ code, name }) => ({ code, name, ...(sums.get(code) ?? ZERO) })),
    total,
    updatedAt: new Date().toISOString(),
  };
}

/** The filters of a view in words, for the workbook's title. */
function describeFilters(query: AnalysisQuery): string {
  const parts = [
    query.region && `地区 ${findRegion(resolveRegionCode(query.region) ?? '')?.name ?? query.region}`,
    query.industry && `行业 ${findIndustry(query.industry.toUpperCase())?.name ?? query.industry}`,
    query.kind && `主体类型 ${ENTITY_KIND_LABELS[query.kind]}`,
    query.category && `信息类别 ${RECORD_CATEGORY_LABELS[query.category]}`,
    query.item && `信息项 ${query.item}`,
    query.level && `失信等级 ${query.level === 'none' ? '无' : DISHONESTY_LEVEL_LABELS[query.level]}`,
    query.agency && `提供单位编号 ${query.agency}`,
    (query.from || query.to) && `收到月份 ${query.from ?? '不限'} 至 ${query.to ?? '不限'}`,
  ].filter(Boolean);
  return parts.length === 0 ? '无筛选条件' : parts.join('，');
}

/** A view of the analysis as a workbook: one row an item and a total, Chinese headers, streamed. */
export async function exportAnalysis(
  db: Db,
  actor: Actor,
  query: AnalysisQuery,
): Promise<{ download: DownloadName & { mediaType: string }; write: (output: Writable) => Promise<void> }> {
  const analysis = await analyseRecords(db, actor, query);
  const label = ANALYSIS_DIMENSION_LABELS[query.dimension];
  return {
    download: {
      originalName: `统计分析_按${label}_${chinaToday()}.xlsx`,
      asciiName: `analysis-${query.dimension}.xlsx`,
      mediaType: MEDIA_TYPES.xlsx,
    },
    write: (output) =>
      writeXlsx(
        output,
        [
          {
            name: `按${label}`,
            columns: [
              { header: '代码', width: 14 },
              { header: label, width: 36 },
              ...ANALYSIS_MEASURES.map((measure) => ({ header: ANALYSIS_MEASURE_LABELS[measure] })),
            ],
            rows: [
              ...analysis.items.map((item) => [
                item.code,
                item.name,
                ...ANALYSIS_MEASURES.map((measure) => item[measure]),
              ]),
              ['', '合计', ...ANALYSIS_MEASURES.map((measure) => analysis.total[measure])],
            ],
          },
        ],
        {
          title: `统计分析：按${label}（${analysis.scope.regionName}；${describeFilters(query)}）`,
          subject: '企业公共信用信息统计分析（运行管理规则第七条第六项）',
          creator: actor.username,
          created: new Date(),
        },
      ),
  };
}
