/** 信息类别 record category: Guizhou's three categories of enterprise public credit information (Rules Art. 11). */
export const RECORD_CATEGORIES = ['basic', 'good', 'bad'] as const;
export type RecordCategory = (typeof RECORD_CATEGORIES)[number];
export const RECORD_CATEGORY_LABELS: Record<RecordCategory, string> = {
  basic: '基础',
  good: '良好',
  bad: '不良',
};

/** 失信等级 dishonesty level: every 不良 record carries one (Rules Art. 7(三), 13). */
export const DISHONESTY_LEVELS = ['general', 'serious', 'severe'] as const;
export type DishonestyLevel = (typeof DISHONESTY_LEVELS)[number];
export const DISHONESTY_LEVEL_LABELS: Record<DishonestyLevel, string> = {
  general: '一般失信',
  serious: '较重失信',
  severe: '严重失信',
};

/** 使用范围 use scope of a record (Rules Art. 22(四)(五), 24); classified records are never public. */
export const USE_SCOPES = ['public', 'shared', 'authorised', 'internal'] as const;
export type UseScope = (typeof USE_SCOPES)[number];
export const USE_SCOPE_LABELS: Record<UseScope, string> = {
  public: '公示',
  shared: '内部共享',
  authorised: '授权查询',
  internal: '仅本部门',
};
