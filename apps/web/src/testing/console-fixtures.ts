import type { MeDto } from '@gzcredit/contracts';
import { vi } from 'vitest';
import { jsonResponse } from './render';

export function meFixture(overrides: Partial<MeDto> = {}): MeDto {
  return {
    id: 1,
    username: 'admin',
    displayName: '系统管理员',
    agency: { id: 1, name: '贵州省市场监督管理局', regionCode: '520000', level: 'province', kind: 'market_regulation' },
    permissions: ['account.admin'],
    mustChangePassword: false,
    totpEnabled: true,
    totpRequired: true,
    csrfToken: 'csrf-token-1',
    ...overrides,
  };
}

export function errorResponse(code: string, message: string, status: number, details?: unknown): Response {
  return jsonResponse({ error: { code, message, details, requestId: 'req-1' } }, status);
}

type Handler = (init: RequestInit | undefined, url: string) => Response | Promise<Response>;

/**
 * Stubs fetch with handlers keyed by "METHOD /path" (the query string ignored); an unknown request fails the test
 * loudly with a 404 body naming it.
 */
export function stubConsoleApi(handlers: Record<string, Handler>) {
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const key = `${init?.method ?? 'GET'} ${url.split('?')[0]}`;
    const handler = handlers[key];
    if (!handler) return errorResponse('ROUTE_NOT_FOUND', `no stub for ${key}`, 404);
    return handler(init, url);
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}
