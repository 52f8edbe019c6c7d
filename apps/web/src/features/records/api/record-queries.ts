import type {
  AccountabilitySort,
  AgencyTimelinessListDto,
  AnnotateRecordBody,
  ArticleDto,
  CorrectRecordBody,
  CreateRecordBody,
  ExchangeChannel,
  ExchangeLogDto,
  MatchingQueueDto,
  RecordDetailDto,
  RecordDto,
  RecordListDto,
  RecordsQuery,
  RemoveListingBody,
  RevokeRecordBody,
  TimelinessDto,
} from '@gzcredit/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, buildUrl } from '../../../lib/api-client';

export type { CatalogueItemDto, RecordDetailDto, RecordDto } from '@gzcredit/contracts';

const BASE = '/api/console';
// Every console key starts with 'console': signing out forgets them all.
const KEYS = {
  records: ['console', 'records'] as const,
  matching: ['console', 'records', 'matching-queue'] as const,
  exchangeLog: ['console', 'records', 'exchange-log'] as const,
  timeliness: ['console', 'records', 'timeliness'] as const,
};

export type RecordFilters = Partial<Omit<RecordsQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };

export function useRecords(filters: RecordFilters) {
  return useQuery({
    queryKey: [...KEYS.records, 'list', filters],
    queryFn: ({ signal }) => apiGet<RecordListDto>(`${BASE}/records`, { ...filters }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useRecordDetail(id: number | undefined) {
  return useQuery({
    queryKey: [...KEYS.records, 'detail', id],
    queryFn: ({ signal }) => apiGet<RecordDetailDto>(`${BASE}/records/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

function invalidateRecords(queryClient: ReturnType<typeof useQueryClient>) {
  return queryClient.invalidateQueries({ queryKey: KEYS.records });
}

/** 在线填报 (Art. 13): one record through the same validation as every other channel. */
export function useCreateRecord() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateRecordBody) => apiPost<RecordDto>(`${BASE}/records`, body),
    onSuccess: () => invalidateRecords(queryClient),
  });
}

export type RecordAction =
  | { kind: 'correct'; body: CorrectRecordBody }
  | { kind: 'revoke'; body: RevokeRecordBody }
  | { kind: 'annotate'; body: AnnotateRecordBody }
  | { kind: 'remove'; body: RemoveListingBody };

/** 更正, 撤销, 失信等级标注 and 移出 (Art. 16, 22(七); SPEC §3); each answers the record as it now stands. */
export function useRecordAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: RecordAction }) => {
      switch (action.kind) {
        case 'correct':
          return apiPost<RecordDto>(`${BASE}/records/${id}/corrections`, action.body);
        case 'revoke':
          return apiPost<RecordDto>(`${BASE}/records/${id}/revocation`, action.body);
        case 'annotate':
          return apiPost<RecordDto>(`${BASE}/records/${id}/annotation`, action.body);
        case 'remove':
          return apiPost<RecordDto>(`${BASE}/records/${id}/removal`, action.body);
      }
    },
    onSuccess: () => invalidateRecords(queryClient),
  });
}

export function useMatchingQueue(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...KEYS.matching, page, pageSize],
    queryFn: ({ signal }) => apiGet<MatchingQueueDto>(`${BASE}/matching-queue`, { page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useExchangeLog(query: { channel?: ExchangeChannel; page: number; pageSize: number }) {
  return useQuery({
    queryKey: [...KEYS.exchangeLog, query],
    queryFn: ({ signal }) => apiGet<ExchangeLogDto>(`${BASE}/exchange-log`, { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

export interface PeriodQuery {
  from?: string;
  to?: string;
}

export function useTimeliness(period: PeriodQuery, enabled: boolean) {
  return useQuery({
    queryKey: [...KEYS.timeliness, 'own', period],
    queryFn: ({ signal }) => apiGet<TimelinessDto>(`${BASE}/timeliness`, { ...period }, signal),
    enabled,
  });
}

/** The agencies' ranking (考核, Art. 27): every agency of the caller's reach, ordered by `sort`. */
export function useAgencyTimeliness(period: PeriodQuery, sort: AccountabilitySort, enabled: boolean) {
  return useQuery({
    queryKey: [...KEYS.timeliness, 'agencies', period, sort],
    queryFn: ({ signal }) =>
      apiGet<AgencyTimelinessListDto>(`${BASE}/timeliness/agencies`, { ...period, sort }, signal),
    enabled,
  });
}

/** The ranking's XLSX download, for the same period and order. */
export function agencyTimelinessExportUrl(period: PeriodQuery, sort: AccountabilitySort): string {
  return buildUrl(`${BASE}/timeliness/agencies/export`, { ...period, sort });
}

/** 起草月度通报 (Art. 27): a draft article in 通知公告 from the month's figures, for the provincial bureau. */
export function useDraftTimelinessNotice() {
  return useMutation({
    mutationFn: (month: string) => apiPost<ArticleDto>(`${BASE}/timeliness/notices`, { month }),
  });
}
