import type { CheckEntityListDto, CheckResultDto, CheckVerificationDto, RunCheckBody } from '@gzcredit/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, apiUpload } from '../../../lib/api-client';

export interface CheckPurposeOption {
  code: string;
  name: string;
  active: boolean;
}

/** GET /api/console/check-purposes: the purposes a check is made for (政府采购 … 其他), kept by the provincial bureau. */
export function useCheckPurposes() {
  return useQuery({
    queryKey: ['console', 'check-purposes'],
    queryFn: ({ signal }) => apiGet<{ items: CheckPurposeOption[] }>('/api/console/check-purposes', {}, signal),
  });
}

/** POST /api/console/checks: runs, stores and answers a check. */
export function useRunCheck() {
  return useMutation({ mutationFn: (body: RunCheckBody) => apiPost<CheckResultDto>('/api/console/checks', body) });
}

/** POST /api/console/checks/entity-lists: the codes and names of an uploaded XLSX or CSV list (nothing is stored). */
export function useReadEntityList() {
  return useMutation({
    mutationFn: (file: File) => apiUpload<CheckEntityListDto>('/api/console/checks/entity-lists', file),
  });
}

/** The check's PDF, printed by the server with its number, SM3 digest and verification QR code. */
export function checkPdfUrl(checkNo: string): string {
  return `/api/console/checks/${encodeURIComponent(checkNo)}/report.pdf`;
}

/** GET /api/public/checks/{checkNo}?digest=: whether the platform issued that check, with that digest. */
export function useCheckVerification(checkNo: string, digest: string | undefined) {
  return useQuery({
    queryKey: ['checks', 'verification', checkNo, digest ?? null],
    queryFn: ({ signal }) =>
      apiGet<CheckVerificationDto>(`/api/public/checks/${encodeURIComponent(checkNo)}`, { digest }, signal),
    enabled: checkNo !== '',
  });
}
