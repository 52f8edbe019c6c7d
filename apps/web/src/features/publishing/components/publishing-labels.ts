// Console only: @gzcredit/contracts carries zod at runtime, which the portal's first load must not include.
import { ARTICLE_STATUS_LABELS, COLUMN_STATUS_LABELS } from '@gzcredit/contracts';
import type { ArticleStatus, ColumnStatus } from '../api/publishing-types';

export { ARTICLE_STATUS_LABELS, COLUMN_STATUS_LABELS };

export const ARTICLE_STATUS_COLORS: Record<ArticleStatus, string> = {
  draft: 'default',
  published: 'success',
  withdrawn: 'warning',
};

export const COLUMN_STATUS_COLORS: Record<ColumnStatus, string> = {
  requested: 'processing',
  approved: 'success',
  rejected: 'error',
  closed: 'default',
};
