import type { WatchlistAlertDto, WatchlistAlertKind, WatchlistBody, WatchlistDto } from '@gzcredit/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPost, apiPut } from '../../../lib/api-client';

export type { WatchlistAlertDto, WatchlistAlertKind, WatchlistBody, WatchlistDto } from '@gzcredit/contracts';
export type WatchlistSummaryDto = Omit<WatchlistDto, 'entities' | 'rules'>;
export type WatchlistRuleInput = WatchlistBody['rules'][number];

export interface WatchlistDigestDto {
  id: number;
  digestDate: string;
  alertCount: number;
  subject: string;
  body: string;
  createdAt: string;
  mailedTo: string | null;
  mailedAt: string | null;
}

export interface WatchlistSettingsDto {
  digestAddress: string | null;
  mailConfigured: boolean;
}

export interface AlertFilters {
  kind?: WatchlistAlertKind | undefined;
  watchlistId?: number | undefined;
  unread?: boolean | undefined;
  creditCode?: string | undefined;
  page: number;
  pageSize: number;
}

const BASE = '/api/console';
const LISTS = ['console', 'watchlists'] as const;
const ALERTS = ['console', 'watchlist-alerts'] as const;

export function useWatchlists() {
  return useQuery({
    queryKey: [...LISTS, 'list'],
    queryFn: ({ signal }) => apiGet<{ items: WatchlistSummaryDto[] }>(`${BASE}/watchlists`, undefined, signal),
  });
}

export function useWatchlist(id: number | undefined) {
  return useQuery({
    queryKey: [...LISTS, 'detail', id],
    queryFn: ({ signal }) => apiGet<WatchlistDto>(`${BASE}/watchlists/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

/** Creates a list (no id) or replaces one's name, entities and rules. */
export function useSaveWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: number; body: WatchlistBody }) =>
      id === undefined
        ? apiPost<WatchlistDto>(`${BASE}/watchlists`, body)
        : apiPut<WatchlistDto>(`${BASE}/watchlists/${id}`, body),
    onSuccess: (watchlist) => {
      queryClient.setQueryData([...LISTS, 'detail', watchlist.id], watchlist);
      void queryClient.invalidateQueries({ queryKey: [...LISTS, 'list'] });
    },
  });
}

export function useDeleteWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiDelete<{ deleted: true }>(`${BASE}/watchlists/${id}`),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: LISTS });
      void queryClient.invalidateQueries({ queryKey: ALERTS });
    },
  });
}

export function useWatchlistSettings() {
  return useQuery({
    queryKey: [...LISTS, 'settings'],
    queryFn: ({ signal }) => apiGet<WatchlistSettingsDto>(`${BASE}/watchlist-settings`, undefined, signal),
  });
}

export function useSaveWatchlistSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (digestAddress: string | null) =>
      apiPut<WatchlistSettingsDto>(`${BASE}/watchlist-settings`, { digestAddress }),
    onSuccess: (settings) => queryClient.setQueryData([...LISTS, 'settings'], settings),
  });
}

export function useWatchlistAlerts(filters: AlertFilters) {
  return useQuery({
    queryKey: [...ALERTS, 'list', filters],
    queryFn: ({ signal }) =>
      apiGet<{ items: WatchlistAlertDto[]; total: number; unread: number }>(
        `${BASE}/watchlist-alerts`,
        {
          kind: filters.kind,
          watchlistId: filters.watchlistId,
          unread: filters.unread ? 'true' : undefined,
          creditCode: filters.creditCode,
          page: filters.page,
          pageSize: filters.pageSize,
        },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

/** Marks one alert read, or every unread alert of the agency when no id is given. */
export function useMarkAlertsRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id?: number) =>
      apiPost<{ marked: number }>(
        id === undefined ? `${BASE}/watchlist-alerts/read-all` : `${BASE}/watchlist-alerts/${id}/read`,
      ),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ALERTS });
      void queryClient.invalidateQueries({ queryKey: [...LISTS, 'list'] });
    },
  });
}

export function useWatchlistDigests(enabled: boolean) {
  return useQuery({
    queryKey: [...ALERTS, 'digests'],
    queryFn: ({ signal }) => apiGet<{ items: WatchlistDigestDto[] }>(`${BASE}/watchlist-digests`, undefined, signal),
    enabled,
  });
}
