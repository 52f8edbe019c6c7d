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
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  DEMO_DATA: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
  /** Requests per minute and client IP on the anonymous public API. */
  PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Seconds a name search's match list is reused per node (unfiltered fragments only; 0 = never): docs/deployment.md#name-search. */
  SEARCH_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Credit reports (PDF) per minute and client IP, on top of PUBLIC_RATE_LIMIT_PER_MINUTE: a report costs ~0.1 s of CPU. */
  REPORT_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
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
  /** SM4 key (32 hex digits) for personal data at rest; without it one is generated in DATA_DIR on first start. */
  DATA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, { error: '应为 32 位十六进制数（128 位 SM4 密钥）' })
    .optional(),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
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
);

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export class ConfigError extends Error {}

/** The only reader of process.env: parses once and freezes. A bad value stops the start, naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
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
