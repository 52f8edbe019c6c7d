import type { SwaggerOptions } from '@fastify/swagger';
import { ERROR_CODES, ErrorBodySchema, type ErrorCode } from '@gzcredit/contracts';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_HEADER, SESSION_COOKIE } from './sessions';

/**
 * The OpenAPI side of every route (issue 17 item 5): responses are declared from the error codes a route answers with,
 * so each status carries its Chinese description from the code table (packages/contracts/src/errors.ts) and no route
 * writes one by hand; downloads are declared with their real media types; security names one of the schemes below.
 */

/** One declared answer: a Chinese description and its body by media type (Fastify's and @fastify/swagger's form). */
export interface ResponseDeclaration {
  description: string;
  content: Record<string, { schema: z.ZodType }>;
}

/** A downloaded file's bytes. */
export const BinarySchema = z.string().meta({ format: 'binary' });

export const MEDIA_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
  zip: 'application/zip',
  json: 'application/json',
} as const;

/** A JSON answer with its Chinese description. */
export function jsonResponse(description: string, schema: z.ZodType): ResponseDeclaration {
  return { description, content: { [MEDIA_TYPES.json]: { schema } } };
}

/** A file download in any of `mediaTypes` (a stored file may be of several kinds). */
export function fileResponse(description: string, mediaTypes: readonly string[]): ResponseDeclaration {
  return { description, content: Object.fromEntries(mediaTypes.map((type) => [type, { schema: BinarySchema }])) };
}

/**
 * The error answers of an operation: one per HTTP status, described by the Chinese messages of the codes that give it
 * (`请求参数有误（VALIDATION_FAILED）；…`), each body in the one error shape.
 */
export function errorResponses(codes: Iterable<ErrorCode>): Record<number, ResponseDeclaration> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set(codes)) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return Object.fromEntries(
    [...byStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, group]) => [
        status,
        jsonResponse(group.map((code) => `${ERROR_CODES[code].message}（${code}）`).join('；'), ErrorBodySchema),
      ]),
  );
}

/** The codes of a route with a rate limit (@fastify/rate-limit answers 429 RATE_LIMITED). */
export const RATE_LIMITED: readonly ErrorCode[] = ['RATE_LIMITED'];

export const SECURITY_SCHEMES = {
  consoleSession: {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: '管理控制台会话：登录（POST /api/console/session）成功后平台设置的 HttpOnly Cookie',
  },
  csrfToken: {
    type: 'apiKey',
    in: 'header',
    name: 'X-CSRF-Token',
    description: `登录（或申请人身份验证）应答中的 csrfToken；管理控制台及申请人改变数据的请求（POST、PUT、PATCH、DELETE）须在 ${CSRF_HEADER} 请求头中携带`,
  },
  applicantSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'gzc_applicant',
    description:
      '异议、信用修复的申请人会话：以登记手机号验证码（POST /api/public/applicant/session）或统一身份认证验证后平台设置的 HttpOnly Cookie',
  },
  exchangeKeyId: {
    type: 'apiKey',
    in: 'header',
    name: 'X-GZ-Key-Id',
    description: '接口凭证 ID（gz_ 开头，在管理控制台“接口凭证”中创建）',
  },
  exchangeTimestamp: {
    type: 'apiKey',
    in: 'header',
    name: 'X-GZ-Timestamp',
    description: 'Unix 时间戳（秒），与平台时间相差不超过 5 分钟',
  },
  exchangeNonce: {
    type: 'apiKey',
    in: 'header',
    name: 'X-GZ-Nonce',
    description: '随机数，16–64 位 [A-Za-z0-9_-]，同一凭证不得重复使用',
  },
  exchangeSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'X-GZ-Signature',
    description:
      'HMAC-SM3（缺省）或 HMAC-SHA256（X-GZ-Signature-Method）签名，小写十六进制；待签名字符串为 ' +
      'METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nHEX_DIGEST_OF_BODY（docs/exchange-api.md）',
  },
} as const;

/** The security requirement of each kind of route: all schemes of one object are required together. */
export const SECURITY = {
  /** Anonymous: the public portal's API and signing in. */
  none: [],
  console: [{ consoleSession: [] }],
  consoleMutation: [{ consoleSession: [], csrfToken: [] }],
  /** An entity's applicant (objections, repairs): its session, and the CSRF header on changes. */
  applicant: [{ applicantSession: [] }],
  applicantMutation: [{ applicantSession: [], csrfToken: [] }],
  exchange: [{ exchangeKeyId: [], exchangeTimestamp: [], exchangeNonce: [], exchangeSignature: [] }],
} satisfies Record<string, Partial<Record<keyof typeof SECURITY_SCHEMES, never[]>>[]>;

type RouteDocument = Parameters<typeof jsonSchemaTransform>[0];

/**
 * The zod transform, plus a multipart upload's form (`schema.multipart`, a zod object): documented as the request
 * body, never validated as one (the handler streams the parts itself).
 */
function transformRoute(document: RouteDocument) {
  const { multipart, ...schema } = (document.schema ?? {}) as { multipart?: z.ZodObject };
  const transformed = jsonSchemaTransform({ ...document, schema });
  if (!multipart) return transformed;
  return {
    ...transformed,
    schema: {
      ...transformed.schema,
      consumes: ['multipart/form-data'],
      body: z.toJSONSchema(multipart, { target: 'draft-2020-12', io: 'input' }),
    },
  };
}

/**
 * The zod transform of the whole document, less the schemas nothing refers to: every schema with an id is emitted in
 * an input and an output version (ErrorBodyInput, ErrorBody), and a version no operation uses is noise to a client
 * generator.
 */
function transformDocument(document: Parameters<typeof jsonSchemaTransformObject>[0]) {
  const transformed = jsonSchemaTransformObject(document);
  const schemas = ('components' in transformed ? transformed.components?.schemas : undefined) as
    | Record<string, unknown>
    | undefined;
  if (!schemas) return transformed;
  const referenced = (name: string) =>
    JSON.stringify({ paths: transformed.paths, schemas: { ...schemas, [name]: undefined } }).includes(
      `"#/components/schemas/${name}"`,
    );
  for (const name of Object.keys(schemas)) if (!referenced(name)) delete schemas[name];
  return transformed;
}

/** @fastify/swagger's options: the document's head, its security schemes, and the transforms above. */
export const SWAGGER_OPTIONS: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: '贵州省企业公共信用信息平台 API',
      description:
        '公示查询、数据交换与管理控制台接口。错误统一为 { error: { code, message, details?, requestId } }；' +
        '各接口列出其可能返回的状态码与错误代码，此外任何接口在服务器内部错误时返回 500（INTERNAL_ERROR），' +
        '数据库暂时无法访问时返回 503（DATABASE_UNAVAILABLE，带 Retry-After）。',
      version: '1.0.0',
    },
    servers: [{ url: '/', description: '本平台（与门户同一地址）' }],
    components: { securitySchemes: SECURITY_SCHEMES },
  },
  transform: transformRoute,
  transformObject: transformDocument,
};

/**
 * The OpenAPI part of a route declared directly on Fastify (the public API, the exchange API, signing in): its
 * operationId, security, answer and error statuses. Console routes get theirs from platform/console-routes.ts.
 */
export function operation(spec: {
  operationId: string;
  security: (typeof SECURITY)[keyof typeof SECURITY];
  ok: ResponseDeclaration;
  errors: readonly ErrorCode[];
}) {
  return {
    operationId: spec.operationId,
    security: spec.security,
    response: { 200: spec.ok, ...errorResponses(spec.errors) },
  };
}
