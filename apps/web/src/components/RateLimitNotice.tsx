import type { ReactNode } from 'react';
import { ApiError } from '../lib/api-client';
import { PortalResult } from './PortalUi';

export function isRateLimited(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 429;
}

/** The portal's answer to a 429 of the public API (per-IP limit): a Chinese notice with when to try again. */
export function RateLimitNotice({ error, extra }: { error: ApiError; extra?: ReactNode }) {
  const wait = error.retryAfterSeconds;
  return (
    <PortalResult
      status="warning"
      role="alert"
      title={<h2 className="rate-limit-title">访问过于频繁，请稍后再试</h2>}
      subTitle={
        wait === undefined
          ? '为保障平台正常运行，同一网络地址每分钟的查询次数有限制。请稍候片刻再查询。'
          : `为保障平台正常运行，同一网络地址每分钟的查询次数有限制。请在 ${wait} 秒后重试。`
      }
      extra={extra}
    />
  );
}
