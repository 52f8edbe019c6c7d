import type { ArticleSummaryDto } from '../api/publishing-types';

/** The date an article shows: its stated publish date, else the day it went public (YYYY-MM-DD). */
export function articleDate(article: Pick<ArticleSummaryDto, 'publishDate' | 'publishedAt'>): string {
  if (article.publishDate) return article.publishDate;
  if (!article.publishedAt) return '';
  return new Date(article.publishedAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}
