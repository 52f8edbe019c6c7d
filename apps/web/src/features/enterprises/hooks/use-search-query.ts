import type { SearchEnterprisesQuery } from '@gzcredit/contracts';
import { SEARCH_MAX_PAGE_SIZE } from '@gzcredit/contracts/limits';
import { ENTITY_KINDS, ENTITY_STATUSES, type EntityKind, type EntityStatus } from '@gzcredit/domain';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const DEFAULT_PAGE_SIZE = 20;

function positiveInteger(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const number = Number(value);
  return number >= 1 ? number : undefined;
}

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((candidate) => candidate === value);
}

/** Reads the search from the address bar; a malformed parameter is ignored rather than sent to the API. */
export function parseSearchQuery(params: URLSearchParams): SearchEnterprisesQuery {
  const region = params.get('region');
  const industry = params.get('industry');
  const pageSize = positiveInteger(params.get('pageSize'));
  return {
    q: params.get('q')?.trim() ?? '',
    region: region && /^\d{6}$/.test(region) ? region : undefined,
    industry: industry && /^[A-T](\d{2})?$/.test(industry) ? industry : undefined,
    kind: oneOf<EntityKind>(ENTITY_KINDS, params.get('kind')),
    status: oneOf<EntityStatus>(ENTITY_STATUSES, params.get('status')),
    dishonest: params.get('dishonest') === 'true' ? true : undefined,
    page: positiveInteger(params.get('page')) ?? 1,
    pageSize: pageSize !== undefined && pageSize <= SEARCH_MAX_PAGE_SIZE ? pageSize : DEFAULT_PAGE_SIZE,
  };
}

/** Writes the search to the address bar, leaving out empty filters and default paging so links stay short. */
export function toSearchParams(query: Partial<SearchEnterprisesQuery> & { q: string }): URLSearchParams {
  const params = new URLSearchParams();
  params.set('q', query.q);
  if (query.region) params.set('region', query.region);
  if (query.industry) params.set('industry', query.industry);
  if (query.kind) params.set('kind', query.kind);
  if (query.status) params.set('status', query.status);
  if (query.dishonest) params.set('dishonest', 'true');
  if (query.page !== undefined && query.page !== 1) params.set('page', String(query.page));
  if (query.pageSize !== undefined && query.pageSize !== DEFAULT_PAGE_SIZE) {
    params.set('pageSize', String(query.pageSize));
  }
  return params;
}

/**
 * The search lives in the URL so a result list can be shared and the back button steps through earlier searches.
 * Any change other than paging starts again at page 1.
 */
export function useSearchQuery() {
  const [params, setParams] = useSearchParams();
  const query = useMemo(() => parseSearchQuery(params), [params]);
  const updateQuery = useCallback(
    (patch: Partial<SearchEnterprisesQuery>) => {
      setParams(toSearchParams({ ...query, page: 1, ...patch }));
    },
    [query, setParams],
  );
  return { query, updateQuery };
}
