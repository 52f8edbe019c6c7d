import type { MeDto } from '@gzcredit/contracts';
import type { Permission } from '@gzcredit/domain';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { apiGet, setCsrfToken } from './api-client';

/** The signed-in account's cache entry; like every console key it starts with 'console', so signing out forgets it. */
export const CURRENT_ACCOUNT_KEY = ['console', 'me'] as const;

async function fetchCurrentAccount(signal?: AbortSignal): Promise<MeDto> {
  const me = await apiGet<MeDto>('/api/console/me', undefined, signal);
  setCsrfToken(me.csrfToken);
  return me;
}

/** The signed-in account; each answer renews the CSRF token the console's mutations carry (SPEC §6). */
export function useCurrentAccount() {
  return useQuery({
    queryKey: CURRENT_ACCOUNT_KEY,
    queryFn: ({ signal }) => fetchCurrentAccount(signal),
    staleTime: 30_000,
  });
}

/** Keeps the account a sign-in or TOTP confirmation answered, with its CSRF token. */
export function rememberCurrentAccount(queryClient: QueryClient, me: MeDto): void {
  setCsrfToken(me.csrfToken);
  queryClient.setQueryData(CURRENT_ACCOUNT_KEY, me);
}

/** Forgets every console answer of the ended session (the next account must not see them). */
export function forgetSession(queryClient: QueryClient): void {
  setCsrfToken(undefined);
  queryClient.removeQueries({ queryKey: ['console'] });
}

/** One permission, or a list meaning "any of". */
export type PermissionRequirement = Permission | readonly Permission[];

/** Whether `held` satisfies `required`: the permission, or any of the list; nothing required passes. */
export function holdsPermission(held: readonly Permission[], required: PermissionRequirement | undefined): boolean {
  if (required === undefined) return true;
  const anyOf: readonly Permission[] = typeof required === 'string' ? [required] : required;
  return anyOf.some((permission) => held.includes(permission));
}
