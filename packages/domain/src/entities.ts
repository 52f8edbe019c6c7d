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

/** Badges shown next to an entity in lists and on its page. */
export const ENTITY_BADGES = ['blacklisted', 'abnormal', 'trustworthy'] as const;
export type EntityBadge = (typeof ENTITY_BADGES)[number];
export const ENTITY_BADGE_LABELS: Record<EntityBadge, string> = {
  blacklisted: '严重失信（黑名单）',
  abnormal: '经营异常',
  trustworthy: '守信',
};
