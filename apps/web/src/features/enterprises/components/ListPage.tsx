import type { PublicListEntryDto, PublicListQuery } from '@gzcredit/contracts';
import {
  PUBLIC_LIST_MAX_PAGE_SIZE,
  PUBLIC_LIST_RESULT_CAP,
  PUBLIC_LIST_TITLES,
  PUBLIC_LISTS,
  type PublicList,
} from '@gzcredit/contracts/limits';
import { DISHONESTY_LEVEL_LABELS } from '@gzcredit/domain';
import { Alert, Empty, Input, Pagination, Select, Skeleton, Tag } from 'antd';
import { Link, NavLink, useParams } from 'react-router';
import { FilterPanel } from '../../../components/FilterPanel';
import { isRateLimited, RateLimitNotice } from '../../../components/RateLimitNotice';
import { formatCount, formatDate } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { usePublicList, usePublicListFilters } from '../api/enterprise-queries';
import { useListQuery } from '../hooks/use-list-query';
import { LEVEL_TAG_COLORS } from './entity-labels';
import { RegionIndustryFilters } from './SearchFilters';

/** What each list is, in a sentence under its title. */
const LIST_NOTES: Record<PublicList, string> = {
  blacklist:
    '列入严重违法失信名单且尚未移出的市场主体。有严重失信记录但未列入该名单的主体不在此列，其记录见各主体的信用信息页。',
  abnormal: '列入经营异常名录且尚未移出的市场主体。',
  licences: '各级行政机关作出的行政许可决定（双公示），在公示期内公示。',
  penalties: '各级行政机关作出的行政处罚决定（双公示），在公示期内公示。',
  trustworthy: '纳税信用 A 级、荣誉表彰、守合同重信用等良好信息，在有效期内公示。',
};

/** The date a list entry is ordered by, as its list names it. */
const DATE_LABELS: Record<PublicList, string> = {
  blacklist: '列入日期',
  abnormal: '列入日期',
  licences: '许可决定日期',
  penalties: '处罚决定日期',
  trustworthy: '认定日期',
};

const PAGE_SIZE_OPTIONS = [10, PUBLIC_LIST_MAX_PAGE_SIZE];

/** The list's filters (the 筛选 button counts those set on a phone). */
const FILTER_KEYS = ['region', 'industry', 'item', 'agency', 'from', 'to'] as const;

interface ListFiltersProps {
  list: PublicList;
  query: PublicListQuery;
  onChange: (patch: Partial<PublicListQuery>) => void;
}

function ListFilters({ list, query, onChange }: ListFiltersProps) {
  const filters = usePublicListFilters(list);
  return (
    <fieldset className="search-filters list-filters">
      <legend className="visually-hidden">筛选条件</legend>
      <RegionIndustryFilters region={query.region} industry={query.industry} onChange={onChange} />
      <Select<string>
        aria-label="信息项"
        placeholder="信息项"
        loading={filters.isLoading}
        options={filters.data?.items.map((item) => ({ value: item.code, label: item.name })) ?? []}
        value={query.item}
        allowClear
        onChange={(item) => onChange({ item })}
      />
      <Select<number>
        aria-label="提供单位"
        placeholder="提供单位"
        className="list-filter-agency"
        loading={filters.isLoading}
        options={filters.data?.agencies.map((agency) => ({ value: agency.id, label: agency.name })) ?? []}
        value={query.agency}
        allowClear
        showSearch={{ optionFilterProp: 'label' }}
        onChange={(agency) => onChange({ agency })}
      />
      <div className="list-filter-date">
        <label htmlFor="list-filters-from">{DATE_LABELS[list]}自</label>
        <Input
          id="list-filters-from"
          type="date"
          value={query.from ?? ''}
          max={query.to}
          onChange={(event) => onChange({ from: event.target.value || undefined })}
        />
      </div>
      <div className="list-filter-date">
        <label htmlFor="list-filters-to">
          <span className="visually-hidden">{DATE_LABELS[list]}</span>至
        </label>
        <Input
          id="list-filters-to"
          type="date"
          value={query.to ?? ''}
          min={query.from}
          onChange={(event) => onChange({ to: event.target.value || undefined })}
        />
      </div>
    </fieldset>
  );
}

