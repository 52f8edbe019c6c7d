import { describe, expect, it } from 'vitest';
import type { CatalogueField, CatalogueItemDefinition } from './catalogue';
import { USE_SCOPES } from './levels';
import {
  decidePublicity,
  type PublicityRecord,
  type PublicityRecordStatus,
  type PublicitySetting,
  publicisedFields,
  publicisedPreviousFields,
} from './publicity';

const TODAY = '2026-06-15';

const item: Pick<CatalogueItemDefinition, 'fields' | 'category'> = {
  category: 'basic',
  fields: [
    { key: 'legalRepresentative', label: '法定代表人', type: 'text', required: true },
    { key: 'legalRepresentativeIdCard', label: '法定代表人身份证号码', type: 'id_card', required: false },
    { key: 'contactMobile', label: '联系电话', type: 'mobile', required: false },
    { key: 'approvedOn', label: '核准日期', type: 'date', required: true },
    { key: 'address', label: '住所', type: 'text', required: true },
  ],
};
const keys = (fields: CatalogueField[]) => fields.map((field) => field.key);
const ALL_PUBLIC = ['legalRepresentative', 'contactMobile', 'approvedOn', 'address'];

const STATUSES: PublicityRecordStatus[] = ['active', 'corrected', 'revoked', 'expired'];
const WINDOWS: Array<{ name: string; until: string | null; inside: boolean }> = [
  { name: 'no end', until: null, inside: true },
  { name: 'ends later', until: '2027-06-15', inside: true },
  { name: 'ends today', until: TODAY, inside: true },
  { name: 'ended yesterday', until: '2026-06-14', inside: false },
];
const SETTINGS: Array<{ name: string; setting: PublicitySetting | undefined; fields: string[] | null }> = [
  { name: 'catalogue default', setting: undefined, fields: ALL_PUBLIC },
  { name: 'publicised, nothing hidden', setting: { publicised: true, hiddenFields: [] }, fields: ALL_PUBLIC },
  {
    name: 'publicised, address and mobile hidden',
    setting: { publicised: true, hiddenFields: ['address', 'contactMobile'] },
    fields: ['legalRepresentative', 'approvedOn'],
  },
  { name: 'item not publicised', setting: { publicised: false, hiddenFields: [] }, fields: null },
];

describe('decidePublicity', () => {
  const combinations = USE_SCOPES.flatMap((useScope) =>
    STATUSES.flatMap((status) =>
      [false, true].flatMap((classified) =>
        WINDOWS.flatMap((window) => SETTINGS.map((setting) => ({ useScope, status, classified, window, setting }))),
      ),
    ),
  );

  it('covers every combination of scope × status × classification × window × setting', () => {
    expect(combinations).toHaveLength(4 * 4 * 2 * 4 * 4);
  });

  it.each(
    combinations.map((c) => ({
      ...c,
      label: `${c.useScope}, ${c.status}, ${c.classified ? 'classified' : 'unclassified'}, ${c.window.name}, ${c.setting.name}`,
    })),
  )('decides $label', ({ useScope, status, classified, window, setting }) => {
    const record: PublicityRecord = {
      useScope,
      status,
      classified,
      publicityUntil: window.until,
      aroseOn: '2026-01-10',
      itemCode: 'registration',
    };
    const decision = decidePublicity({ record, item, setting: setting.setting, today: TODAY });
    const expectedVisible =
      useScope === 'public' && status === 'active' && !classified && window.inside && setting.fields !== null;
    expect(decision.visible).toBe(expectedVisible);
    if (decision.visible) {
      expect(keys(decision.fields)).toEqual(setting.fields);
      expect(keys(decision.fields)).not.toContain('legalRepresentativeIdCard');
    } else {
      // The reason names the first rule that failed, in the order the rules are checked.
      const reason =
        useScope !== 'public'
          ? 'scope_not_public'
          : status !== 'active'
            ? 'not_current'
            : classified
              ? 'classified'
              : !window.inside
                ? 'window_ended'
                : 'suppressed_by_agency';
      expect(decision.reason).toBe(reason);
    }
  });

  it('never shows an identity-card field, even when the setting lists nothing hidden or names it as shown', () => {
    const decision = decidePublicity({
      record: {
        useScope: 'public',
        status: 'active',
        classified: false,
        publicityUntil: null,
        aroseOn: '2020-01-01',
        itemCode: 'registration',
      },
      item: { category: 'basic', fields: [{ key: 'idCard', label: '身份证号码', type: 'id_card', required: true }] },
      setting: { publicised: true, hiddenFields: [] },
      today: TODAY,
    });
    expect(decision).toEqual({ visible: true, fields: [] });
  });

  it('ignores hidden keys the item does not have (a setting cannot add fields)', () => {
    expect(keys(publicisedFields(item, { publicised: true, hiddenFields: ['nonexistent', 'address'] }))).toEqual([
      'legalRepresentative',
      'contactMobile',
      'approvedOn',
    ]);
  });

  it('keeps a record out of view before the day it arose', () => {
    const decision = decidePublicity({
      record: {
        useScope: 'public',
        status: 'active',
        classified: false,
        publicityUntil: '2027-01-01',
        aroseOn: '2026-06-16',
        itemCode: 'penalty',
      },
      item,
      setting: undefined,
      today: TODAY,
    });
    expect(decision).toEqual({ visible: false, reason: 'not_yet_arisen' });
  });
});

describe('publicisedPreviousFields', () => {
  const setting: PublicitySetting = { publicised: true, hiddenFields: ['address'] };

  it('shows the replaced version with the fields the agency publicises when that version was public', () => {
    expect(keys(publicisedPreviousFields({ useScope: 'public', classified: false }, item, setting))).toEqual([
      'legalRepresentative',
      'contactMobile',
      'approvedOn',
    ]);
  });

  it.each(['shared', 'authorised', 'internal'] as const)('shows nothing of a replaced %s version', (useScope) => {
    expect(publicisedPreviousFields({ useScope, classified: false }, item, setting)).toEqual([]);
  });

  it('shows nothing of a replaced classified version', () => {
    expect(publicisedPreviousFields({ useScope: 'public', classified: true }, item, undefined)).toEqual([]);
  });
});
