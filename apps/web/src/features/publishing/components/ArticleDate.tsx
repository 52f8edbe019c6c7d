import { formatDate } from '../../../lib/format';
import type { ArticleSummaryDto } from '../api/publishing-types';

/** The date an article shows: its stated publish date, else the day it went public (YYYY-MM-DD). */
export function articleDate(article: Pick<ArticleSummaryDto, 'publishDate' | 'publishedAt'>): string {
  if (article.publishDate) return article.publishDate;
  return article.publishedAt ? formatDate(article.publishedAt) : '';
}
