import { describe, expect, it } from 'vitest';
import { DEFAULT_LEVEL_WINDOWS } from './catalogue';
import { repairEligibility, repairMinMonths } from './repairs';

const penalty = {
  code: 'penalty',
  category: 'bad',
  role: 'penalty',
  publicity: { kind: 'by_level', windows: DEFAULT_LEVEL_WINDOWS },
} as const;
const subject = (overrides: object = {}) => ({
  status: 'active',
  aroseOn: '2026-01-15',
  dishonestyLevel: 'general' as const,
  item: penalty,
  ...overrides,
});

describe('repairEligibility (令第36号)', () => {
  it('opens the day the level’s minimum publicity ends, not before', () => {
    expect(repairEligibility(subject(), '2026-04-14')).toMatchObject({
      eligible: false,
      reason: 'too_early',
      from: '2026-04-15',
    });
    expect(repairEligibility(subject(), '2026-04-15')).toEqual({ eligible: true, from: '2026-04-15', minMonths: 3 });
    expect(repairEligibility(subject({ dishonestyLevel: 'severe' }), '2026-12-31')).toMatchObject({
      eligible: false,
      from: '2027-01-15',
    });
  });

  it('takes the item’s own minimum (a law may set another), none at 0 months', () => {
    const item = {
      ...penalty,
      publicity: { kind: 'by_level', windows: { ...DEFAULT_LEVEL_WINDOWS, general: { minMonths: 0, maxMonths: 3 } } },
    } as const;
    expect(repairEligibility(subject({ item }), '2026-01-15')).toMatchObject({ eligible: true, minMonths: 0 });
  });

  it('gives a 严重违法失信名单 listing a year, and refuses what another procedure governs', () => {
    const listing = {
      code: 'serious_illegal_list',
      category: 'bad',
      role: 'serious_illegal_list',
      publicity: { kind: 'until_removed' },
    } as const;
    expect(repairMinMonths({ dishonestyLevel: 'severe', item: listing })).toBe(12);
    const abnormal = { ...listing, code: 'abnormal_list', role: 'abnormal_list' } as const;
    expect(repairEligibility(subject({ item: abnormal }), '2027-01-01')).toMatchObject({
      eligible: false,
      reason: 'excluded',
    });
    const defaulter = { ...penalty, code: 'judgment_defaulter', role: 'record' } as const;
    expect(repairEligibility(subject({ item: defaulter }), '2027-01-01')).toMatchObject({ reason: 'excluded' });
    const good = { ...penalty, category: 'good' } as const;
    expect(repairEligibility(subject({ item: good }), '2027-01-01')).toMatchObject({ reason: 'not_repairable' });
  });

  it('refuses a record no longer current, and bars one arising within 12 months after a repair of the same item', () => {
    expect(repairEligibility(subject({ status: 'repaired' }), '2027-01-01')).toMatchObject({ reason: 'not_current' });
    const barred = repairEligibility(subject({ aroseOn: '2026-03-01' }), '2026-07-01', '2026-02-01');
    expect(barred).toMatchObject({ eligible: false, reason: 'repeat_conduct', from: '2027-03-01' });
    // A record older than the repair is not a repetition.
    expect(repairEligibility(subject(), '2026-07-01', '2026-02-01')).toMatchObject({ eligible: true });
    expect(repairEligibility(subject({ aroseOn: '2026-03-01' }), '2027-03-01', '2026-02-01')).toMatchObject({
      eligible: true,
    });
  });
});
