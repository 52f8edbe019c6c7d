import type {
  RetrySyncDeadLettersResult,
  SyncDeadLetterListDto,
  SyncDestinationDto,
  UpdateSyncDestinationBody,
} from '@gzcredit/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../../../lib/api-client';

export type { SyncDeadLetterDto, SyncDestinationDto, UpdateSyncDestinationBody } from '@gzcredit/contracts';

const BASE = '/api/console/sync/destinations';
const KEY = ['console', 'sync'] as const;
/** The counts move while deliveries run: the page follows them. */
const REFRESH_MS = 3000;

export function useSyncDestinations() {
  return useQuery({
    queryKey: [...KEY, 'destinations'],
    queryFn: ({ signal }) => apiGet<{ items: SyncDestinationDto[] }>(BASE, undefined, signal),
    refetchInterval: REFRESH_MS,
  });
}

export function useSyncDeadLetters(destinationId: number | undefined, page: number) {
  return useQuery({
    queryKey: [...KEY, 'dead-letters', destinationId, page],
    queryFn: ({ signal }) =>
      apiGet<SyncDeadLetterListDto>(`${BASE}/${destinationId}/dead-letters`, { page, pageSize: 20 }, signal),
    enabled: destinationId !== undefined,
    placeholderData: keepPreviousData,
    refetchInterval: REFRESH_MS,
  });
}

export function useUpdateSyncDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: UpdateSyncDestinationBody }) =>
      apiPut<SyncDestinationDto>(`${BASE}/${id}`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRetrySyncDeadLetters() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ids }: { id: number; ids?: number[] }) =>
      apiPost<RetrySyncDeadLettersResult>(`${BASE}/${id}/retries`, ids ? { ids } : {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
