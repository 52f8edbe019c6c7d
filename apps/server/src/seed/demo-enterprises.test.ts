import { findIndustry, findRegion, validateCreditCode } from '@gzcredit/domain';
import { describe, expect, it } from 'vitest';
import { generateDemoEnterprises } from './demo-enterprises';

const rows = [...generateDemoEnterprises(10_000, { seed: 11 })].flat();

describe('demo entities', () => {
  it('carry valid, unique credit codes whose kind and region match the row', () => {
    const codes = new Set<string>();
    for (const row of rows) {
      const checked = validateCreditCode(row.creditCode);
      expect(checked.valid, row.creditCode).toBe(true);
      if (!checked.valid) continue;
      expect(checked.kind).toBe(row.kind);
      expect(checked.currentRegionCode).toBe(row.regionCode);
      expect(checked.organizationCodeValid).toBe(true);
      codes.add(row.creditCode);
    }
    expect(codes.size).toBe(rows.length);
  });

  it('use real Guizhou counties and real GB/T 4754-2017 divisions', () => {
    for (const row of rows) {
      expect(findRegion(row.regionCode)?.level).toBe('county');
      const division = findIndustry(row.industryCode!.slice(1));
      expect(division?.level, row.industryCode!).toBe('division');
      expect(division?.parentCode).toBe(row.industryCode![0]);
    }
  });

  it('mix kinds as registrations do: about 70 % 个体工商户, 25 % enterprises, 5 % cooperatives', () => {
    const share = (kind: string) => rows.filter((row) => row.kind === kind).length / rows.length;
    expect(share('individual')).toBeGreaterThan(0.67);
    expect(share('individual')).toBeLessThan(0.73);
    expect(share('enterprise')).toBeGreaterThan(0.22);
    expect(share('enterprise')).toBeLessThan(0.28);
    expect(share('cooperative')).toBeGreaterThan(0.035);
    expect(share('cooperative')).toBeLessThan(0.065);
  });

  it('name entities plausibly for their kind', () => {
    for (const row of rows) {
      if (row.kind === 'enterprise') expect(row.name).toMatch(/(有限公司|有限责任公司|股份有限公司)$/);
      if (row.kind === 'cooperative') expect(row.name).toMatch(/农民专业合作社$/);
      if (row.kind === 'individual') expect(row.name.startsWith(findRegion(row.regionCode)!.name)).toBe(true);
    }
  });

  it('is deterministic for a seed', () => {
    const again = [...generateDemoEnterprises(100, { seed: 11 })].flat();
    expect(again).toEqual(rows.slice(0, 100));
  });
});
