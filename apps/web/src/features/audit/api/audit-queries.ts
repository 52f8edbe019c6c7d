import type { AuditRowDto, AuditVerificationDto, ListAuditResponse } from '@gzcredit/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../../lib/api-client';

export type { AuditRowDto };
export type AuditResult = AuditRowDto['result'];

export interface AuditFilters {
  from?: string;
  to?: string;
  username?: string;
  action?: string;
  result?: AuditResult;
  page: number;
  pageSize: number;
}

export function useAuditRows(filters: AuditFilters) {
  return useQuery({
    queryKey: ['console', 'audit', filters],
    queryFn: ({ signal }) => apiGet<ListAuditResponse>('/api/console/audit', { ...filters }, signal),
    placeholderData: (previous) => previous,
    staleTime: 0,
  });
}

export function useVerifyAuditChain() {
  return useMutation({ mutationFn: () => apiPost<AuditVerificationDto>('/api/console/audit/verify', {}) });
}
