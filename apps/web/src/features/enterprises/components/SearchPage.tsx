import type { SearchEnterprisesQuery } from '@gzcredit/contracts';
import { SEARCH_MIN_QUERY_LENGTH, SEARCH_RESULT_CAP } from '@gzcredit/contracts/limits';
import { Alert, Empty, Pagination, Skeleton } from 'antd';
import { FilterPanel } from '../../../components/FilterPanel';
import { isRateLimited, RateLimitNotice } from '../../../components/RateLimitNotice';
import { formatCount } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useEnterpriseSearch } from '../api/enterprise-queries';
import { useSearchQuery } from '../hooks/use-search-query';
import { QUERY_TOO_SHORT_MESSAGE, SearchBox } from './SearchBox';
import { SearchFilters } from './SearchFilters';
import { SearchResultItem } from './SearchResultItem';

const PAGE_SIZE_OPTIONS = [10, 20, 50];

interface SearchResultsProps {
  query: SearchEnterprisesQuery;
  onPageChange: (page: number, pageSize: number) => void;
}

function SearchResults({ query, onPageChange }: SearchResultsProps) {
  const search = useEnterpriseSearch(query);
  if (query.q.length < SEARCH_MIN_QUERY_LENGTH) {
    return <Empty description={query.q ? QUERY_TOO_SHORT_MESSAGE : '请输入企业名称或统一社会信用代码进行查询'} />;
  }
  if (isRateLimited(search.error)) return <RateLimitNotice error={search.error} />;
  if (search.isError) return <Alert type="error" showIcon title="查询失败" description={search.error.message} />;
  if (!search.data) return <Skeleton active paragraph={{ rows: 6 }} />;

  const { items, total, capped } = search.data;
  if (items.length === 0) return <Empty description="未找到相关市场主体" />;
  return (
    <div aria-busy={search.isFetching}>
      <p className="search-summary">
        {capped
          ? `找到超过 ${formatCount(SEARCH_RESULT_CAP)} 个相关市场主体`
          : `找到 ${formatCount(total)} 个相关市场主体`}
      </p>
      <ol
        aria-label="市场主体列表"
        className={search.isPlaceholderData ? 'result-list result-list-stale' : 'result-list'}
      >
        {items.map((enterprise) => (
          <SearchResultItem key={enterprise.creditCode} enterprise={enterprise} query={query.q} />
        ))}
      </ol>
      {capped && (
        <Alert
          type="info"
          showIcon
          title={`仅显示前 ${formatCount(SEARCH_RESULT_CAP)} 条结果，请输入更完整的名称缩小范围`}
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

/** The search's filters (the 筛选 button counts those set on a phone). */
const FILTER_KEYS = ['region', 'industry', 'kind', 'status', 'dishonest'] as const;

export function SearchPage() {
  const { query, updateQuery } = useSearchQuery();
  useDocumentTitle(query.q ? `“${query.q}”的查询结果` : '信用信息查询');

  return (
    <div className="portal-container search-page">
      <h1 className="visually-hidden">信用信息查询</h1>
      <section className="search-panel" aria-label="查询条件">
        <SearchBox key={query.q} id="search-query" defaultValue={query.q} onSearch={(q) => updateQuery({ q })} />
        <FilterPanel value={query} keys={FILTER_KEYS} onChange={updateQuery}>
          {(filters, onChange) => <SearchFilters query={filters} onChange={onChange} />}
        </FilterPanel>
      </section>
      <section className="search-results" aria-label="查询结果">
        <SearchResults
          query={query}
          onPageChange={(page, pageSize) => updateQuery({ page: pageSize === query.pageSize ? page : 1, pageSize })}
        />
      </section>
    </div>
  );
}
