import { ERROR_CODES } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import type { DatabaseHandle } from './database';
import { errorResponses, MEDIA_TYPES } from './openapi';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in: string; name: string }> };
}

let database: DatabaseHandle;
let app: FastifyInstance;
let document: Document;
let operations: { method: string; path: string; operation: Operation }[];

const CHINESE = /[\u4e00-\u9fff]/;
const byId = (operationId: string) => operations.find((entry) => entry.operation.operationId === operationId)!;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  document = (await app.inject('/api/docs/json')).json();
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, operation })),
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('the OpenAPI document (issue 17 item 5)', () => {
  it('gives every operation a unique operationId', () => {
    expect(operations.length).toBeGreaterThan(90);
    const ids = operations.map(({ method, path, operation }) => operation.operationId ?? `${method} ${path} has none`);
    expect(ids.filter((id) => !/^[a-z][A-Za-z]+$/.test(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every response with a Chinese description, and a client error on every operation', () => {
    for (const { method, path, operation } of operations) {
      const statuses = Object.keys(operation.responses);
      expect(statuses, `${method} ${path}`).toContain('200');
      expect(
        statuses.some((status) => status.startsWith('4')),
        `${method} ${path}`,
      ).toBe(true);
      for (const [status, response] of Object.entries(operation.responses)) {
        expect(response.description, `${method} ${path} ${status}`).toMatch(CHINESE);
        expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).not.toEqual([]);
      }
    }
  });

  it('names the security of every operation: console session, CSRF header on changes, the exchange signature', () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      'applicantSession',
      'consoleSession',
      'csrfToken',
      'exchangeKeyId',
      'exchangeNonce',
      'exchangeSignature',
      'exchangeTimestamp',
    ]);
    expect(document.components.securitySchemes.consoleSession).toMatchObject({ in: 'cookie', name: 'gzc_session' });
    expect(document.components.securitySchemes.csrfToken).toMatchObject({ in: 'header', name: 'X-CSRF-Token' });
    for (const { method, path, operation } of operations) {
      const schemes = (operation.security ?? [{ missing: [] }]).flatMap((requirement) => Object.keys(requirement));
      if (path.startsWith('/api/exchange/'))
        expect(schemes, path).toEqual(['exchangeKeyId', 'exchangeTimestamp', 'exchangeNonce', 'exchangeSignature']);
      else if (operation.responses['401']?.description.includes('APPLICANT_UNAUTHENTICATED'))
        // Routes behind an applicant's session (issue 21, objections' requireApplicant): its cookie, and the CSRF
        // header on changes.
        expect(schemes, `${method} ${path}`).toEqual(
          method === 'GET' ? ['applicantSession'] : ['applicantSession', 'csrfToken'],
        );
      else if (path.startsWith('/api/public/') || ['signIn', 'requestPasswordReset'].includes(operation.operationId!))
        expect(operation.security, path).toEqual([]);
      else
        expect(schemes, `${method} ${path}`).toEqual(
          method === 'GET' ? ['consoleSession'] : ['consoleSession', 'csrfToken'],
        );
    }
  });

  it('derives a console route’s error statuses from the codes it declares and the router’s own checks', () => {
    const correction = byId('correctRecord').operation.responses;
    expect(Object.keys(correction)).toEqual(['200', '400', '401', '403', '404', '409', '413']);
    expect(correction['404']!.description).toBe(`${ERROR_CODES.RECORD_NOT_FOUND.message}（RECORD_NOT_FOUND）`);
    expect(correction['409']!.description).toContain('RECORD_UNCHANGED');
    expect(correction['403']!.description).toContain('CSRF_TOKEN_INVALID');
    expect(correction['400']!.description).toContain('RECORD_INVALID');
    // A read of one's own account: no permission to lack, no CSRF, usable during setup, nothing to validate.
    expect(Object.keys(byId('getMe').operation.responses)).toEqual(['200', '401']);
    expect(byId('searchEnterprises').operation.responses['429']!.description).toContain('RATE_LIMITED');
    expect(Object.keys(byId('pushRecords').operation.responses)).toEqual(['200', '400', '401', '409', '413', '429']);
  });

  it('declares downloads with their real media types and uploads with their multipart body', () => {
    const content = (operationId: string) => Object.keys(byId(operationId).operation.responses['200']!.content!);
    expect(content('downloadCreditReport')).toEqual([MEDIA_TYPES.pdf]);
    expect(content('downloadUploadTemplate')).toEqual([MEDIA_TYPES.xlsx, MEDIA_TYPES.csv]);
    expect(content('downloadUploadErrorReport')).toEqual([MEDIA_TYPES.xlsx, MEDIA_TYPES.csv]);
    expect(content('downloadFaultScreenshot')).toEqual(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);
    expect(content('downloadPublicFile')).toContain(MEDIA_TYPES.pdf);
    expect(byId('downloadCreditReport').operation.responses['404']!.content).toHaveProperty(['application/json']);
    const upload = byId('createUpload').operation.requestBody!.content['multipart/form-data'] as {
      schema: { required: string[]; properties: Record<string, { format?: string }> };
    };
    expect(upload.schema.required).toEqual(['itemId', 'file']);
    expect(upload.schema.properties.file!.format).toBe('binary');
    expect(Object.keys(byId('uploadFile').operation.requestBody!.content)).toEqual(['multipart/form-data']);
  });

  it('describes each error status by the Chinese messages of its codes, in status order', () => {
    const responses = errorResponses([
      'RECORD_NOT_FOUND',
      'VALIDATION_FAILED',
      'UPLOAD_NOT_FOUND',
      'VALIDATION_FAILED',
    ]);
    expect(Object.keys(responses)).toEqual(['400', '404']);
    expect(responses[400]!.description).toBe('请求参数有误（VALIDATION_FAILED）');
    expect(responses[404]!.description).toBe('未找到该信息（RECORD_NOT_FOUND）；未找到该上传记录（UPLOAD_NOT_FOUND）');
  });
});
