import type { ErrorBody, ErrorCode } from '@gzcredit/contracts';
import { takeEarlyResponse } from './early-requests';

/** Codes the client raises itself when no error body from the server is available. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE';

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    /** HTTP status; 0 when the request never reached the server. */
    readonly status: number,
    readonly requestId?: string,
    readonly details?: unknown,
    /** Seconds to wait before retrying, from a 429's Retry-After header. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Retry-After in seconds (delta form only, as @fastify/rate-limit sends it); undefined when absent or malformed. */
function retryAfter(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined;
}

export type QueryValue = string | number | boolean | null | undefined;

export function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body as { error: unknown };
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** The console session's CSRF token (SPEC §6), kept from MeDto.csrfToken after sign-in and after GET /me. */
let csrfToken: string | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

export function getCsrfToken(): string | undefined {
  return csrfToken;
}

const SESSION_LOST_CODES: ReadonlySet<string> = new Set(['UNAUTHENTICATED', 'SESSION_EXPIRED']);
type SessionLostListener = (error: ApiError) => void;
const sessionLostListeners = new Set<SessionLostListener>();

/** Called when a console call answers 401 UNAUTHENTICATED or SESSION_EXPIRED; returns the unsubscribe function. */
export function onSessionLost(listener: SessionLostListener): () => void {
  sessionLostListeners.add(listener);
  return () => {
    sessionLostListeners.delete(listener);
  };
}

function isSessionLost(path: string, error: ApiError): boolean {
  return path.startsWith('/api/console/') && error.status === 401 && SESSION_LOST_CODES.has(error.code);
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

async function request<T>(
  method: Method,
  url: string,
  body: unknown,
  signal?: AbortSignal,
  csrf: string | undefined = csrfToken,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin', signal };
  if (method === 'GET') {
    delete init.method;
  } else {
    if (csrf) headers['X-CSRF-Token'] = csrf;
    if (body instanceof FormData) {
      // The browser sets multipart/form-data with its boundary itself.
      init.body = body;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
  }

  let response: Response;
  try {
    response = await ((method === 'GET' && takeEarlyResponse(url)) || fetch(url, init));
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('NETWORK_ERROR', '网络连接失败，请检查网络后重试', 0);
  }

  const responseBody = await readJson(response);
  if (!response.ok) {
    if (isErrorBody(responseBody)) {
      const { code, message, requestId, details } = responseBody.error;
      const error = new ApiError(code, message, response.status, requestId, details, retryAfter(response));
      if (isSessionLost(url, error)) {
        for (const listener of sessionLostListeners) listener(error);
      }
      throw error;
    }
    if (response.status === 429) {
      // A proxy in front of the platform may refuse with its own body: still say it in Chinese.
      throw new ApiError('RATE_LIMITED', '请求过于频繁，请稍后再试', 429, undefined, undefined, retryAfter(response));
    }
    throw new ApiError('UNEXPECTED_RESPONSE', `服务暂不可用（HTTP ${response.status}），请稍后再试`, response.status);
  }
  if (responseBody === undefined) {
    throw new ApiError('UNEXPECTED_RESPONSE', '服务器返回的数据无法识别，请稍后再试', response.status);
  }
  return responseBody as T;
}

/** The web's one API client: GET a JSON resource, or throw an ApiError carrying the server's Chinese message. */
export function apiGet<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
  return request<T>('GET', buildUrl(path, query), undefined, signal);
}

/** POST a JSON body; console mutations carry the session's X-CSRF-Token. */
export function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('POST', path, body);
}

/**
 * A portal applicant's change (objections, repairs; issue 21): POST or DELETE with the applicant session's CSRF token
 * rather than the console's.
 */
export function applicantRequest<T>(method: 'POST' | 'DELETE', path: string, csrf: string, body?: unknown): Promise<T> {
  return request<T>(method, path, body, undefined, csrf);
}

export function apiPut<T>(path: string, body?: unknown): Promise<T> {
  return request<T>('PUT', path, body);
}

export function apiDelete<T>(path: string): Promise<T> {
  return request<T>('DELETE', path, undefined);
}

/** POST one file as multipart/form-data (field `file`) with the session's X-CSRF-Token. */
export function apiUpload<T>(path: string, file: Blob & { name?: string }, query?: Record<string, QueryValue>) {
  const form = new FormData();
  form.append('file', file, file.name);
  return request<T>('POST', buildUrl(path, query), form);
}
