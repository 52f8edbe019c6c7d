import type { ApiClientDto, CreateApiClientBody, CreatedApiClientDto } from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../../lib/api-client';

export type { ApiClientDto, CreatedApiClientDto } from '@gzcredit/contracts';

const BASE = '/api/console/api-clients';
const KEY = ['console', 'exchange', 'api-clients'] as const;

export function useApiClients() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiGet<{ items: ApiClientDto[] }>(BASE, undefined, signal),
  });
}

/** Creates a key; the answer carries the secret, shown once and never again. */
export function useCreateApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateApiClientBody) => apiPost<CreatedApiClientDto>(BASE, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export function useRevokeApiClient() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiPost<ApiClientDto>(`${BASE}/${id}/revocation`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}
