import type { PublicStatisticsDto } from '@gzcredit/contracts';
import { chinaToday } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { createTtlCache } from '../../platform/ttl-cache';
import { countPlatformFigures } from './statistics.repository';

/** How long the home figures are served from memory: counting 5,000,000 entities on every visit is not acceptable. */
export const PUBLIC_STATISTICS_TTL_MS = 60_000;

export function createStatisticsService(db: Db, options: { ttlMs?: number; now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const cache = createTtlCache<'figures', PublicStatisticsDto>({
    ttlMs: options.ttlMs ?? PUBLIC_STATISTICS_TTL_MS,
    maxEntries: 1,
    now,
  });

  async function compute(): Promise<PublicStatisticsDto> {
    const counts = await countPlatformFigures(db, chinaToday());
    return { ...counts, updatedAt: new Date(now()).toISOString() };
  }

  return {
    /** The cached figures; concurrent callers after expiry share one count (single flight); a failure is not cached. */
    getPublicStatistics: (): Promise<PublicStatisticsDto> => cache.get('figures', compute),
  };
}
export type StatisticsService = ReturnType<typeof createStatisticsService>;
