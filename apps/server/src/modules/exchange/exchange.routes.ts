import { pipeline, Transform } from 'node:stream';
import {
  CheckResultSchema,
  type ErrorCode,
  EXCHANGE_HEADERS,
  ExchangeCatalogueSchema,
  IDEMPOTENCY_KEY_PATTERN,
  PullRecordsQuerySchema,
  PullRecordsResponseSchema,
  RunCheckBodySchema,
  SIGNATURE_METHODS,
  SubmitRecordsBodySchema,
  SubmitRecordsResponseSchema,
  SubmitRemovalsBodySchema,
  SubmitRemovalsResponseSchema,
} from '@gzcredit/contracts';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors';
import { parseJsonBody } from '../../platform/json-body';
import { jsonResponse, operation, SECURITY } from '../../platform/openapi';
import { jsonStream } from '../../platform/response-serializer';
import { checkResultJson } from '../checks';
import {
  checkEntities,
  type ExchangeClient,
  type ExchangeDependencies,
  pullRecords,
  pushRecords,
  pushRemovals,
  rateLimitKey,
  readCatalogue,
  recordRefusedRequest,
  signatureMethodOf,
  verifySignedRequest,
} from './exchange.service';
import { createBodyHash } from './signatures';

/** Requests per minute and key (requests naming no active key count against their client IP). */
export const EXCHANGE_REQUESTS_PER_MINUTE = 600;
/** 1,000 records with long texts (违法事实 up to 2,000 characters each) fit comfortably. */
const PUSH_BODY_LIMIT = 10 * 1024 * 1024;
/** A check names up to 10,000 entities (codes, or names of up to 200 characters). */
const CHECK_BODY_LIMIT = 4 * 1024 * 1024;

/** The rate limit's key generator for the exchange API (see `rateLimitKey`). */
export function exchangeRateLimitKey(deps: Pick<ExchangeDependencies, 'db'>) {
  return (request: FastifyRequest): Promise<string> => {
    const keyId = request.headers[EXCHANGE_HEADERS.keyId];
    return rateLimitKey(deps.db, typeof keyId === 'string' ? keyId : undefined, request.ip);
  };
}

const SIGNING_DESCRIPTION = [
  '每个请求须携带签名请求头（详见 docs/exchange-api.md）：',
  '`X-GZ-Key-Id`（在管理控制台“接口凭证”中创建）、`X-GZ-Timestamp`（Unix 时间戳，秒，与平台时间相差不超过 5 分钟）、',
  '`X-GZ-Nonce`（16–64 位 [A-Za-z0-9_-]，同一凭证不得重复使用）、`X-GZ-Signature-Method`（`HMAC-SM3` 缺省，或 `HMAC-SHA256`）、',
  '`X-GZ-Signature`（小写十六进制）。',
  '待签名字符串为 `METHOD\\nPATH_WITH_QUERY\\nTIMESTAMP\\nNONCE\\nHEX_DIGEST_OF_BODY`：请求方法（大写）、',
  '请求路径及查询串（与发送的完全一致，如 `/api/exchange/v1/records?since=0`）、时间戳、随机数、',
  '请求体原始字节的 SM3 或 SHA-256 十六进制摘要（空请求体取空串的摘要），以换行符（\\n）连接；',
  '签名 = HMAC（密钥，待签名字符串），哈希与签名算法一致。',
].join('');

/** The signature method header; the key, timestamp, nonce and signature headers are the `exchange` security scheme. */
const SignedHeadersSchema = z.looseObject({
  'x-gz-signature-method': z.enum(SIGNATURE_METHODS).optional().meta({ description: 'HMAC-SM3（缺省）或 HMAC-SHA256' }),
});

/** What every signed request can be refused with (Art. 14: the refusal is also written to the exchange log). */
const SIGNED_REQUEST_ERRORS: readonly ErrorCode[] = [
  'VALIDATION_FAILED',
  'API_SIGNATURE_INVALID',
  'API_REQUEST_EXPIRED',
  'API_NONCE_REUSED',
  'RATE_LIMITED',
];
/** A push also needs its Idempotency-Key, and may be too large. */
const PUSH_ERRORS: readonly ErrorCode[] = [
  ...SIGNED_REQUEST_ERRORS,
  'IDEMPOTENCY_KEY_REQUIRED',
  'IDEMPOTENCY_KEY_CONFLICT',
  'PAYLOAD_TOO_LARGE',
];

