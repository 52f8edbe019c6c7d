import type { CatalogueField, CatalogueItemDefinition } from './catalogue';
import { addMonths } from './dates';
import type { DishonestyLevel, UseScope } from './levels';

/**
 * A record's life: the current version is `active`; `corrected`, `revoked` and `expired` versions are never public. A
 * `removed` listing (移出) is no longer in force: it is not public as a current listing, only in the history of
 * listings and removals (decideListingHistory).
 */
export type PublicityRecordStatus = 'active' | 'corrected' | 'revoked' | 'expired' | 'removed' | 'repaired';

/**
 * 公示内容 an agency's publicity setting for one catalogue item (Rules Art. 22(五)): whether it publicises the item's
 * records at all, and which fields it keeps out of public view. A setting only narrows what the catalogue allows.
 */
export interface PublicitySetting {
  publicised: boolean;
  hiddenFields: readonly string[];
}

export interface PublicityRecord {
  useScope: UseScope;
  status: PublicityRecordStatus;
  /** A security label: classified records are never public (Art. 7(八): 除涉密信息以外). */
  classified: boolean;
  /** The last day of the publicity window; null while the entity exists (registration data). */
  publicityUntil: string | null;
  aroseOn: string;
  itemCode: string;
}

/** Why a record is not public now. */
export type PublicityRefusal =
  | 'scope_not_public'
  | 'not_current'
  | 'classified'
  | 'window_ended'
  | 'not_yet_arisen'
  | 'suppressed_by_agency';

export const PUBLICITY_REFUSAL_LABELS: Record<PublicityRefusal, string> = {
  scope_not_public: '使用范围不是公示',
  not_current: '已更正、撤销、到期或移出名单',
  classified: '涉密信息',
  window_ended: '公示期已届满',
  not_yet_arisen: '信息产生日期晚于今天',
  suppressed_by_agency: '提供单位设定不公示该信息项',
};

export type PublicityDecision =
  | { visible: false; reason: PublicityRefusal }
  | { visible: true; fields: CatalogueField[] };

/** Whether a field of the catalogue may ever be public: 身份证号码 never is (SPEC §3, Art. 24: personal privacy). */
export function isPublicisableField(field: Pick<CatalogueField, 'type'>): boolean {
  return field.type !== 'id_card';
}

/**
 * The fields of an item a public page shows, in catalogue order: every field the catalogue allows (all but identity-card
 * numbers) minus the ones the agency hides. Mobiles stay: their stored payload value is already masked (138****1234).
 */
export function publicisedFields(
  item: Pick<CatalogueItemDefinition, 'fields'>,
  setting: PublicitySetting | undefined,
): CatalogueField[] {
  const hidden = new Set(setting?.hiddenFields ?? []);
  return item.fields.filter((field) => isPublicisableField(field) && !hidden.has(field.key));
}

/**
 * 公示规则 (SPEC C9; Rules Art. 7(四)(八), 15, 22(五), 24): the one decision whether a record is public now, and which of
 * its fields. A record is public only when its use scope is `public`, it is the current version (`active`: revoked,
 * corrected and expired versions never are), it is not classified, today lies inside its publicity window, and the
 * providing agency publicises its item. `setting` undefined is the catalogue default: everything it allows is public.
 * The agency's setting can only take away (the item, or single fields), never reveal what the catalogue keeps back.
 */
export function decidePublicity(input: {
  record: PublicityRecord;
  item: Pick<CatalogueItemDefinition, 'fields' | 'category'>;
  setting: PublicitySetting | undefined;
  /** Today in China, YYYY-MM-DD. */
  today: string;
}): PublicityDecision {
  const { record, item, setting, today } = input;
  if (record.useScope !== 'public') return { visible: false, reason: 'scope_not_public' };
  if (record.status !== 'active') return { visible: false, reason: 'not_current' };
  if (record.classified) return { visible: false, reason: 'classified' };
  if (record.publicityUntil !== null && record.publicityUntil < today)
    return { visible: false, reason: 'window_ended' };
  if (record.aroseOn > today) return { visible: false, reason: 'not_yet_arisen' };
  if (setting && !setting.publicised) return { visible: false, reason: 'suppressed_by_agency' };
  return { visible: true, fields: publicisedFields(item, setting) };
}

/**
 * 列入及移出 history (SPEC §3: the history of listings and removals is public, as gsxt shows it): a removed listing is
 * shown with its removal when it would have been public while in force (its scope, label and the agency's setting
 * still bind; it has no window to end).
 */
export function decideListingHistory(input: Parameters<typeof decidePublicity>[0]): PublicityDecision {
  if (input.record.status !== 'removed') return { visible: false, reason: 'not_current' };
  return decidePublicity({ ...input, record: { ...input.record, status: 'active' } });
}

/**
 * 更正记录 (Art. 16: before and after are both shown): what a public page shows of the version a correction replaced.
 * That version's own scope and label still bind: its fields are shown (as the agency publicises the item now) only when
 * it was itself public and unclassified; otherwise nothing of it is, so a correction never reveals non-public content.
 */
export function publicisedPreviousFields(
  previous: Pick<PublicityRecord, 'useScope' | 'classified'>,
  item: Pick<CatalogueItemDefinition, 'fields'>,
  setting: PublicitySetting | undefined,
): CatalogueField[] {
  if (previous.useScope !== 'public' || previous.classified) return [];
  return publicisedFields(item, setting);
}

/**
 * 在效 in force on `today` (SPEC §3 standing): the current version (`active`), already arisen and not past its window.
 * The window is the time the conduct counts: at its end a record leaves public view and is no longer shared, so it
 * counts for no standing. Use scope, the security label and the agency's publicity setting decide who sees a record,
 * not whether it counts: the supervisory standing is built from every record in force (platform/publicity-sql.ts).
 */
export function isInForce(
  record: Pick<PublicityRecord, 'status' | 'publicityUntil' | 'aroseOn'>,
  today: string,
): boolean {
  return (
    record.status === 'active' &&
    (record.publicityUntil === null || record.publicityUntil >= today) &&
    record.aroseOn <= today
  );
}

/** The end of a record's publicity window (null: no end while the entity exists), from the item's rule. */
export function publicityUntil(
  item: Pick<CatalogueItemDefinition, 'publicity'>,
  record: { aroseOn: string; dishonestyLevel: DishonestyLevel | null; payload: Record<string, string> },
): string | null {
  const rule = item.publicity;
  if (rule.kind === 'while_exists' || rule.kind === 'until_removed') return null;
  if (rule.kind === 'validity') {
    const validUntil = rule.validUntilField ? record.payload[rule.validUntilField] : undefined;
    return validUntil ?? addMonths(record.aroseOn, rule.months);
  }
  const window = rule.windows[record.dishonestyLevel ?? 'general'];
  return addMonths(record.aroseOn, window.maxMonths);
}
