import type { PortalSiteDto } from '@gzcredit/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';
import type { ArticleDto, ArticleListDto, ColumnDto } from './publishing-types';

export const PUBLIC_PAGE_SIZE = 20;

export interface PublicArticlesQuery {
  column?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export function usePublicColumns() {
  return useQuery({
    queryKey: ['publishing', 'columns'],
    queryFn: ({ signal }) => apiGet<{ items: ColumnDto[] }>('/api/public/columns', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export function usePublicArticles(query: PublicArticlesQuery, enabled = true) {
  return useQuery({
    queryKey: ['publishing', 'articles', query],
    queryFn: ({ signal }) => apiGet<ArticleListDto>('/api/public/articles', { ...query }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function usePublicArticle(id: string) {
  return useQuery({
    queryKey: ['publishing', 'article', id],
    queryFn: ({ signal }) => apiGet<ArticleDto>(`/api/public/articles/${encodeURIComponent(id)}`, undefined, signal),
  });
}

/** The column a route parameter names: its code (laws, policies, news, notices) or, for a special column, its id. */
export function findColumn(columns: readonly ColumnDto[] | undefined, key: string): ColumnDto | undefined {
  return columns?.find((column) => column.code === key || String(column.id) === key);
}

/** The route parameter for a column: its code when it has one, its id otherwise. */
export function columnKey(column: Pick<ColumnDto, 'code' | 'id'>): string {
  return column.code ?? String(column.id);
}

/** The footer's registration marks (网站标识码, ICP, 公安备案), as the operator configured them; kept for 5 minutes. */
export function usePortalSite() {
  return useQuery({
    queryKey: ['publishing', 'site'],
    queryFn: ({ signal }) => apiGet<PortalSiteDto>('/api/public/site', undefined, signal),
    staleTime: 5 * 60_000,
  });
}
