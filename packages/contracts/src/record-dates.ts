/**
 * The labels of a record's own dates, the same on the portal's profile, in the console, in the credit report and in
 * exports. The dates among its data items (处罚决定日期, 有效期至 …) keep the labels the catalogue gives them. In a file
 * without zod so the portal's profile imports them without the schemas (`@gzcredit/contracts/record-dates`, SPEC §6).
 */
export const RECORD_DATE_LABELS = {
  aroseOn: '信息产生日期',
  receivedAt: '平台接收时间',
  dueOn: '应报送日期',
  publicityUntil: '公示截止日期',
  removedOn: '移出日期',
  correctedAt: '更正时间',
} as const;
