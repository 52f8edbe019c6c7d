import type { EnterpriseProfileDto, SearchEnterprisesQuery, SearchEnterprisesResponse } from '@gzcredit/contracts';
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
    queryFn: ({ signal }) =>
      apiGet<EnterpriseProfileDto>(`/api/public/enterprises/${encodeURIComponent(creditCode)}`, undefined, signal),
  });
}
