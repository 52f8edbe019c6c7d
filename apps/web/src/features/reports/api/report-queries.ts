import type { ReportVerificationDto } from '@gzcredit/contracts';
import { reportVerificationUrl } from '@gzcredit/contracts/early-requests';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

/** GET /api/public/reports/{reportNo}?digest=: whether the platform issued that report, with that digest. */
export function useReportVerification(reportNo: string, digest: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'verification', reportNo, digest ?? null],
    queryFn: ({ signal }) => apiGet<ReportVerificationDto>(reportVerificationUrl(reportNo, digest), undefined, signal),
    enabled: reportNo !== '',
  });
}
