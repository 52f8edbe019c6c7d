import type { SearchEnterprisesQuery } from '@gzcredit/contracts';
import {
  countiesOf,
  divisionsOf,
  ENTITY_KIND_LABELS,
  ENTITY_KINDS,
  ENTITY_STATUS_LABELS,
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
  prefectures,
  REGIONS,
  sections,
} from '@gzcredit/domain';
import { Cascader, Checkbox, Select } from 'antd';

interface CascaderOption {
  value: string;
  label: string;
  children?: CascaderOption[];
}

// 市州 → 区县 (prefecture → county).
const REGION_OPTIONS: CascaderOption[] = prefectures().map((prefecture) => ({
  value: prefecture.code,
  label: prefecture.name,
  children: countiesOf(prefecture.code).map((county) => ({ value: county.code, label: county.name })),
}));

// 门类 → 大类 (GB/T 4754-2017 section → division); the API takes a division as section letter + two digits.
const INDUSTRY_OPTIONS: CascaderOption[] = sections().map((section) => ({
  value: section.code,
  label: `${section.code} ${section.name}`,
  children: divisionsOf(section.code).map((division) => ({
    value: division.code,
    label: `${division.code} ${division.name}`,
  })),
}));

const KIND_OPTIONS = ENTITY_KINDS.map((kind) => ({ value: kind, label: ENTITY_KIND_LABELS[kind] }));
const STATUS_OPTIONS = ENTITY_STATUSES.map((status) => ({ value: status, label: ENTITY_STATUS_LABELS[status] }));

function regionPathOf(code: string | undefined): string[] | undefined {
  const region = code ? REGIONS.find((candidate) => candidate.code === code) : undefined;
  if (!region) return undefined;
  return region.level === 'county' && region.parentCode ? [region.parentCode, region.code] : [region.code];
}

function industryPathOf(code: string | undefined): string[] | undefined {
  if (!code) return undefined;
  return code.length === 1 ? [code] : [code.slice(0, 1), code.slice(1)];
}

function searchLabels(input: string, path: CascaderOption[]): boolean {
  return path.some((option) => option.label.includes(input.trim()));
}

/** The 所属地区 and 所属行业 cascaders, shared by the search filters and the public lists' filters. */
export function RegionIndustryFilters({
  region,
  industry,
  onChange,
}: {
  region: string | undefined;
  industry: string | undefined;
  onChange: (patch: { region?: string; industry?: string }) => void;
}) {
  return (
    <>
      <Cascader<CascaderOption>
        aria-label="所属地区"
        placeholder="所属地区（市州 / 区县）"
        className="search-filter-cascader"
        options={REGION_OPTIONS}
        value={regionPathOf(region)}
        changeOnSelect
        showSearch={{ filter: searchLabels }}
        onChange={(path) => onChange({ region: path?.at(-1) })}
      />
      <Cascader<CascaderOption>
        aria-label="所属行业"
        placeholder="所属行业（门类 / 大类）"
        className="search-filter-cascader"
        options={INDUSTRY_OPTIONS}
        value={industryPathOf(industry)}
        changeOnSelect
        showSearch={{ filter: searchLabels }}
        onChange={(path) => onChange({ industry: path?.join('') || undefined })}
      />
    </>
  );
}

type FilterPatch = Partial<Pick<SearchEnterprisesQuery, 'region' | 'industry' | 'kind' | 'status' | 'dishonest'>>;

interface SearchFiltersProps {
  query: SearchEnterprisesQuery;
  onChange: (patch: FilterPatch) => void;
}

export function SearchFilters({ query, onChange }: SearchFiltersProps) {
  return (
    <fieldset className="search-filters">
      <legend className="visually-hidden">筛选条件</legend>
      <RegionIndustryFilters region={query.region} industry={query.industry} onChange={onChange} />
      <Select<EntityKind>
        aria-label="主体类型"
        placeholder="主体类型"
        options={KIND_OPTIONS}
        value={query.kind}
        allowClear
        onChange={(kind) => onChange({ kind })}
      />
      <Select<EntityStatus>
        aria-label="登记状态"
        placeholder="登记状态"
        options={STATUS_OPTIONS}
        value={query.status}
        allowClear
        onChange={(status) => onChange({ status })}
      />
      <Checkbox
        className="search-filters-dishonest"
        checked={query.dishonest === true}
        onChange={(event) => onChange({ dishonest: event.target.checked || undefined })}
      >
        有失信记录
      </Checkbox>
    </fieldset>
  );
}
