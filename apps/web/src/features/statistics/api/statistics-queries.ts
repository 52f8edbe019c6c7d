import type { PublicStatisticsDto, StatisticsBreakdownDto, StatisticsDimension } from '@gzcredit/contracts';
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

/** One breakdown of the statistics rollups; the server caches each for 60 s, so the page does not ask again sooner. */
export function useStatisticsBreakdown(query: { dimension: StatisticsDimension; parent?: string }) {
  return useQuery({
    queryKey: ['statistics', 'breakdown', query.dimension, query.parent ?? null],
    queryFn: ({ signal }) => apiGet<StatisticsBreakdownDto>('/api/public/statistics/breakdown', { ...query }, signal),
    staleTime: 60_000,
  });
}
