// Types only: the portal's pages must not pull the zod schemas of @gzcredit/contracts into the first load.
export type { ArticleDto, ArticleSummaryDto, ColumnDto, FileDto, SaveArticleBody } from '@gzcredit/contracts';

import type { ArticleSummaryDto, ColumnDto } from '@gzcredit/contracts';

export type ArticleStatus = ArticleSummaryDto['status'];
export type ColumnStatus = ColumnDto['status'];

export interface ArticleListDto {
  items: ArticleSummaryDto[];
  total: number;
}

/** The four standing columns (常设栏目) by their codes, in the order the home page shows them. */
export const STANDING_COLUMN_CODES = ['laws', 'policies', 'news', 'notices'] as const;
