import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { error: '应为 postgres://用户@主机:端口/数据库 形式的连接串' })
    .optional(),
  /**
   * Two-role PostgreSQL deployments (docs/deployment.md): migrations run as this owner role, while DATABASE_URL is the
   * application role that may not alter the audit trail. Unset: migrations run through DATABASE_URL.
   */
  DATABASE_MIGRATION_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { error: '应为 postgres://用户@主机:端口/数据库 形式的连接串' })
    .optional(),
  /**
   * A streaming replica of DATABASE_URL (docs/deployment.md#read-replica): the public reads (name search, profiles,
   * statistics, report verification) go to it while it answers and lags at most DATABASE_REPLICA_MAX_LAG_SECONDS,
   * otherwise to the primary. Writes always go to the primary.
   */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/.+/, { error: '应为 postgres://用户@主机:端口/数据库 形式的连接串' })
    .optional(),
  /** How far (seconds) the replica may be behind the primary and still serve the public reads. */
  DATABASE_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0.5).max(3600).default(5),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /**
   * Synthetic entities seeded into an empty database. Unset: 20,000 on the embedded engine, none on PostgreSQL; never
   * with NODE_ENV=production, whatever it says (seed/seed.ts demoEntities, issue 17 item 1).
   */
  DEMO_DATA: z.coerce.number().int().min(0).max(10_000_000).optional(),
  /** Requests per minute and client IP on the anonymous public API. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Seconds a name search's match list is reused per node (unfiltered fragments only; 0 = never): docs/deployment.md#name-search. */
  SEARCH_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Credit reports (PDF) per minute and client IP, on top of PUBLIC_RATE_LIMIT_PER_MINUTE: a report costs ~0.1 s of CPU. */
  REPORT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /** 大量下载 (Art. 28): downloads and exports by one account (or one API client's agency) in an hour that make a security event. */
  SECURITY_MASS_DOWNLOAD_PER_HOUR: z.coerce.number().int().min(1).max(100000).default(50),
  /**
   * 信用修复: working days the providing agency has to decide an accepted application (国办发〔2025〕22号; default 10),
   * and how many more one extension with a reason gives.
   */
  REPAIR_DECISION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  REPAIR_EXTENSION_WORKING_DAYS: z.coerce.number().int().min(1).max(60).default(10),
  /**
   * The portal's public address (e.g. https://xinyong.example.gov.cn) printed and encoded in credit reports' QR codes;
   * required in production. Unset: the address each request arrived at, if its Host header names loopback or one of
   * PUBLIC_HOSTS (any other Host is refused, issue 14 item 7).
   */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: '应为 http:// 或 https:// 开头的网址，如 https://xinyong.example.gov.cn' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /** Host names (comma-separated, no port) the Host header may name besides loopback while PUBLIC_BASE_URL is unset. */
  PUBLIC_HOSTS: z
    .string()
    .transform((list) =>
      list
        .split(',')
        .map((host) => host.trim().toLowerCase().replace(/\.$/, ''))
        .filter((host) => host !== ''),
    )
    .pipe(
      z.array(
        z.string().regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$|^\[[0-9a-f:.]+\]$/, {
          error: '应为以逗号分隔的主机名（不带端口），如 xinyong.example.gov.cn,10.0.0.5',
        }),
      ),
    )
    .default([]),
  /** Sign-in attempts per minute and client IP (SPEC §6: rate limits on the sign-in route). */
  SIGN_IN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  /**
   * Console session timeouts (docs/deployment.md#sign-in-lockout). 等保 2.0 level 3 (GB/T 22239-2019 8.1.4.1) asks
   * for sessions that end when idle and for re-authentication; the SPEC §6 values it was assessed with (idle 30 min,
   * administrators 15, absolute 12 h) are the defaults and the ceilings: an operator may only shorten them. The floors
   * keep the console usable (a record form takes minutes to fill).
   */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(30).default(30),
  ADMIN_SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(15).default(15),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(12).default(12),
  /** Largest record file (CSV/XLSX) a console upload may send, in bytes (default 512 MiB); larger ones get 413. */
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(2 ** 31 - 1)
    .default(512 * 1024 * 1024),
  /**
   * How long a worker holds a background job (upload processing) before another may take it over: after a crash the
   * job resumes from its checkpoint once this has passed. Running jobs extend it every quarter of it.
   */
  JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(60),
  /** Delivery to sync destinations (modules/sync): the first retry after a failed attempt, doubled per attempt. */
  SYNC_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(3600).default(5),
  /** The longest wait between two attempts of one delivery (before its jitter). */
  SYNC_RETRY_MAX_SECONDS: z.coerce.number().min(0.01).max(86400).default(600),
  /** How long a destination may take to answer one delivery request. */
  SYNC_REQUEST_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(300).default(10),
  /** How often an idle delivery worker looks for new events. */
  SYNC_POLL_SECONDS: z.coerce.number().min(0.05).max(3600).default(2),
  /**
   * SM4 key (32 hex digits) for personal data at rest, shared by every node; required on PostgreSQL. On the
   * embedded engine, unset, one is generated in DATA_DIR on first start (platform/secrets.ts,
   * docs/deployment.md#data-encryption-key).
   */
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, { error: '应为 32 位十六进制数（128 位 SM4 密钥）' })
    .optional(),
  /**
   * SM2 private key (64 hex digits) that signs the verifiable log's checkpoints and the credit reports (issue 23,
   * docs/verifiable-log.md), shared by every node; required on PostgreSQL. On the embedded engine, unset, one is
   * generated in DATA_DIR on first start (platform/secrets.ts).
   */
  LOG_SIGNING_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: '应为 64 位十六进制数（SM2 私钥）' })
    .optional(),
  /** Minutes between scheduled checkpoints of the verifiable log (each run first checks the log against the last). */
  LOG_CHECKPOINT_MINUTES: z.coerce.number().int().min(1).max(1440).default(5),
  /**
   * A directory outside the database that receives every checkpoint as a file (the witness an operator ships
   * elsewhere) and from which the log monitor reads the last one; unset, the monitor checks against the last checkpoint
   * in the database.
   */
  LOG_WITNESS_DIR: z.string().min(1).optional(),
  /**
   * How many reverse proxies stand in front of the server (`true` is one, `false` none), each appending the address
   * it saw to X-Forwarded-For. The client is the address that many hops from the right: entries further left are
   * whatever the client sent, so trusting them would let any client claim an internal address (/metrics) or a fresh
   * one per request (rate limits, sign-in lockouts).
   */
  TRUST_PROXY: z
    .string()
    .regex(/^(true|false|[1-9])$/, { error: '应为 false、true（一层反向代理）或反向代理的层数 1–9' })
    .default('false')
    .transform((value) => (value === 'false' ? 0 : value === 'true' ? 1 : Number(value))),
  /** Bearer token with which any address may read /metrics; unset, only internal addresses may (docs/deployment.md). */
  METRICS_TOKEN: z.string().min(24, { error: '应至少 24 个字符（建议 openssl rand -hex 32 生成）' }).optional(),
  /** OTLP/HTTP collector base URL (OpenTelemetry's standard variable): set, requests are traced and exported to it. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({
      protocol: /^https?$/,
      error: '应为 http:// 或 https:// 开头的 OTLP/HTTP 接收地址，如 http://otel-collector:4318',
    })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  /**
   * SMTP server for the watch-list digest mail (docs/deployment.md#mail): `smtp://user:password@host:587`
   * (STARTTLS when the server offers it) or `smtps://…:465`. Unset: digests go to the console inbox only.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, { error: '应为 smtp://用户:密码@主机:端口 或 smtps://… 形式的地址' })
    .optional(),
  /** The sender of platform mail, e.g. `贵州省企业公共信用信息平台 <xinyong@example.gov.cn>`; required with SMTP_URL. */
  MAIL_FROM: z.string().trim().min(3).max(200).optional(),
  /**
   * The SMS gateway that sends applicants' one-time codes to the mobile of the entity's registration record
   * (docs/objections.md#sms-gateway): the platform POSTs `{ "mobile", "text" }` as JSON with
   * `Authorization: Bearer SMS_GATEWAY_TOKEN`. Unset: outside production, codes go to the development sink (the server
   * log and the console page 开发环境短信); in production no code can be sent.
   */
  SMS_GATEWAY_URL: z.url({ protocol: /^https?$/, error: '应为 http:// 或 https:// 开头的短信网关地址' }).optional(),
  /** The SMS gateway's credential (a bearer token); required with SMS_GATEWAY_URL. */
  SMS_GATEWAY_TOKEN: z.string().min(16, { error: '应至少 16 个字符' }).optional(),
  /**
   * The province's unified identity service (OpenID Connect issuer, e.g. https://tyrz.guizhou.gov.cn/oidc), through
   * which an entity's legal representative or agent may prove who applies (docs/objections.md#unified-identity).
   * Unset: only the code to the registered mobile is offered.
   */
  OIDC_ISSUER: z
    .url({ protocol: /^https?$/, error: '应为 http:// 或 https:// 开头的 OpenID Connect 签发者地址' })
    .optional(),
  /** The platform's client id and secret at the identity service; required with OIDC_ISSUER. */
  OIDC_CLIENT_ID: z.string().trim().min(1).max(200).optional(),
  OIDC_CLIENT_SECRET: z.string().min(8, { error: '应至少 8 个字符' }).optional(),
  /** Scopes asked of the identity service, space-separated; `openid` is always asked. */
  OIDC_SCOPES: z
    .string()
    .trim()
    .regex(/^[\x21\x23-\x5b\x5d-\x7e]+( [\x21\x23-\x5b\x5d-\x7e]+)*$/, {
      error: '应为以空格分隔的 scope，如 openid profile',
    })
    .default('openid profile'),
  /** The ID-token or userinfo claim that carries the entity's 统一社会信用代码 (the legal person it authenticated). */
  OIDC_CREDIT_CODE_CLAIM: z.string().trim().min(1).max(100).default('credit_code'),
  /** 政府网站标识码 shown in the portal's footer (e.g. `5200000052`); unset: not shown. */
  SITE_IDENTIFIER: z
    .string()
    .regex(/^[0-9A-Za-z]{10}$/, { error: '网站标识码应为 10 位数字或字母' })
    .optional(),
  /** ICP 备案号 shown in the portal's footer with a link to the MIIT register (e.g. `黔ICP备05002316号-1`). */
  ICP_RECORD: z.string().trim().min(4).max(60).optional(),
  /** 公安机关互联网站安全备案号 shown in the footer with a link to its record (e.g. `黔公网安备 52010302000123号`). */
  PSB_RECORD: z
    .string()
    .trim()
    .regex(/\d{14}/, { error: '公安备案号应含 14 位备案编号' })
    .max(60)
    .optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
});

