import { INDUSTRY_ROWS } from './data/industries-data';

/** GB/T 4754-2017 levels kept by the platform: 门类 section (A–T) and 大类 division (01–97). */
export const INDUSTRY_LEVELS = ['section', 'division'] as const;
export type IndustryLevel = (typeof INDUSTRY_LEVELS)[number];
export const INDUSTRY_LEVEL_LABELS: Record<IndustryLevel, string> = {
  section: '门类',
  division: '大类',
};

export interface Industry {
  code: string;
  name: string;
  level: IndustryLevel;
  /** The section of a division; null for a section. */
  parentCode: string | null;
}

export const INDUSTRIES: readonly Industry[] = INDUSTRY_ROWS;

const industriesByCode = new Map<string, Industry>(INDUSTRIES.map((industry) => [industry.code, industry]));

/** The section or division with exactly this code ('C', '13'). */
export function findIndustry(code: string): Industry | undefined {
  return industriesByCode.get(code);
}

export function sections(): Industry[] {
  return INDUSTRIES.filter((industry) => industry.level === 'section');
}

export function divisionsOf(sectionCode: string): Industry[] {
  return INDUSTRIES.filter((industry) => industry.level === 'division' && industry.parentCode === sectionCode);
}

export function industryName(code: string): string | undefined {
  return industriesByCode.get(code)?.name;
}

/**
 * The division of a GB/T 4754-2017 code written at any depth: a division '13', a group '131', a class '1311',
 * optionally prefixed by its section letter ('C1311', as registration data often writes it).
 */
export function divisionOf(code: string): Industry | undefined {
  const match = /^([A-T])?(\d{2})\d{0,2}$/.exec(code.trim().toUpperCase());
  if (!match) return undefined;
  const division = industriesByCode.get(match[2]!);
  if (!division) return undefined;
  if (match[1] !== undefined && division.parentCode !== match[1]) return undefined;
  return division;
}

/** The section of a division (or of a deeper code, see `divisionOf`); a section is its own section. */
export function sectionOf(code: string): Industry | undefined {
  const section = industriesByCode.get(code.trim().toUpperCase());
  if (section?.level === 'section') return section;
  const division = divisionOf(code);
  return division?.parentCode ? industriesByCode.get(division.parentCode) : undefined;
}
