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
  ACCOUNT_LOCKED: { status: 423, message: '该用户名登录失败次数过多，已暂停在当前网络登录，请稍后再试' },
  FORBIDDEN: { status: 403, message: '您没有执行此操作的权限' },
  CSRF_TOKEN_INVALID: { status: 403, message: '页面已过期，请刷新后重试' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '首次登录或密码重置后须先修改密码' },
  TOTP_ENROLMENT_REQUIRED: { status: 403, message: '管理员账户须先绑定动态口令（双因素认证）' },
  PASSWORD_TOO_WEAK: { status: 400, message: '密码不符合安全要求' },
  AGENCY_NOT_FOUND: { status: 404, message: '未找到该机关' },
  ACCOUNT_NOT_FOUND: { status: 404, message: '未找到该账户' },
  FILING_NOT_FOUND: { status: 404, message: '未找到该管理人员备案' },
  RESET_REQUEST_NOT_FOUND: { status: 404, message: '未找到该密码重置申请' },
  ADMIN_ROLES_EXCLUSIVE: {
    status: 409,
    message: '系统管理员、安全管理员、审计管理员三种角色不得由同一账户兼任（三员分立）',
  },
  MANAGER_NOT_FILED: { status: 409, message: '该人员不在本机关最新一次已通过的管理人员备案名单中' },
  MANAGER_HAS_ACCOUNT: { status: 409, message: '该管理人员已有账户，一名管理人员只能持有一个账户' },
  USERNAME_TAKEN: { status: 409, message: '该用户名已被使用' },
  AGENCY_ALREADY_EXISTS: { status: 409, message: '该行政区划内已有同名机关，或已有市场监管部门' },
  BUREAU_NOT_FOUND: { status: 409, message: '同级市场监管部门尚未在平台开通，暂无法备案' },
  FILING_ALREADY_REVIEWED: { status: 409, message: '该备案已审核，不能重复处理' },
  RESET_REQUEST_ALREADY_HANDLED: { status: 409, message: '该申请已处理' },
  TOTP_NOT_STARTED: { status: 409, message: '请先开始绑定动态口令' },
  TOTP_ALREADY_ENABLED: { status: 409, message: '已绑定动态口令，如需更换请联系安全管理员' },
  TOTP_CODE_INVALID: { status: 400, message: '动态口令不正确，请核对验证器中显示的 6 位数字' },
  FILE_REJECTED: { status: 400, message: '文件类型不被接受' },
  FILE_NOT_FOUND: { status: 404, message: '文件不存在' },
  COLUMN_NOT_FOUND: { status: 404, message: '栏目不存在' },
  COLUMN_STATE_CONFLICT: { status: 409, message: '该专栏申请已处理' },
  ARTICLE_NOT_FOUND: { status: 404, message: '信息不存在' },
  ARTICLE_STATE_CONFLICT: { status: 409, message: '信息当前状态不允许此操作' },
  FAULT_NOT_FOUND: { status: 404, message: '故障报告不存在' },
  FAULT_STATE_CONFLICT: { status: 409, message: '故障报告当前状态不允许此操作' },
  CATALOGUE_EDITION_NOT_FOUND: { status: 404, message: '未找到该版本的征集目录' },
  CATALOGUE_EDITION_STATE_CONFLICT: { status: 409, message: '只有草稿版本的征集目录可以修改或发布' },
  CATALOGUE_ITEM_NOT_FOUND: { status: 404, message: '征集目录中没有该信息项' },
  CATALOGUE_ITEM_INVALID: { status: 400, message: '信息项定义有误' },
  CATALOGUE_ITEM_CODE_TAKEN: { status: 409, message: '该版本目录中已有相同代码的信息项' },
  RECORD_NOT_FOUND: { status: 404, message: '未找到该信息' },
  RECORD_INVALID: { status: 400, message: '信息未通过校验' },
  RECORD_STATE_CONFLICT: { status: 409, message: '该信息已被更正或撤销，请在最新版本上操作' },
  RECORD_UNCHANGED: { status: 409, message: '更正后的内容与原信息相同' },
  API_CLIENT_NOT_FOUND: { status: 404, message: '未找到该接口凭证' },
  API_SIGNATURE_INVALID: { status: 401, message: '请求签名无效' },
  API_REQUEST_EXPIRED: { status: 401, message: '请求时间戳超出允许的 ±5 分钟范围' },
  API_NONCE_REUSED: { status: 401, message: '请求随机数（nonce）已被使用，疑似重放请求' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, message: '批量推送须携带 Idempotency-Key 请求头' },
  IDEMPOTENCY_KEY_CONFLICT: { status: 409, message: '该 Idempotency-Key 已用于内容不同的请求' },
  UPLOAD_NOT_FOUND: { status: 404, message: '未找到该上传记录' },
  UPLOAD_REJECTED: { status: 400, message: '上传的文件无法导入' },
  UPLOAD_NOT_FINISHED: { status: 409, message: '文件仍在处理中，请稍后再试' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '请求内容过大' },
  RATE_LIMITED: { status: 429, message: '请求过于频繁，请稍后再试' },
  INTERNAL_ERROR: { status: 500, message: '服务器内部错误，请稍后再试' },
  SERVICE_UNAVAILABLE: { status: 503, message: '服务暂不可用，请稍后再试' },
  LISTING_NOT_FOUND: { status: 404, message: '未找到该主体在列的名单记录（经营异常名录或严重违法失信名单）' },
  LISTING_REMOVAL_INVALID: { status: 400, message: '移出信息未通过校验' },
  PUBLICITY_GROUND_REQUIRED: { status: 400, message: '依法必须公示的信息项不公示时，须填写法定依据' },
  WITHHOLDING_NOT_FOUND: { status: 404, message: '未找到该不公示事项' },
  WITHHOLDING_STATE_CONFLICT: { status: 409, message: '该不公示事项已撤除或已被纠正' },
  HOST_NOT_ALLOWED: { status: 400, message: '请求的主机名不在本平台允许的范围内' },
  DATABASE_UNAVAILABLE: { status: 503, message: '数据库暂时无法访问，请稍后再试' },
  CALENDAR_YEAR_INVALID: { status: 400, message: '节假日安排有误' },
  CALENDAR_YEAR_CONFIRMED: { status: 409, message: '该年度的节假日安排已确认，不能重复录入' },
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