/** Rules across variables. */
const ConfigRules = ConfigSchema.refine(
  (config) => config.NODE_ENV !== 'production' || config.PUBLIC_BASE_URL !== undefined,
  {
    path: ['PUBLIC_BASE_URL'],
    error:
      '生产环境（NODE_ENV=production）必须设置，如 https://xinyong.example.gov.cn：信用报告的二维码不得取自请求的 Host 头',
  },
)
  .refine((config) => config.DATABASE_REPLICA_URL === undefined || config.DATABASE_URL !== undefined, {
    path: ['DATABASE_REPLICA_URL'],
    error: '只读副本须与 PostgreSQL 主库一起使用：设置了 DATABASE_REPLICA_URL 时必须设置 DATABASE_URL',
  })
  .refine((config) => config.SMS_GATEWAY_URL === undefined || config.SMS_GATEWAY_TOKEN !== undefined, {
    path: ['SMS_GATEWAY_TOKEN'],
    error: '设置了 SMS_GATEWAY_URL 时必须设置短信网关的访问令牌',
  })
  .refine(
    (config) =>
      config.OIDC_ISSUER === undefined ||
      (config.OIDC_CLIENT_ID !== undefined && config.OIDC_CLIENT_SECRET !== undefined),
    { path: ['OIDC_CLIENT_ID'], error: '设置了 OIDC_ISSUER 时必须设置 OIDC_CLIENT_ID 和 OIDC_CLIENT_SECRET' },
  )
  .refine((config) => config.SMTP_URL === undefined || config.MAIL_FROM !== undefined, {
    path: ['MAIL_FROM'],
    error: '设置了 SMTP_URL 时必须设置发件人，如 贵州省企业公共信用信息平台 <xinyong@example.gov.cn>',
  });

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

/** Every variable the server reads (the README's configuration table lists exactly these: config-readme.test.ts). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(ConfigSchema.shape);

export class ConfigError extends Error {}

/** The only reader of process.env: parses once and freezes. A bad value stops the start, naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(CONFIG_VARIABLES.map((key) => [key, env[key] === '' ? undefined : env[key]]));
  const parsed = ConfigRules.safeParse(relevant);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) =>
        `  ${issue.path.join('.')}=${JSON.stringify(env[String(issue.path[0])]) ?? '（未设置）'}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration (环境变量配置有误):\n${lines.join('\n')}`);
  }
  return Object.freeze(parsed.data);
}
