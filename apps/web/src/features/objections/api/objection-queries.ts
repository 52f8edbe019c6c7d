import type {
  ApplicantCodeSentDto,
  ApplicantSessionDto,
  ConsoleObjectionDto,
  DecideObjectionBody,
  EnterpriseProfileDto,
  ObjectionDto,
  RecordDetailDto,
  RequestApplicantCodeBody,
  SmsSinkListDto,
} from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, apiGet, apiPost, applicantRequest } from '../../../lib/api-client';

const APPLICANT = ['applicant'] as const;

/** The applicant session, or null when there is none (401 is the normal answer before the identity step). */
export function useApplicantSession() {
  return useQuery({
    queryKey: [...APPLICANT, 'session'],
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<ApplicantSessionDto>('/api/public/applicant/session', undefined, signal);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
}

export function useIdentityOptions() {
  return useQuery({
    queryKey: [...APPLICANT, 'options'],
    queryFn: ({ signal }) =>
      apiGet<{ sms: boolean; oidc: boolean }>('/api/public/applicant/options', undefined, signal),
  });
}

export function useRequestCode() {
  return useMutation({
    mutationFn: (body: RequestApplicantCodeBody) => apiPost<ApplicantCodeSentDto>('/api/public/applicant/codes', body),
  });
}

export function useSignInWithCode() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { creditCode: string; code: string }) =>
      apiPost<ApplicantSessionDto>('/api/public/applicant/session', body),
    onSuccess: (session) => queryClient.setQueryData([...APPLICANT, 'session'], session),
  });
}

export function useSignOutApplicant(session: ApplicantSessionDto | null | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => applicantRequest('DELETE', '/api/public/applicant/session', session?.csrfToken ?? ''),
    onSuccess: () => queryClient.setQueryData([...APPLICANT, 'session'], null),
  });
}

/** The entity's public profile: the records an objection may concern. */
export function useOwnProfile(creditCode: string | undefined) {
  return useQuery({
    queryKey: ['enterprise', creditCode],
    queryFn: ({ signal }) => apiGet<EnterpriseProfileDto>(`/api/public/enterprises/${creditCode}`, undefined, signal),
    enabled: creditCode !== undefined,
  });
}

export function useOwnObjections(enabled: boolean) {
  return useQuery({
    queryKey: [...APPLICANT, 'objections'],
    queryFn: ({ signal }) => apiGet<{ items: ObjectionDto[] }>('/api/public/objections', undefined, signal),
    enabled,
  });
}

export function useFileObjection(session: ApplicantSessionDto | null | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (form: FormData) =>
      applicantRequest<ObjectionDto>('POST', '/api/public/objections', session?.csrfToken ?? '', form),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: [...APPLICANT, 'objections'] });
      void queryClient.invalidateQueries({ queryKey: ['enterprise'] });
    },
  });
}

// The console's queues.

const QUEUE = ['console', 'objections'] as const;

export function useObjectionQueue(queue: 'agency' | 'escalated') {
  return useQuery({
    queryKey: [...QUEUE, queue],
    queryFn: ({ signal }) =>
      apiGet<{ items: ConsoleObjectionDto[]; total: number }>('/api/console/objections', { queue }, signal),
  });
}

export function useRecordFields(recordId: number | undefined) {
  return useQuery({
    queryKey: ['console', 'record', recordId],
    queryFn: ({ signal }) => apiGet<RecordDetailDto>(`/api/console/records/${recordId}`, undefined, signal),
    enabled: recordId !== undefined,
  });
}

export function useObjectionAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, body }: { id: number; action: 'extension' | 'decision'; body: unknown }) =>
      apiPost<ConsoleObjectionDto>(`/api/console/objections/${id}/${action}`, body as DecideObjectionBody),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: QUEUE }),
  });
}

export function useSmsSink() {
  return useQuery({
    queryKey: ['console', 'sms-sink'],
    queryFn: ({ signal }) => apiGet<SmsSinkListDto>('/api/console/sms-sink', undefined, signal),
    refetchInterval: (query) => (query.state.status === 'error' ? false : 5000),
    retry: false,
  });
}
