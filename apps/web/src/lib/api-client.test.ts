import type { ErrorBody } from '@gzcredit/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiDelete, apiGet, apiPost, apiPut, buildUrl, onSessionLost, setCsrfToken } from './api-client';

function jsonResponse(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('apiGet', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('builds the query string, skipping undefined, null and empty values', async () => {
    const fetchMock = vi.fn(async () => jsonResponse({ ok: true }, 200));
    vi.stubGlobal('fetch', fetchMock);

    const body = await apiGet<{ ok: boolean }>('/api/public/enterprises', {
      q: '茅台 酒',
      region: undefined,
      industry: '',
      kind: null,
      dishonest: true,
      page: 2,
    });

    expect(body).toEqual({ ok: true });
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/public/enterprises?q=%E8%8C%85%E5%8F%B0+%E9%85%92&dishonest=true&page=2',
      expect.objectContaining({ headers: { accept: 'application/json' } }),
    );
  });

  it('leaves the path bare when no query value is set', () => {
    expect(buildUrl('/api/public/enterprises/9152000071430580XT', { q: undefined })).toBe(
      '/api/public/enterprises/9152000071430580XT',
    );
  });

  it('unwraps the error body into an ApiError with code, Chinese message, status, request id and details', async () => {
    const errorBody: ErrorBody = {
      error: {
        code: 'SEARCH_QUERY_TOO_SHORT',
        message: '查询关键词至少需要 2 个字符',
        details: [{ field: 'query.q', message: '至少 2 个字符' }],
        requestId: 'req-42',
      },
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(errorBody, 400)),
    );

    const error = await rejection(apiGet('/api/public/enterprises', { q: '茅' }));

    expect(error.code).toBe('SEARCH_QUERY_TOO_SHORT');
    expect(error.message).toBe('查询关键词至少需要 2 个字符');
    expect(error.status).toBe(400);
    expect(error.requestId).toBe('req-42');
    expect(error.details).toEqual([{ field: 'query.q', message: '至少 2 个字符' }]);
  });

  it('turns a network failure into an ApiError with a Chinese message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );

    const error = await rejection(apiGet('/api/public/enterprises', { q: '茅台' }));

    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.status).toBe(0);
    expect(error.message).toBe('网络连接失败，请检查网络后重试');
  });

  it('reports a failure without an error body (e.g. a proxy page) with its status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('<html>Bad Gateway</html>', { status: 502 })),
    );

    const error = await rejection(apiGet('/api/public/enterprises', { q: '茅台' }));

    expect(error.code).toBe('UNEXPECTED_RESPONSE');
    expect(error.status).toBe(502);
    expect(error.message).toContain('502');
  });
});

describe('console mutations', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('sends the session CSRF token, a JSON body and same-origin credentials with POST, PUT and DELETE', async () => {
    const fetchMock = vi.fn(async () => jsonResponse({ ok: true }, 200));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-123');

    await apiPost('/api/console/accounts', { username: 'li' });
    await apiPut('/api/console/me/password', { currentPassword: 'a', newPassword: 'b' });
    await apiDelete('/api/console/session');

    const calls = fetchMock.mock.calls as unknown as [string, RequestInit][];
    expect(calls.map(([, init]) => init.method)).toEqual(['POST', 'PUT', 'DELETE']);
    for (const [, init] of calls) {
      expect(init.credentials).toBe('same-origin');
      expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('token-123');
    }
    const [, postInit] = calls[0]!;
    expect(postInit.body).toBe(JSON.stringify({ username: 'li' }));
    expect((postInit.headers as Record<string, string>)['content-type']).toBe('application/json');
  });

  it('sends no CSRF header on a GET', async () => {
    const fetchMock = vi.fn(async () => jsonResponse({ ok: true }, 200));
    vi.stubGlobal('fetch', fetchMock);
    setCsrfToken('token-123');

    await apiGet('/api/console/me');

    const [, init] = (fetchMock.mock.calls as unknown as [string, RequestInit][])[0]!;
    expect(init.headers).toEqual({ accept: 'application/json' });
  });

  it('tells the listeners when a console call finds the session expired, and not for other errors', async () => {
    const listener = vi.fn();
    const unsubscribe = onSessionLost(listener);
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse({ error: { code: 'SESSION_EXPIRED', message: '登录已超时，请重新登录', requestId: 'r' } }, 401),
      ),
    );
    await rejection(apiPost('/api/console/accounts', {}));
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ code: 'SESSION_EXPIRED' }));

    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse({ error: { code: 'FORBIDDEN', message: '无权限', requestId: 'r' } }, 403)),
    );
    await rejection(apiPost('/api/console/accounts', {}));
    expect(listener).toHaveBeenCalledTimes(1);
    unsubscribe();
  });
});