function refusalCode(error: Error, status: number): ErrorCode {
  if (error instanceof AppError) return error.code;
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  return status >= 500 ? 'INTERNAL_ERROR' : 'VALIDATION_FAILED';
}

/** A push's Idempotency-Key header: required, 1–100 visible ASCII characters. */
function idempotencyKeyOf(request: FastifyRequest): string {
  const idempotencyKey = request.headers[EXCHANGE_HEADERS.idempotencyKey];
  if (typeof idempotencyKey !== 'string' || idempotencyKey === '') throw new AppError('IDEMPOTENCY_KEY_REQUIRED');
  if (!IDEMPOTENCY_KEY_PATTERN.test(idempotencyKey))
    throw new AppError('IDEMPOTENCY_KEY_REQUIRED', 'Idempotency-Key 应为 1–100 个可见 ASCII 字符');
  return idempotencyKey;
}

/**
 * 部门信用信息系统接口 (Rules Art. 8, 13(一), 14), mounted at /api/exchange/v1. Every request is signed with the key of a
 * departmental system; the signature covers the raw body bytes, so this plugin (and only it) digests bodies while
 * they arrive, keeps their bytes, and parses the JSON (depth-limited, platform/json-body.ts) only once the signature
 * held: an unsigned body, however deep or wide, is never parsed (issue 14, item 1).
 */
