import type {
  ErrorBody,
  ExchangeFloorDto,
  ExchangeFloorPageDto,
  ExchangeSettingDto,
  ExchangeSettingsDto,
  SharedExportQuery,
  SharedRecordListDto,
  SharedRecordsQuery,
  UpdateExchangeFloorBody,
  UpdateExchangeSettingBody,
} from '@gzcredit/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, apiPut, buildUrl } from '../../../lib/api-client';

export type {
  ExchangeFloorRuleDto,
  ExchangeGrantDto,
  ExchangeSettingDto,
  RecordDto,
  SharedRecordsQuery,
} from '@gzcredit/contracts';

const BASE = '/api/console';
const SETTINGS = ['console', 'exchange-settings'] as const;
const FLOOR = ['console', 'exchange-floor'] as const;

/** 交换设定 of the signed-in account's agency (Rules Art. 22(四)), with the floor and the agencies to name. */
export function useExchangeSettings() {
  return useQuery({
    queryKey: SETTINGS,
    queryFn: ({ signal }) => apiGet<ExchangeSettingsDto>(`${BASE}/exchange-settings`, undefined, signal),
  });
}

export function useUpdateExchangeSetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: number; body: UpdateExchangeSettingBody }) =>
      apiPut<ExchangeSettingDto>(`${BASE}/exchange-settings/${itemId}`, body),
    onSuccess: (updated) =>
      queryClient.setQueryData<ExchangeSettingsDto>(SETTINGS, (current) =>
        current
          ? { ...current, items: current.items.map((item) => (item.itemId === updated.itemId ? updated : item)) }
          : current,
      ),
  });
}

/** 交换底线 the provincial bureau sets. */
export function useExchangeFloor() {
  return useQuery({
    queryKey: FLOOR,
    queryFn: ({ signal }) => apiGet<ExchangeFloorPageDto>(`${BASE}/exchange-floor`, undefined, signal),
  });
}

export function useUpdateExchangeFloor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateExchangeFloorBody) => apiPut<ExchangeFloorDto>(`${BASE}/exchange-floor`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: FLOOR }),
  });
}

/** 共享查询 (Art. 22(二)): one page of what the agency may see. */
export function useSharedRecords(query: Partial<SharedRecordsQuery>) {
  return useQuery({
    queryKey: ['console', 'shared-records', query],
    queryFn: ({ signal }) => apiGet<SharedRecordListDto>(`${BASE}/shared-records`, { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/**
 * Downloads the query's records (XLSX or CSV) under the name the server gives; a refusal (a purpose missing for
 * non-public data) comes back as an ApiError with the server's message.
 */
export async function downloadSharedRecords(query: Partial<SharedExportQuery>): Promise<string> {
  const response = await fetch(buildUrl(`${BASE}/shared-records/export`, { ...query }), {
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new ApiError(
      body?.error.code ?? 'UNEXPECTED_RESPONSE',
      body?.error.message ?? `下载失败（HTTP ${response.status}）`,
      response.status,
      body?.error.requestId,
      body?.error.details,
    );
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const name = encoded ? decodeURIComponent(encoded) : `共享信息.${query.format ?? 'xlsx'}`;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
  return response.headers.get('x-export-number') ?? name;
}
