import type {
  EnterpriseProfileDto,
  PublicList,
  PublicListFiltersDto,
  PublicListQuery,
  PublicListResponse,
  SearchEnterprisesQuery,
  SearchEnterprisesResponse,
} from '@gzcredit/contracts';
import { enterpriseProfileUrl } from '@gzcredit/contracts/early-requests';
import { SEARCH_MIN_QUERY_LENGTH } from '@gzcredit/contracts/limits';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export function useEnterpriseSearch(query: SearchEnterprisesQuery) {
  return useQuery({
    queryKey: ['enterprises', 'search', query],
    queryFn: ({ signal }) => apiGet<SearchEnterprisesResponse>('/api/public/enterprises', query, signal),
    enabled: query.q.length >= SEARCH_MIN_QUERY_LENGTH,
    // Keep the current page on screen while the next page or filter loads.
    placeholderData: keepPreviousData,
  });
}

export function useEnterpriseProfile(creditCode: string) {
  return useQuery({
    queryKey: ['enterprises', 'profile', creditCode],
    queryFn: ({ signal }) => apiGet<EnterpriseProfileDto>(enterpriseProfileUrl(creditCode), undefined, signal),
  });
}

/** A page of one of the portal's lists (黑名单, 经营异常名录, 双公示, 守信激励). */
export function usePublicList(list: PublicList, query: PublicListQuery) {
  return useQuery({
    queryKey: ['lists', list, query],
    queryFn: ({ signal }) => apiGet<PublicListResponse>(`/api/public/lists/${list}`, query, signal),
    placeholderData: keepPreviousData,
  });
}

/** The items and agencies a list can be filtered by. */
export function usePublicListFilters(list: PublicList) {
  return useQuery({
    queryKey: ['lists', list, 'filters'],
    queryFn: ({ signal }) => apiGet<PublicListFiltersDto>(`/api/public/lists/${list}/filters`, undefined, signal),
    staleTime: 10 * 60_000,
  });
}
