import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../../../lib/api-client';
import type { ArticleDto, ArticleListDto, ArticleStatus, ColumnDto, SaveArticleBody } from './publishing-types';

const BASE = '/api/console';
// Every console key starts with 'console': signing out forgets them all.
const KEYS = {
  columns: ['console', 'publishing', 'columns'] as const,
  requests: ['console', 'publishing', 'column-requests'] as const,
  articles: ['console', 'publishing', 'articles'] as const,
  publicArticles: ['console', 'publishing', 'public-articles'] as const,
};

export function useConsoleColumns() {
  return useQuery({
    queryKey: KEYS.columns,
    queryFn: ({ signal }) => apiGet<{ items: ColumnDto[] }>(`${BASE}/columns`, undefined, signal),
  });
}

/** Columns an agency may write to: the standing columns and its own approved special columns (Art. 18). */
export function writableColumns(columns: readonly ColumnDto[], agencyId: number): ColumnDto[] {
  return columns.filter(
    (column) => column.status === 'approved' && (column.kind === 'standard' || column.ownerAgency?.id === agencyId),
  );
}

export function useRequestColumn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; purpose: string }) => apiPost<ColumnDto>(`${BASE}/columns`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS.columns }),
  });
}

export function useColumnRequests() {
  return useQuery({
    queryKey: KEYS.requests,
    queryFn: ({ signal }) => apiGet<{ items: ColumnDto[] }>(`${BASE}/column-requests`, undefined, signal),
  });
}

export interface ColumnDecision {
  decision: 'approve' | 'reject';
  name?: string;
  sortOrder?: number;
  note?: string;
}

export function useDecideColumn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ColumnDecision & { id: number }) =>
      apiPost<ColumnDto>(`${BASE}/column-requests/${id}/decision`, body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KEYS.requests });
      void queryClient.invalidateQueries({ queryKey: KEYS.columns });
    },
  });
}

export interface ArticleFilters {
  status?: ArticleStatus;
  columnId?: number;
  page: number;
}

export const CONSOLE_PAGE_SIZE = 20;

export function useOwnArticles(filters: ArticleFilters) {
  return useQuery({
    queryKey: [...KEYS.articles, 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<ArticleListDto>(`${BASE}/articles`, { ...filters, pageSize: CONSOLE_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOwnArticle(id: number | undefined) {
  return useQuery({
    queryKey: [...KEYS.articles, 'detail', id],
    queryFn: ({ signal }) => apiGet<ArticleDto>(`${BASE}/articles/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

function useArticleMutation<Variables>(mutationFn: (variables: Variables) => Promise<ArticleDto>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (article) => {
      queryClient.setQueryData([...KEYS.articles, 'detail', article.id], article);
      void queryClient.invalidateQueries({ queryKey: [...KEYS.articles, 'list'] });
      void queryClient.invalidateQueries({ queryKey: KEYS.publicArticles });
    },
  });
}

/** Saves a draft: POST for a new article, PUT for an existing one. */
export function useSaveArticle() {
  return useArticleMutation(({ id, body }: { id?: number; body: SaveArticleBody }) =>
    id === undefined
      ? apiPost<ArticleDto>(`${BASE}/articles`, body)
      : apiPut<ArticleDto>(`${BASE}/articles/${id}`, body),
  );
}

export function usePublishArticle() {
  return useArticleMutation((id: number) => apiPost<ArticleDto>(`${BASE}/articles/${id}/publish`, {}));
}

export function useWithdrawArticle() {
  return useArticleMutation(({ id, reason }: { id: number; reason: string }) =>
    apiPost<ArticleDto>(`${BASE}/articles/${id}/withdraw`, { reason }),
  );
}

/** The public list, for the operator's page of published articles (any agency). */
export function usePublishedArticles(query: { q?: string; column?: string; page: number }) {
  return useQuery({
    queryKey: [...KEYS.publicArticles, query],
    queryFn: ({ signal }) =>
      apiGet<ArticleListDto>('/api/public/articles', { ...query, pageSize: CONSOLE_PAGE_SIZE }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Art. 24: the operator may withdraw another agency's article with a traced reason, never edit it. */
export function useOperatorWithdraw() {
  return useArticleMutation(({ id, reason }: { id: number; reason: string }) =>
    apiPost<ArticleDto>(`${BASE}/published-articles/${id}/withdraw`, { reason }),
  );
}
