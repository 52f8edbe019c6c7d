import type {
  ApplicantSessionDto,
  PublicRepairDto,
  RepairDto,
  RepairReceiptDto,
  RepairTermsDto,
} from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, applicantRequest } from '../../../lib/api-client';

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

// The portal's side: the terms of a record, the application, following it by number.

/** 信用修复告知: whether and from when the record may be repaired, and the 承诺书 to sign. */
export function useRepairTerms(recordId: number | undefined) {
  return useQuery({
    queryKey: ['repairs', 'terms', recordId],
    queryFn: ({ signal }) => apiGet<RepairTermsDto>('/api/public/repairs/terms', { recordId }, signal),
    enabled: recordId !== undefined,
  });
}

export function useSubmitRepair(session: ApplicantSessionDto | null | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) =>
      applicantRequest<RepairReceiptDto>('POST', '/api/public/repairs', session?.csrfToken ?? '', form),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['enterprise'] }),
  });
}

/** The applicant's own application by number (only the applicant who filed it; others are told it does not exist). */
export function useOwnRepair(repairNo: string | undefined) {
  return useQuery({
    queryKey: ['applicant', 'repairs', repairNo],
    queryFn: ({ signal }) => apiGet<PublicRepairDto>(`/api/public/repairs/${repairNo}`, undefined, signal),
    enabled: repairNo !== undefined,
    retry: false,
  });
}