/** One entry: the entity (to its profile), the item, the date, the agency and the first publicised fields. */
function ListEntry({ entry, list }: { entry: PublicListEntryDto; list: PublicList }) {
  const fields = [
    { label: '统一社会信用代码', value: entry.creditCode },
    { label: DATE_LABELS[list], value: formatDate(entry.aroseOn) },
    { label: '提供单位', value: entry.agencyName },
    { label: '所属地区', value: entry.regionName },
    ...entry.fields.slice(0, 2),
  ];
  return (
    <li className="result-item">
      <div className="result-item-heading">
        <h2 className="result-item-name">
          <Link to={`/enterprises/${entry.creditCode}`}>{entry.entityName}</Link>
        </h2>
        <Tag>{entry.itemName}</Tag>
        {entry.dishonestyLevel && (
          <Tag color={LEVEL_TAG_COLORS[entry.dishonestyLevel]}>{DISHONESTY_LEVEL_LABELS[entry.dishonestyLevel]}</Tag>
        )}
      </div>
      <dl className="result-item-fields">
        {fields.map((field) => (
          <div key={field.label} className="result-item-field">
            <dt>{field.label}：</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}

function ListResults({
  list,
  query,
  onPageChange,
}: {
  list: PublicList;
  query: PublicListQuery;
  onPageChange: (page: number, pageSize: number) => void;
}) {
  const result = usePublicList(list, query);
  if (isRateLimited(result.error)) return <RateLimitNotice error={result.error} />;
  if (result.isError) return <Alert type="error" showIcon title="查询失败" description={result.error.message} />;
  if (!result.data) return <Skeleton active paragraph={{ rows: 6 }} />;
  const { items, total, capped } = result.data;
  if (items.length === 0) return <Empty description="没有符合条件的公示信息" />;
  return (
    <div aria-busy={result.isFetching}>
      <p className="search-summary">
        {capped ? `超过 ${formatCount(PUBLIC_LIST_RESULT_CAP)} 条` : `共 ${formatCount(total)} 条`}
      </p>
      <ol
        aria-label={PUBLIC_LIST_TITLES[list]}
        className={result.isPlaceholderData ? 'result-list result-list-stale' : 'result-list'}
      >
        {items.map((entry) => (
          <ListEntry key={entry.recordId} entry={entry} list={list} />
        ))}
      </ol>
      {capped && (
        <Alert
          type="info"
          showIcon
          title={`名单仅供查阅，同一筛选条件最多显示前 ${formatCount(PUBLIC_LIST_RESULT_CAP)} 条，请按地区、行业、信息项、提供单位或日期筛选`}
        />
      )}
      <Pagination
        className="search-pagination"
        align="center"
        responsive
        current={query.page}
        pageSize={query.pageSize}
        total={total}
        pageSizeOptions={PAGE_SIZE_OPTIONS}
        showSizeChanger
        showTotal={(count) => `共 ${formatCount(count)} 条`}
        onChange={onPageChange}
      />
    </div>
  );
}

/** The lists' own navigation: every list one tap away, the current one marked. */
function ListNavigation() {
  return (
    <nav aria-label="公示名单" className="list-nav">
      {PUBLIC_LISTS.map((list) => (
        <NavLink key={list} to={`/lists/${list}`} className="list-nav-link">
          {PUBLIC_LIST_TITLES[list]}
        </NavLink>
      ))}
    </nav>
  );
}

function isPublicList(value: string | undefined): value is PublicList {
  return (PUBLIC_LISTS as readonly string[]).includes(value ?? '');
}

/** 公示名单 (issue 20 item 1): 黑名单, 经营异常名录, 双公示 and 守信激励, browsed without a name. */
export function ListPage() {
  const { list } = useParams();
  const { query, updateQuery } = useListQuery();
  useDocumentTitle(isPublicList(list) ? PUBLIC_LIST_TITLES[list] : '公示名单');
  if (!isPublicList(list)) {
    return (
      <div className="portal-container search-page">
        <h1 className="list-title">公示名单</h1>
        <ListNavigation />
        <Empty description="没有这个名单，请从上方选择" />
      </div>
    );
  }
  return (
    <div className="portal-container search-page">
      <h1 className="list-title">{PUBLIC_LIST_TITLES[list]}</h1>
      <ListNavigation />
      <p className="list-note">{LIST_NOTES[list]}</p>
      <section className="search-panel" aria-label="筛选条件">
        <FilterPanel key={list} value={query} keys={FILTER_KEYS} onChange={updateQuery}>
          {(filters, onChange) => <ListFilters list={list} query={filters} onChange={onChange} />}
        </FilterPanel>
      </section>
      <section className="search-results" aria-label="名单">
        <ListResults
          list={list}
          query={query}
          onPageChange={(page, pageSize) => updateQuery({ page: pageSize === query.pageSize ? page : 1, pageSize })}
        />
      </section>
    </div>
  );
}
