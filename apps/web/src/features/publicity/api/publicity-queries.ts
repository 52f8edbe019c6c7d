import type { PublicitySettingDto, PublicitySettingsDto, UpdatePublicitySettingBody } from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPut } from '../../../lib/api-client';

export type { PublicitySettingDto } from '@gzcredit/contracts';

const SETTINGS = ['console', 'publicity-settings'] as const;

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
