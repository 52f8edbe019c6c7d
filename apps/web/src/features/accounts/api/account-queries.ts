import type { ChangePasswordBody, MeDto, SignInBody } from '@gzcredit/contracts';
import type { Permission } from '@gzcredit/domain';
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiDelete, apiGet, apiPost, apiPut } from '../../../lib/api-client';
import { CURRENT_ACCOUNT_KEY, forgetSession, rememberCurrentAccount } from '../../../lib/session';
import type {
  AccountDto,
  AccountListDto,
  AgencyDetailDto,
  AgencyDto,
  CreateAccountBody,
  CreateAgencyBody,
  CreatedAccountDto,
  FilingDto,
  FilingStatus,
  ManagerInput,
  ResetRequestDto,
  ResetRequestStatus,
  TotpEnrolmentDto,
} from './account-types';

const BASE = '/api/console';
export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) => apiPost<MeDto>(`${BASE}/session`, body),
    onSuccess: (me) => {
      forgetSession(queryClient);
      rememberCurrentAccount(queryClient, me);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiDelete<{ ok: true }>(`${BASE}/session`),
    onSettled: () => forgetSession(queryClient),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ChangePasswordBody) => apiPut<{ ok: true }>(`${BASE}/me/password`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: CURRENT_ACCOUNT_KEY }),
  });
}

export function useRequestPasswordReset() {
  return useMutation({
    mutationFn: (body: { username: string; reason: string }) =>
      apiPost<{ ok: true; message: string }>(`${BASE}/password-reset-requests`, body),
  });
}

export function useBeginTotp() {
  return useMutation({ mutationFn: () => apiPost<TotpEnrolmentDto>(`${BASE}/me/totp`) });
}

export function useConfirmTotp() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (otp: string) => apiPut<MeDto>(`${BASE}/me/totp`, { otp }),
    onSuccess: (me) => rememberCurrentAccount(queryClient, me),
  });
}

// Agencies and filings (Rules Art. 19, 20).

export function useAgencies() {
  return useQuery({
    queryKey: ['console', 'agencies'],
    queryFn: ({ signal }) => apiGet<{ items: AgencyDto[] }>(`${BASE}/agencies`, undefined, signal),
  });
}

export function useAgency(id: number | undefined) {
  return useQuery({
    queryKey: ['console', 'agencies', id],
    queryFn: ({ signal }) => apiGet<AgencyDetailDto>(`${BASE}/agencies/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

export function useCreateAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateAgencyBody) => apiPost<AgencyDto>(`${BASE}/agencies`, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['console', 'agencies'] }),
  });
}

export function useRecordFiling(agencyId: number) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (managers: ManagerInput[]) => apiPost<FilingDto>(`${BASE}/agencies/${agencyId}/filings`, { managers }),
    onSuccess: () => invalidateFilings(queryClient),
  });
}

function invalidateFilings(queryClient: QueryClient) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['console', 'agencies'] }),
    queryClient.invalidateQueries({ queryKey: ['console', 'filings'] }),
  ]);
}

export function useFilings(status?: FilingStatus) {
  return useQuery({
    queryKey: ['console', 'filings', status ?? 'all'],
    queryFn: ({ signal }) => apiGet<{ items: FilingDto[] }>(`${BASE}/filings`, { status }, signal),
  });
}

export function useSubmitFiling() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (managers: ManagerInput[]) => apiPost<FilingDto>(`${BASE}/filings`, { managers }),
    onSuccess: () => invalidateFilings(queryClient),
  });
}

export function useReviewFiling() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, accept, note }: { id: number; accept: boolean; note?: string }) =>
      accept
        ? apiPost<FilingDto>(`${BASE}/filings/${id}/accept`)
        : apiPost<FilingDto>(`${BASE}/filings/${id}/return`, { note }),
    onSuccess: () => invalidateFilings(queryClient),
  });
}

// Accounts (Rules Art. 19, 22).

export interface AccountFilters {
  agencyId?: number;
  q?: string;
  page: number;
}

export function useAccounts(filters: AccountFilters) {
  return useQuery({
    queryKey: ['console', 'accounts', filters],
    queryFn: ({ signal }) => apiGet<AccountListDto>(`${BASE}/accounts`, { ...filters }, signal),
    placeholderData: (previous) => previous,
  });
}

function useAccountMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['console', 'accounts'] }),
  });
}

export function useCreateAccount() {
  return useAccountMutation((body: CreateAccountBody) => apiPost<CreatedAccountDto>(`${BASE}/accounts`, body));
}

export function useUpdatePermissions() {
  return useAccountMutation(({ id, permissions }: { id: number; permissions: Permission[] }) =>
    apiPut<AccountDto>(`${BASE}/accounts/${id}/permissions`, { permissions }),
  );
}

export function useDisableAccount() {
  return useAccountMutation(({ id, reason }: { id: number; reason: string }) =>
    apiPost<AccountDto>(`${BASE}/accounts/${id}/disable`, { reason }),
  );
}

export function useEnableAccount() {
  return useAccountMutation((id: number) => apiPost<AccountDto>(`${BASE}/accounts/${id}/enable`));
}

// Password reset requests (Rules Art. 21).

export function useResetRequests(status: ResetRequestStatus) {
  return useQuery({
    queryKey: ['console', 'reset-requests', status],
    queryFn: ({ signal }) =>
      apiGet<{ items: ResetRequestDto[] }>(`${BASE}/password-reset-requests`, { status }, signal),
  });
}

function useResetRequestMutation<V, R>(mutationFn: (variables: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['console', 'reset-requests'] }),
  });
}

export function useIssueOneTimePassword() {
  return useResetRequestMutation((id: number) =>
    apiPost<{ oneTimePassword: string }>(`${BASE}/password-reset-requests/${id}/issue`),
  );
}

export function useRejectResetRequest() {
  return useResetRequestMutation(({ id, note }: { id: number; note: string }) =>
    apiPost<ResetRequestDto>(`${BASE}/password-reset-requests/${id}/reject`, { note }),
  );
}
