import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { consoleHeaders, type TestSession } from './factories';

/** A console call as a signed-in user, with the session cookie and CSRF token. */
export function consoleCall(
  app: FastifyInstance,
  session: TestSession,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  payload?: object,
) {
  return app.inject({
    method,
    url: `/api/console${url}`,
    headers: consoleHeaders(session),
    ...(payload === undefined ? {} : { payload }),
  });
}

/** Uploads one file through POST /api/console/files as multipart/form-data, like the browser does. */
export function uploadFile(
  app: FastifyInstance,
  session: TestSession,
  file: { name: string; content: Buffer; mediaType: string; purpose: 'attachment' | 'image' | 'screenshot' },
) {
  const boundary = `----gzcredit${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.mediaType}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: `/api/console/files?purpose=${file.purpose}`,
    headers: { ...consoleHeaders(session), 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
}
