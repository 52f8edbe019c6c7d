import type { RepairDto } from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../../lib/api-client';

export type { RepairDto } from '@gzcredit/contracts';
export type RepairStatus = RepairDto['status'];
/** The provincial bureau's acceptance queue, or the providing agency's decisions (谁认定、谁修复). */
export type RepairView = 'platform' | 'agency';

const BASE = '/api/console';
const pathOf = (view: RepairView) => `${BASE}/${view === 'platform' ? 'repair-queue' : 'repairs'}`;
const keyOf = (view: RepairView) => ['console', 'repairs', view] as const;

export function useRepairs(view: RepairView, status?: RepairStatus) {
  return useQuery({
    queryKey: [...keyOf(view), 'list', status],
    queryFn: ({ signal }) => apiGet<{ items: RepairDto[] }>(pathOf(view), { status }, signal),
  });
}

export function useRepair(view: RepairView, id: number | undefined) {
  return useQuery({
    queryKey: [...keyOf(view), 'detail', id],
    queryFn: ({ signal }) => apiGet<RepairDto>(`${pathOf(view)}/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export type RepairAction =
  | { kind: 'acceptance'; accepted: boolean; reason?: string }
  | { kind: 'extension'; reason: string }
  | { kind: 'decision'; approved: boolean; reason?: string };

export function useRepairAction(view: RepairView) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action: { kind, ...body } }: { id: number; action: RepairAction }) =>
      apiPost<RepairDto>(`${pathOf(view)}/${id}/${kind}`, body),
    onSuccess: (repair) => {
      queryClient.setQueryData([...keyOf(view), 'detail', repair.id], repair);
      void queryClient.invalidateQueries({ queryKey: [...keyOf(view), 'list'] });
    },
  });
}
