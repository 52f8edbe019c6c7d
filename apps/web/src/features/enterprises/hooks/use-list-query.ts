import type { PublicListQuery } from '@gzcredit/contracts';
import { PUBLIC_LIST_MAX_PAGE_SIZE } from '@gzcredit/contracts/limits';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_LIST_PAGE_SIZE = 10;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function positiveInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 ? number : undefined;
}

/** Reads a list's filters from the address bar; a malformed parameter is ignored rather than sent to the API. */
export function parseListQuery(params: URLSearchParams): PublicListQuery {
  const region = params.get('region');
  const industry = params.get('industry');
  const item = params.get('item');
  const from = params.get('from');
  const to = params.get('to');
  const pageSize = positiveInteger(params.get('pageSize'));
  return {
    region: region && /^\d{6}$/.test(region) ? region : undefined,
    industry: industry && /^[A-T](\d{2})?$/.test(industry) ? industry : undefined,
    item: item && /^[a-z][a-z0-9_]{0,63}$/.test(item) ? item : undefined,
    agency: positiveInteger(params.get('agency')),
    from: from && DATE.test(from) ? from : undefined,
    to: to && DATE.test(to) ? to : undefined,
    page: positiveInteger(params.get('page')) ?? 1,
    pageSize: pageSize !== undefined && pageSize <= PUBLIC_LIST_MAX_PAGE_SIZE ? pageSize : DEFAULT_LIST_PAGE_SIZE,
  };
}

/** Writes a list's filters to the address bar, leaving out empty ones and default paging so links stay short. */
export function toListParams(query: Partial<PublicListQuery>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['region', 'industry', 'item', 'from', 'to'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.agency !== undefined) params.set('agency', String(query.agency));
  if (query.page !== undefined && query.page !== 1) params.set('page', String(query.page));
  if (query.pageSize !== undefined && query.pageSize !== DEFAULT_LIST_PAGE_SIZE) {
    params.set('pageSize', String(query.pageSize));
  }
  return params;
}

/** A list's filters live in the URL (shareable, back button); any change other than paging starts at page 1. */
export function useListQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseListQuery(params), [params]);
  const updateQuery = useCallback(
    (patch: Partial<PublicListQuery>) => setParams(toListParams({ ...query, page: 1, ...patch })),
    [query, setParams],
  );
  return { query, updateQuery };
}