export const exchangeRoutes: FastifyPluginAsyncZod<ExchangeDependencies> = async (app, deps) => {
  const digests = new WeakMap<FastifyRequest, string>();
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  const clients = new WeakMap<FastifyRequest, ExchangeClient>();

  app.addHook('preParsing', async (request, _reply, payload) => {
    const method = signatureMethodOf(request.headers);
    if (request.method !== 'POST' || !method) return payload;
    const hash = createBodyHash(method);
    const digesting = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        hash.update(chunk);
        callback(null, chunk);
      },
      flush(callback) {
        digests.set(request, hash.digest('hex'));
        callback();
      },
    });
    // pipeline, not pipe: a client that breaks off mid-body fails the body's read instead of leaving it pending.
    pipeline(payload, digesting, () => {});
    return digesting;
  });

  // Bytes only (Fastify enforces the route's bodyLimit while they arrive); what they mean is read after the signature.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, bytes, done) => {
    rawBodies.set(request, bytes as Buffer);
    done(null, undefined);
  });

  // Before validation: a caller without a valid signature learns nothing about what a valid request looks like.
  app.addHook('preValidation', async (request) => {
    const bytes = rawBodies.get(request);
    const verification = await verifySignedRequest(deps, {
      method: request.method,
      url: request.url,
      headers: request.headers,
      ...(bytes ? { bodyDigest: digests.get(request) } : {}),
    });
    if (verification.client) clients.set(request, verification.client);
    if (!verification.ok) throw new AppError(verification.code, verification.message);
    if (!bytes) return;
    const mediaType = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (mediaType !== 'application/json')
      throw new AppError('VALIDATION_FAILED', '请求体须为 JSON，Content-Type 应为 application/json');
    request.body = parseJsonBody(bytes.toString('utf8'));
  });

  // Art. 14: every refused exchange request is traced, with the key it claimed and the reason (a flood answered 429
  // by the rate limit is not written row by row).
  app.addHook('onError', async (request, _reply, error) => {
    // The hook runs before the error handler sets the answer's status: take it from the error itself.
    const status = error instanceof AppError ? error.status : (error.statusCode ?? 500);
    if (status === 429) return;
    const keyId = request.headers[EXCHANGE_HEADERS.keyId];
    try {
      await recordRefusedRequest(deps.db, {
        keyId: typeof keyId === 'string' ? keyId : undefined,
        client: clients.get(request),
        code: refusalCode(error, status),
        status,
        method: request.method,
        url: request.url,
        ip: request.ip,
        requestId: request.id,
      });
    } catch (auditError) {
      request.log.error({ err: auditError }, 'could not write the audit row of a refused exchange request');
    }
  });

  app.post(
    '/records',
    {
      bodyLimit: PUSH_BODY_LIMIT,
      schema: {
        tags: ['数据交换接口'],
        summary: '批量推送信用信息（每批最多 1,000 条，须携带 Idempotency-Key）',
        description: `${SIGNING_DESCRIPTION}\n\n每条信息按现行征集目录逐条校验：通过的入库，未通过的在 results 中给出中文错误（字段、名称、原因），整批在一个事务中处理。须携带 \`Idempotency-Key\`（1–100 个可见字符）：同一键同一请求体重发时返回首次的结果而不重复入库；同一键不同请求体返回 409。`,
        headers: SignedHeadersSchema.extend({
          'idempotency-key': z
            .string()
            .optional()
            .meta({ description: '幂等键，1–100 个可见字符；超时或失败后用同一键重发' }),
        }),
        body: SubmitRecordsBodySchema,
        ...operation({
          operationId: 'pushRecords',
          security: SECURITY.exchange,
          ok: jsonResponse('逐条处理结果（通过的已入库，未通过的附中文错误）', SubmitRecordsResponseSchema),
          errors: PUSH_ERRORS,
        }),
      },
    },
    async (request, reply) => {
      const outcome = await pushRecords(deps, clients.get(request)!, {
        idempotencyKey: idempotencyKeyOf(request),
        body: rawBodies.get(request)!,
        records: request.body.records,
        ip: request.ip,
        requestId: request.id,
      });
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return outcome.response;
    },
  );

  app.post(
    '/removals',
    {
      bodyLimit: PUSH_BODY_LIMIT,
      schema: {
        tags: ['数据交换接口'],
        summary: '批量推送移出名单信息（经营异常名录、严重违法失信名单；每批最多 1,000 条，须携带 Idempotency-Key）',
        description: `${SIGNING_DESCRIPTION}\n\n每条移出信息以信息项代码（abnormal_list 或 serious_illegal_list）、统一社会信用代码和列入决定书文号找到本单位传送的在列名单记录，并给出移出日期（不早于列入日期、不晚于当天）、移出原因和作出移出决定机关。通过的移出后该记录不再列为在列名单，在主体公示页“已移出的名单记录”中连同移出信息公示；未通过的在 results 中给出中文错误。Idempotency-Key 的规则与推送信用信息相同。误报的名单记录不是移出，请在管理控制台撤销。`,
        headers: SignedHeadersSchema.extend({
          'idempotency-key': z
            .string()
            .optional()
            .meta({ description: '幂等键，1–100 个可见字符；超时或失败后用同一键重发' }),
        }),
        body: SubmitRemovalsBodySchema,
        ...operation({
          operationId: 'pushRemovals',
          security: SECURITY.exchange,
          ok: jsonResponse('逐条处理结果（通过的已移出，未通过的附中文错误）', SubmitRemovalsResponseSchema),
          errors: PUSH_ERRORS,
        }),
      },
    },
    async (request, reply) => {
      const outcome = await pushRemovals(deps, clients.get(request)!, {
        idempotencyKey: idempotencyKeyOf(request),
        body: rawBodies.get(request)!,
        removals: request.body.removals,
        ip: request.ip,
        requestId: request.id,
      });
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return outcome.response;
    },
  );

  app.post(
    '/checks',
    {
      bodyLimit: CHECK_BODY_LIMIT,
      schema: {
        tags: ['数据交换接口'],
        summary: '信用核查：按用途核查一批主体（最多 10000 个，须携带 Idempotency-Key）',
        description: `${SIGNING_DESCRIPTION}\n\n请求体与管理控制台的信用核查相同：purpose（核查用途代码）、matter（项目名称或编号）、entities（每项给出统一社会信用代码 creditCode 或名称 name）、consortium（联合体，可选）。应答给出核查编号、SM3 摘要和逐户结果：登记状态、本单位可查看的不良信息和在列名单及其形成的信用状况、适用于该用途的失信惩戒措施及其法律依据、良好信息和结论（refused 不予准入/限制、caution 审慎、clear 未发现；未匹配到主体时为 null）。名称不唯一时列出候选主体，不代为选择；统一社会信用代码不合法时整批不核查，details 逐行给出错误。核查记入交换日志和审计日志；Idempotency-Key 的规则与推送信用信息相同，同一键重发时返回首次的核查结果。`,
        headers: SignedHeadersSchema.extend({
          'idempotency-key': z
            .string()
            .optional()
            .meta({ description: '幂等键，1–100 个可见字符；超时或失败后用同一键重发' }),
        }),
        body: RunCheckBodySchema,
        ...operation({
          operationId: 'checkEntities',
          security: SECURITY.exchange,
          ok: jsonResponse('核查编号、SM3 摘要和逐户核查结果', CheckResultSchema),
          errors: [...PUSH_ERRORS, 'CHECK_INPUT_INVALID', 'CHECK_PURPOSE_UNKNOWN'],
        }),
      },
    },
    async (request, reply) => {
      const outcome = await checkEntities(deps, clients.get(request)!, {
        idempotencyKey: idempotencyKeyOf(request),
        body: rawBodies.get(request)!,
        check: request.body,
        ip: request.ip,
        requestId: request.id,
      });
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      // Written from the check's stored form, as the console's answer is (checkResultJson).
      return jsonStream(reply, checkResultJson(outcome.response));
    },
  );

  app.get(
    '/records',
    {
      schema: {
        tags: ['数据交换接口'],
        summary: '拉取其他部门共享信用信息的变化流（按提交顺序，游标续取）',
        description: `${SIGNING_DESCRIPTION}\n\n按提交顺序返回其他部门传送的、使用范围为“公示”或“内部共享”的信息的变化（不含“授权查询”“仅本部门”信息，也不含本单位传送的信息）：changes 逐条给出 created（新增）、corrected（更正后的新版本，带 rootId）、updated（失信等级、报送期限等就地变化或匹配到主体）、superseded（被更正取代的旧版本）、revoked（撤销）、removed（移出名录）、repaired（信用修复，终止公示、停止共享）、expired（公示期届满）；后五种为墓碑，表示该信息已不应再出现在镜像中。items 为 changes 中仍有效信息的当前内容；个人信息（含自由文本中的身份证号码、手机号码）已脱敏。把应答中的 cursor 原样作为下次的 since 即可增量同步；游标不会跳过提交较晚的长事务。旧的数字 since（信息 ID）仍按原方式只返回 items。应用各类变化的方法见 docs/exchange-api.md 第 6 节。按数据项设定交换内容（Rules 第二十二条（四））将在后续版本提供，届时返回的数据项可能减少。`,
        headers: SignedHeadersSchema,
        querystring: PullRecordsQuerySchema,
        ...operation({
          operationId: 'pullRecords',
          security: SECURITY.exchange,
          ok: jsonResponse('变化流与仍有效信息的当前内容', PullRecordsResponseSchema),
          errors: SIGNED_REQUEST_ERRORS,
        }),
      },
    },
    async (request) =>
      pullRecords(deps, clients.get(request)!, { ...request.query, ip: request.ip, requestId: request.id }),
  );

  app.get(
    '/catalogue',
    {
      schema: {
        tags: ['数据交换接口'],
        summary: '现行征集目录的字段字典：各信息项的数据项键、名称、类型、格式、单位和字典值',
        description: `${SIGNING_DESCRIPTION}\n\n返回现行版本征集目录的全部信息项及其数据项（推送时 fields 的键、类型、取值格式、是否必填、最大长度、单位、字典值），与 OpenAPI 文档中 CatalogueFields.<信息项代码> 的内容相同。发布新版本目录后即返回新版本。`,
        headers: SignedHeadersSchema,
        ...operation({
          operationId: 'getCatalogue',
          security: SECURITY.exchange,
          ok: jsonResponse('现行征集目录的信息项与字段字典', ExchangeCatalogueSchema),
          errors: [...SIGNED_REQUEST_ERRORS, 'CATALOGUE_EDITION_NOT_FOUND'],
        }),
      },
    },
    async (request) => readCatalogue(deps, clients.get(request)!, { ip: request.ip, requestId: request.id }),
  );
};
