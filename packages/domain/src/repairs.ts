import type { CatalogueItemDefinition } from './catalogue';
import { addMonths } from './dates';
import { DISHONESTY_LEVEL_LABELS, type DishonestyLevel } from './levels';
import type { WorkingDayCalendar, WorkingDayDeadline } from './working-days';

/**
 * 信用修复 credit repair (《信用修复管理办法》国家发展改革委令第36号, in force from 2026-04-01; 国办发〔2025〕22号): the stages
 * of an application. The platform accepts it as complete or not (`incomplete`, 不予受理) within 3 working days; the
 * providing agency then decides (谁认定、谁修复): `approved` ends publicity and sharing, `refused` gives reasons.
 */
export const REPAIR_STATUSES = ['submitted', 'incomplete', 'accepted', 'approved', 'refused'] as const;
export type RepairStatus = (typeof REPAIR_STATUSES)[number];
export const REPAIR_STATUS_LABELS: Record<RepairStatus, string> = {
  submitted: '待受理',
  incomplete: '不予受理',
  accepted: '已受理，待认定单位决定',
  approved: '准予修复',
  refused: '不予修复',
};
/** Stages in which an application is still open: one open application per record. */
export const OPEN_REPAIR_STATUSES = ['submitted', 'accepted'] as const satisfies readonly RepairStatus[];

/** 国办发〔2025〕22号: the platform decides whether to accept within 3 working days of receiving the application. */
export const REPAIR_ACCEPTANCE_WORKING_DAYS = 3;

/**
 * 屡禁不止、屡罚不改: the measures bar repair for a period after repeated conduct. The text available here is garbled
 * (reference notes §3.2: 待核实 against 令第36号): the platform bars, for this many months, a record arising after a
 * repair of the same item was approved for the same entity, and names the rule in its refusal.
 */
export const REPEAT_CONDUCT_BAR_MONTHS = 12;

/**
 * Records another procedure governs, which this platform's repair cannot end (令第36号 art. 2: 法律、法规…明确规定不可
 * 修复的情形; notes §3.3: market-regulation lists keep their own removal). Keyed by item role or code.
 */
export const REPAIR_EXCLUSIONS: Record<string, string> = {
  abnormal_list:
    '经营异常名录信息按《企业经营异常名录管理办法》，在履行相关义务后向作出列入决定的市场监督管理部门申请移出，不适用信用修复申请',
  judgment_defaulter:
    '失信被执行人信息依《最高人民法院关于公布失信被执行人名单信息的若干规定》由作出决定的人民法院删除，不适用信用修复申请',
};

/**
 * 严重违法失信名单: an entity may ask to leave it early after a year on it (《市场监督管理严重违法失信名单管理办法》第十六条:
 * 列入满一年); a listing has no publicity window of months (catalogue `until_removed`).
 */
export const LISTING_MIN_MONTHS = 12;

export interface RepairSubject {
  status: string;
  aroseOn: string;
  dishonestyLevel: DishonestyLevel | null;
  item: Pick<CatalogueItemDefinition, 'code' | 'category' | 'role' | 'publicity'>;
}

/** The shortest publicity before an application (months), or null when the item's records are not repairable here. */
export function repairMinMonths(subject: Pick<RepairSubject, 'dishonestyLevel' | 'item'>): number | null {
  const { item } = subject;
  if (item.category !== 'bad') return null;
  if (item.publicity.kind === 'by_level') return item.publicity.windows[subject.dishonestyLevel ?? 'general'].minMonths;
  if (item.role === 'serious_illegal_list') return LISTING_MIN_MONTHS;
  return null;
}

export type RepairEligibility =
  | { eligible: true; from: string; minMonths: number }
  | {
      eligible: false;
      reason: 'not_repairable' | 'excluded' | 'not_current' | 'too_early' | 'repeat_conduct';
      /** The earliest day an application is accepted, when waiting is what is missing. */
      from?: string;
      message: string;
    };

/**
 * Whether the entity may apply now (令第36号: the minimum publicity has passed; what the law excludes and the bar after
 * repeated conduct are refused with the reason). `lastRepairOfItem`: the day the entity's last approved repair of a
 * record of the same item was decided (China date), if any.
 */
export function repairEligibility(
  subject: RepairSubject,
  today: string,
  lastRepairOfItem: string | null = null,
): RepairEligibility {
  const excluded = REPAIR_EXCLUSIONS[subject.item.role] ?? REPAIR_EXCLUSIONS[subject.item.code];
  if (excluded) return { eligible: false, reason: 'excluded', message: excluded };
  const minMonths = repairMinMonths(subject);
  if (minMonths === null)
    return { eligible: false, reason: 'not_repairable', message: '只有不良信息（失信信息）可以申请信用修复' };
  if (subject.status !== 'active')
    return {
      eligible: false,
      reason: 'not_current',
      message: '该信息已更正、撤销、移出、修复或公示期届满，不在公示中，无需申请信用修复',
    };
  if (
    lastRepairOfItem !== null &&
    subject.aroseOn >= lastRepairOfItem &&
    subject.aroseOn <= addMonths(lastRepairOfItem, REPEAT_CONDUCT_BAR_MONTHS)
  ) {
    const from = addMonths(subject.aroseOn, REPEAT_CONDUCT_BAR_MONTHS);
    if (today < from)
      return {
        eligible: false,
        reason: 'repeat_conduct',
        from,
        message: `该主体的同类失信信息已于 ${lastRepairOfItem} 修复，修复后 ${REPEAT_CONDUCT_BAR_MONTHS} 个月内再次发生同类失信行为（屡禁不止、屡罚不改），${from} 前不予修复`,
      };
  }
  const from = addMonths(subject.aroseOn, minMonths);
  if (today < from) {
    const level = subject.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[subject.dishonestyLevel] : '该';
    return {
      eligible: false,
      reason: 'too_early',
      from,
      message: `${level}信息的最短公示期为 ${minMonths} 个月，自 ${subject.aroseOn} 起算，${from} 起方可申请信用修复`,
    };
  }
  return { eligible: true, from, minMonths };
}

/** The day the platform must accept or refuse an application received on `receivedOn` (China date). */
export function repairAcceptanceDue(calendar: WorkingDayCalendar, receivedOn: string): WorkingDayDeadline {
  return calendar.addWorkingDays(receivedOn, REPAIR_ACCEPTANCE_WORKING_DAYS);
}

/** The agency's deadline: `days` working days after the application was accepted (default 10, configurable). */
export function repairDecisionDue(calendar: WorkingDayCalendar, acceptedOn: string, days: number): WorkingDayDeadline {
  return calendar.addWorkingDays(acceptedOn, days);
}

/** The text of the 信用承诺书 the applicant signs: generated by the platform from the record applied for. */
export function repairCommitmentText(input: {
  entityName: string;
  creditCode: string;
  itemName: string;
  agencyName: string;
  aroseOn: string;
}): string {
  return [
    '信用修复承诺书',
    `本主体${input.entityName}（统一社会信用代码：${input.creditCode}）就${input.agencyName}于 ${input.aroseOn} 认定的${input.itemName}申请信用修复，郑重承诺：`,
    '一、已纠正相关失信行为，并已履行行政处罚决定、列入决定等确定的全部法定义务；',
    '二、所提交的申请材料和证明材料真实、合法、有效，不存在虚构、隐瞒或伪造；',
    '三、自觉遵守法律法规，诚信经营，不再发生同类失信行为；',
    '四、如违背承诺，愿意依法依规承担相应责任，并同意将违背承诺的情况记入信用记录。',
  ].join('\n');
}
