/** 主体类型 entity kind, from positions 1–2 of the 统一社会信用代码 (GB 32100-2015). */
export const ENTITY_KINDS = ['enterprise', 'individual', 'cooperative', 'other'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];
export const ENTITY_KIND_LABELS: Record<EntityKind, string> = {
  enterprise: '企业',
  individual: '个体工商户',
  cooperative: '农民专业合作社',
  other: '其他组织',
};

/** 登记状态 registration status. */
export const ENTITY_STATUSES = ['active', 'revoked', 'cancelled', 'moved_out'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];
export const ENTITY_STATUS_LABELS: Record<EntityStatus, string> = {
  active: '存续（在营、开业、在册）',
  revoked: '吊销',
  cancelled: '注销',
  moved_out: '迁出',
};

/**
 * Badges shown next to an entity in lists, on its page and in its credit report (SPEC §3 standing): `blacklisted` is a
 * listing in force on 严重违法失信名单 (an item of role `serious_illegal_list`: 黑名单); `severe_record` a 严重失信 record
 * of any other item, which is never called a blacklist; `abnormal` a listing in force on 经营异常名录; `trustworthy`
 * 良好 records and no 不良 one.
 */
export const ENTITY_BADGES = ['blacklisted', 'severe_record', 'abnormal', 'trustworthy'] as const;
export type EntityBadge = (typeof ENTITY_BADGES)[number];
export const ENTITY_BADGE_LABELS: Record<EntityBadge, string> = {
  blacklisted: '列入严重违法失信名单',
  severe_record: '有严重失信记录',
  abnormal: '列入经营异常名录',
  trustworthy: '守信',
};

/**
 * What the badges mean, in one sentence each, as the profile and the credit report both say it: which list the entity
 * is on, or that it has a 严重失信 record that is not a listing. Empty for an entity without these badges.
 */
export function describeStanding(badges: readonly EntityBadge[]): string[] {
  const sentences: string[] = [];
  if (badges.includes('blacklisted'))
    sentences.push('该主体列入严重违法失信名单（黑名单），列入信息见“严重违法失信名单”。');
  if (badges.includes('severe_record')) {
    sentences.push('该主体有严重失信记录（不属于严重违法失信名单），记录见各信息分区中标注“严重失信”的信息。');
  }
  if (badges.includes('abnormal')) sentences.push('该主体列入经营异常名录，列入信息见“经营异常名录”。');
  return sentences;
}
