import { z } from 'zod';

/** The portal home's figures (SPEC §4 `GET /api/public/statistics`, C14: aggregates only, never a listing). */
export const PublicStatisticsSchema = z.object({
  entities: z.number().int().describe('市场主体数'),
  publicRecords: z.number().int().describe('公示中的信用信息条数（登记信息除外）'),
  blacklistedEntities: z.number().int().describe('列入严重失信主体名单（黑名单）的主体数'),
  updatedAt: z.string().describe('统计时间（ISO 8601）；数据最多缓存 60 秒'),
});
export type PublicStatisticsDto = z.infer<typeof PublicStatisticsSchema>;
