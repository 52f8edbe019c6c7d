import type { ReportVerificationDto } from '@gzcredit/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiGet, buildUrl } from '../../../lib/api-client';

/** The verification's address, shared with main.tsx's early request (lib/early-requests.ts). */
export function reportVerificationUrl(reportNo: string, digest: string | undefined): string {
  return buildUrl(`/api/public/reports/${encodeURIComponent(reportNo)}`, { digest });
}

/** GET /api/public/reports/{reportNo}?digest=: whether the platform issued that report, with that digest. */
export function useReportVerification(reportNo: string, digest: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'verification', reportNo, digest ?? null],
    queryFn: ({ signal }) => apiGet<ReportVerificationDto>(reportVerificationUrl(reportNo, digest), undefined, signal),
    enabled: reportNo !== '',
  });
}
