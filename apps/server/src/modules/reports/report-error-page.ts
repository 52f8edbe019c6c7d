import { ERROR_CODES } from '@gzcredit/contracts';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors';
import { escapeHtml } from '../../platform/html';

/** A browser that followed the portal's link asks for a page; API clients (Accept: application/json, *\/*) do not. */
export function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}

function describe(error: FastifyError): { status: number; title: string; message: string } {
  if (error instanceof AppError) {
    const title = error.status === 404 ? '未找到该市场主体' : '无法出具信用报告';
    return { status: error.status, title, message: error.message };
  }
  if (error.statusCode === 429) {
    return { status: 429, title: '访问过于频繁，请稍后再试', message: ERROR_CODES.RATE_LIMITED.message };
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, title: '无法出具信用报告', message: ERROR_CODES.VALIDATION_FAILED.message };
  }
  return { status: 500, title: '无法出具信用报告', message: ERROR_CODES.INTERNAL_ERROR.message };
}

/**
 * The PDF is a plain link on the portal: a browser following it must see a Chinese page, not a JSON error body. The
 * page says what happened, when to retry (Retry-After of the rate limit) and links back to the entity's profile.
 */
export function replyReportErrorPage(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { status, title, message } = describe(error);
  if (status >= 500) request.log.error({ err: error }, 'credit report failed');
  const retryAfter = Number(reply.getHeader('retry-after'));
  const retry =
    status === 429 && Number.isFinite(retryAfter) && retryAfter > 0 ? `<p>请在 ${retryAfter} 秒后重试。</p>` : '';
  const code = (request.params as { creditCode?: unknown } | undefined)?.creditCode;
  const back =
    typeof code === 'string' && /^[0-9A-Za-z]{18}$/.test(code)
      ? `<a href="/enterprises/${escapeHtml(code.toUpperCase())}">返回主体信息页</a> · `
      : '';
  const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - 贵州省企业公共信用信息平台</title>
<style>body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;color:#1f1f1f;background:#f5f5f5}
header{background:#b71c1c;color:#fff;padding:16px 20px;font-size:18px;font-weight:600}
main{max-width:640px;margin:32px auto;padding:24px;background:#fff;border-radius:4px}
h1{font-size:20px;margin:0 0 12px}a{color:#b71c1c}</style></head>
<body><header>贵州省企业公共信用信息平台</header>
<main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p>${retry}<p>${back}<a href="/">返回首页</a></p>
<p style="color:#8c8c8c;font-size:12px">请求编号：${escapeHtml(request.id)}</p></main></body></html>`;
  return reply.status(status).type('text/html; charset=utf-8').send(html);
}
