import { FORMER_REGION_ROWS, REGION_ROWS } from './data/regions-data';

/** 行政区划级别 administrative level (GB/T 2260): 省 province, 地级 prefecture, 县级 county. */
export const REGION_LEVELS = ['province', 'prefecture', 'county'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
export const REGION_LEVEL_LABELS: Record<RegionLevel, string> = {
  province: '省级',
  prefecture: '地级',
  county: '县级',
};

export interface Region {
  code: string;
  name: string;
  level: RegionLevel;
  parentCode: string | null;
}

/** A county-level code retired by GB/T 2260 (e.g. 水城县 520221 became 水城区 520204). */
export interface FormerRegion {
  formerCode: string;
  formerName: string;
  currentCode: string;
}

export const GUIZHOU_PROVINCE_CODE = '520000';

export const REGIONS: readonly Region[] = REGION_ROWS;
export const FORMER_REGIONS: readonly FormerRegion[] = FORMER_REGION_ROWS;

const regionsByCode = new Map<string, Region>(REGIONS.map((region) => [region.code, region]));
const formerRegionsByCode = new Map<string, FormerRegion>(FORMER_REGIONS.map((former) => [former.formerCode, former]));

/** The current region with this code; former codes are not found here (see `resolveRegionCode`). */
export function findRegion(code: string): Region | undefined {
  return regionsByCode.get(code);
}

/**
 * A region filter as a prefix of entities' region codes (GB/T 2260): the province is every entity (`''`), a prefecture
 * covers its counties (`5201`), a county is itself; undefined for a code that is not a current Guizhou region.
 */
export function regionCodePrefix(code: string): string | undefined {
  const region = regionsByCode.get(code);
  if (!region) return undefined;
  if (region.level === 'province') return '';
  return region.level === 'prefecture' ? code.slice(0, 4) : code;
}

export function findFormerRegion(code: string): FormerRegion | undefined {
  return formerRegionsByCode.get(code);
}

/** The current code for a current or former Guizhou code; undefined for codes that are neither. */
export function resolveRegionCode(code: string): string | undefined {
  if (regionsByCode.has(code)) return code;
  return formerRegionsByCode.get(code)?.currentCode;
}

/** Province → prefecture → county down to the region with this (current or former) code; empty when unknown. */
export function regionPath(code: string): Region[] {
  const path: Region[] = [];
  const currentCode = resolveRegionCode(code);
  let region = currentCode === undefined ? undefined : regionsByCode.get(currentCode);
  while (region) {
    path.unshift(region);
    region = region.parentCode === null ? undefined : regionsByCode.get(region.parentCode);
  }
  return path;
}

export function prefectures(): Region[] {
  return REGIONS.filter((region) => region.level === 'prefecture');
}

export function countiesOf(prefectureCode: string): Region[] {
  return REGIONS.filter((region) => region.level === 'county' && region.parentCode === prefectureCode);
}

/**
 * The full name below the province, e.g. '贵阳市南明区' for a county, '贵阳市' for a prefecture, '贵州省' for the
 * province. A former code is named by its current region ('520221' → '六盘水市水城区').
 */
export function regionName(code: string): string | undefined {
  const path = regionPath(code);
  if (path.length === 0) return undefined;
  if (path.length === 1) return path[0]!.name;
  return path
    .slice(1)
    .map((region) => region.name)
    .join('');
}
