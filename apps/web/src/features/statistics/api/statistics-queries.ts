import type { PublicStatisticsDto } from '@gzcredit/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

/** The home page's figures; the server keeps them for 60 s, so the page does not ask again sooner. */
export function usePublicStatistics() {
  return useQuery({
    queryKey: ['statistics', 'public'],
    queryFn: ({ signal }) => apiGet<PublicStatisticsDto>('/api/public/statistics', undefined, signal),
    staleTime: 60_000,
  });
}
