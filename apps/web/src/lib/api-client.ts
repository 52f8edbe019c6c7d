import type { ErrorBody, ErrorCode } from '@gzcredit/contracts';

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
  ) {
    super(message);
  }
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

/** The web's one API client: GET a JSON resource, or throw an ApiError carrying the server's Chinese message. */
export async function apiGet<T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { headers: { accept: 'application/json' }, signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('NETWORK_ERROR', '网络连接失败，请检查网络后重试', 0);
  }

  const body = await readJson(response);
  if (!response.ok) {
    if (isErrorBody(body)) {
      const { code, message, requestId, details } = body.error;
      throw new ApiError(code, message, response.status, requestId, details);
    }
    throw new ApiError('UNEXPECTED_RESPONSE', `服务暂不可用（HTTP ${response.status}），请稍后再试`, response.status);
  }
  if (body === undefined) {
    throw new ApiError('UNEXPECTED_RESPONSE', '服务器返回的数据无法识别，请稍后再试', response.status);
  }
  return body as T;
}
