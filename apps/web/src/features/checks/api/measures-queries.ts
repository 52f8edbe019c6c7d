import type {
  CheckPurposeDto,
  CreateCheckPurposeBody,
  MeasureBody,
  MeasureDto,
  MeasureEditionDetailDto,
  MeasureEditionDto,
  UpdateCheckPurposeBody,
} from '@gzcredit/contracts';
import type { MeasureList } from '@gzcredit/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPost, apiPut } from '../../../lib/api-client';

export type {
  CheckPurposeDto,
  CreateCheckPurposeBody,
  MeasureBody,
  MeasureDto,
  MeasureEditionDetailDto,
  MeasureEditionDto,
  UpdateCheckPurposeBody,
};

const KEYS = {
  purposes: ['console', 'check-purposes'] as const,
  editions: ['console', 'measure-editions'] as const,
};

export function useCheckPurposes() {
  return useQuery({
    queryKey: KEYS.purposes,
    queryFn: ({ signal }) => apiGet<{ items: CheckPurposeDto[] }>('/api/console/check-purposes', undefined, signal),
  });
}

/** Adds a purpose (no `id`) or renames one and turns it on or off; its code never changes. */
export function useSaveCheckPurpose() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (
      change: { id: number; body: UpdateCheckPurposeBody } | { id?: undefined; body: CreateCheckPurposeBody },
    ) =>
      change.id === undefined
        ? apiPost<CheckPurposeDto>('/api/console/check-purposes', change.body)
        : apiPut<CheckPurposeDto>(`/api/console/check-purposes/${change.id}`, change.body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEYS.purposes }),
  });
}

export function useMeasureEditions() {
  return useQuery({
    queryKey: KEYS.editions,
    queryFn: ({ signal }) => apiGet<{ items: MeasureEditionDto[] }>('/api/console/measure-editions', undefined, signal),
  });
}

export function useMeasureEdition(id: number | undefined) {
  return useQuery({
    queryKey: [...KEYS.editions, id],
    queryFn: ({ signal }) => apiGet<MeasureEditionDetailDto>(`/api/console/measure-editions/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

function useInvalidateEditions() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: KEYS.editions });
}

/** A new draft of a list, a copy of its edition in force. */
export function useCreateMeasureEdition() {
  const invalidate = useInvalidateEditions();
  return useMutation({
    mutationFn: (body: { list: MeasureList; label: string }) =>
      apiPost<MeasureEditionDetailDto>('/api/console/measure-editions', body),
    onSuccess: invalidate,
  });
}

/** Adds a measure to a draft (no `id`) or changes one of its measures. */
export function useSaveMeasure() {
  const invalidate = useInvalidateEditions();
  return useMutation({
    mutationFn: ({ editionId, id, body }: { editionId: number; id?: number; body: MeasureBody }) =>
      id === undefined
        ? apiPost<MeasureDto>(`/api/console/measure-editions/${editionId}/measures`, body)
        : apiPut<MeasureDto>(`/api/console/measures/${id}`, body),
    onSuccess: invalidate,
  });
}

export function useDeleteMeasure() {
  const invalidate = useInvalidateEditions();
  return useMutation({
    mutationFn: (id: number) => apiDelete<MeasureDto>(`/api/console/measures/${id}`),
    onSuccess: invalidate,
  });
}

/** Puts a draft in force; the edition it replaces is superseded and stays readable. */
export function usePublishMeasureEdition() {
  const invalidate = useInvalidateEditions();
  return useMutation({
    mutationFn: (id: number) => apiPost<MeasureEditionDetailDto>(`/api/console/measure-editions/${id}/publish`, {}),
    onSuccess: invalidate,
  });
}
