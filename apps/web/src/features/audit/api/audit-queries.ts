import type {
  AuditRowDto,
  AuditVerificationDto,
  ListAuditResponse,
  SecurityEventKind,
  SecurityEventsDto,
  SecuritySeverity,
} from '@gzcredit/contracts';
import { useMutation, useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, buildUrl } from '../../../lib/api-client';

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

/** The filters of the security events report (安全事件, Art. 28). */
export interface SecurityEventFilters {
  from?: string;
  to?: string;
  kind?: SecurityEventKind;
  severity?: SecuritySeverity;
}

const SECURITY_EVENTS_PATH = '/api/console/security/events';

export function useSecurityEvents(filters: SecurityEventFilters) {
  return useQuery({
    queryKey: ['console', 'security-events', filters],
    queryFn: ({ signal }) => apiGet<SecurityEventsDto>(SECURITY_EVENTS_PATH, { ...filters }, signal),
    placeholderData: (previous) => previous,
    staleTime: 0,
  });
}

/** The same report as an XLSX workbook. */
export function securityEventsExportUrl(filters: SecurityEventFilters): string {
  return buildUrl(`${SECURITY_EVENTS_PATH}/export`, { ...filters });
}
