import type { FaultDto } from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../../lib/api-client';

export type { FaultDto } from '@gzcredit/contracts';
export type FaultSummaryDto = Omit<FaultDto, 'events' | 'screenshots'>;
export type FaultStatus = FaultDto['status'];
export type FaultSeverity = FaultDto['severity'];

export interface ReportFaultBody {
  title: string;
  description: string;
  location: string;
  occurredAt: string;
  severity: FaultSeverity;
  screenshotIds: number[];
}

const BASE = '/api/console';
const MINE = ['console', 'faults', 'mine'] as const;
const QUEUE = ['console', 'faults', 'queue'] as const;

export function useMyFaults(status?: FaultStatus) {
  return useQuery({
    queryKey: [...MINE, 'list', status],
    queryFn: ({ signal }) => apiGet<{ items: FaultSummaryDto[] }>(`${BASE}/faults`, { status }, signal),
  });
}

export function useMyFault(id: number | undefined) {
  return useQuery({
    queryKey: [...MINE, 'detail', id],
    queryFn: ({ signal }) => apiGet<FaultDto>(`${BASE}/faults/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useReportFault() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ReportFaultBody) => apiPost<FaultDto>(`${BASE}/faults`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: MINE }),
  });
}

export function useCommentMyFault() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: number; body: string }) =>
      apiPost<FaultDto>(`${BASE}/faults/${id}/comments`, { body }),
    onSuccess: (fault) => {
      queryClient.setQueryData([...MINE, 'detail', fault.id], fault);
      void queryClient.invalidateQueries({ queryKey: [...MINE, 'list'] });
    },
  });
}

// The provincial bureau's queue (Art. 26).

export function useFaultQueue(status?: FaultStatus) {
  return useQuery({
    queryKey: [...QUEUE, 'list', status],
    queryFn: ({ signal }) => apiGet<{ items: FaultSummaryDto[] }>(`${BASE}/fault-queue`, { status }, signal),
    // The waiting time moves on by itself.
    refetchInterval: 60_000,
  });
}

export function useQueuedFault(id: number | undefined) {
  return useQuery({
    queryKey: [...QUEUE, 'detail', id],
    queryFn: ({ signal }) => apiGet<FaultDto>(`${BASE}/fault-queue/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export type QueueAction =
  | { kind: 'assign'; assigneeId: number }
  | { kind: 'comment'; body: string }
  | { kind: 'resolve'; resolution: string }
  | { kind: 'close' };

export function useQueueAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: number; action: QueueAction }) => {
      const path = `${BASE}/fault-queue/${id}`;
      switch (action.kind) {
        case 'assign':
          return apiPost<FaultDto>(`${path}/assign`, { assigneeId: action.assigneeId });
        case 'comment':
          return apiPost<FaultDto>(`${path}/comments`, { body: action.body });
        case 'resolve':
          return apiPost<FaultDto>(`${path}/resolve`, { resolution: action.resolution });
        case 'close':
          return apiPost<FaultDto>(`${path}/close`, {});
      }
    },
    onSuccess: (fault) => {
      queryClient.setQueryData([...QUEUE, 'detail', fault.id], fault);
      void queryClient.invalidateQueries({ queryKey: [...QUEUE, 'list'] });
    },
  });
}
