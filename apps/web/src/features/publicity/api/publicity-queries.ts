import type {
  PublicitySettingDto,
  PublicitySettingsDto,
  UpdatePublicitySettingBody,
  WithholdingDto,
  WithholdingListDto,
} from '@gzcredit/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../../../lib/api-client';

export type { PublicitySettingDto, WithholdingDto } from '@gzcredit/contracts';

const SETTINGS = ['console', 'publicity-settings'] as const;
const WITHHOLDINGS = ['console', 'publicity-withholdings'] as const;

/** 公示内容: what the signed-in account's agency publicises of each item it provides (Rules Art. 22(五)). */
export function usePublicitySettings() {
  return useQuery({
    queryKey: SETTINGS,
    queryFn: ({ signal }) => apiGet<PublicitySettingsDto>('/api/console/publicity-settings', undefined, signal),
  });
}

export function useUpdatePublicitySetting() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, body }: { itemId: number; body: UpdatePublicitySettingBody }) =>
      apiPut<PublicitySettingDto>(`/api/console/publicity-settings/${itemId}`, body),
    onSuccess: (updated) =>
      queryClient.setQueryData<PublicitySettingsDto>(SETTINGS, (current) =>
        current ? { items: current.items.map((item) => (item.itemId === updated.itemId ? updated : item)) } : current,
      ),
  });
}

/** 不公示事项 for the provincial bureau's review (Art. 15, 22(五)). */
export function useWithholdings(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...WITHHOLDINGS, page, pageSize],
    queryFn: ({ signal }) =>
      apiGet<WithholdingListDto>('/api/console/publicity-withholdings', { page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useOverruleWithholding() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: number; reason: string }) =>
      apiPost<WithholdingDto>(`/api/console/publicity-withholdings/${id}/overrule`, { reason }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: WITHHOLDINGS }),
  });
}
