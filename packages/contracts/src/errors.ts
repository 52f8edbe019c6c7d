/**
 * The closed table of error codes: the HTTP status and the default Chinese message come from here, never from the
 * call site (SPEC §4: `{ error: { code, message, details?, requestId } }`).
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: { status: 400, message: '请求参数有误' },
  SEARCH_QUERY_TOO_SHORT: { status: 400, message: '查询关键词至少需要 2 个字符' },
  SEARCH_PAGE_OUT_OF_RANGE: { status: 400, message: '超出可查看的结果范围，请缩小查询条件' },
  CREDIT_CODE_INVALID: { status: 400, message: '统一社会信用代码格式不正确' },
  ENTERPRISE_NOT_FOUND: { status: 404, message: '未找到该统一社会信用代码对应的市场主体' },
  ROUTE_NOT_FOUND: { status: 404, message: '请求的地址不存在' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已超时，请重新登录' },
  SIGN_IN_FAILED: { status: 401, message: '用户名或密码错误' },
  OTP_REQUIRED: { status: 401, message: '请输入动态口令' },
  OTP_INVALID: { status: 401, message: '动态口令错误或已过期' },
  ACCOUNT_LOCKED: { status: 423, message: '密码错误次数过多，账户已锁定 30 分钟' },
  FORBIDDEN: { status: 403, message: '您没有执行此操作的权限' },
  CSRF_TOKEN_INVALID: { status: 403, message: '页面已过期，请刷新后重试' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录或密码重置后须先修改密码' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, message: '管理员账户须先绑定动态口令（双因素认证）' },
  PASSWORD_TOO_WEAK: { status: 400, message: '密码不符合安全要求' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '服务器内部错误，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后再试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldErrorDetail {
  /** Dotted path of the field, e.g. `query.q` or `records.3.creditCode`. */
  field: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId: string };
}
