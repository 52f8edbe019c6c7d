import { describe, expect, it } from 'vitest';
import {
  countiesOf,
  FORMER_REGIONS,
  findFormerRegion,
  findRegion,
  prefectures,
  REGIONS,
  regionName,
  regionPath,
  resolveRegionCode,
} from './regions';

describe('REGIONS', () => {
  it('holds the province, 9 prefectures and 88 counties of Guizhou', () => {
    expect(REGIONS.filter((region) => region.level === 'province')).toHaveLength(1);
    expect(prefectures()).toHaveLength(9);
    expect(REGIONS.filter((region) => region.level === 'county')).toHaveLength(88);
  });

  it('has unique six-digit codes whose parents exist one level up', () => {
    expect(new Set(REGIONS.map((region) => region.code)).size).toBe(REGIONS.length);
    for (const region of REGIONS) {
      expect(region.code).toMatch(/^52\d{4}$/);
      if (region.level === 'province') {
        expect(region.parentCode).toBeNull();
        continue;
      }
      const parent = findRegion(region.parentCode!);
      expect(parent?.level).toBe(region.level === 'county' ? 'prefecture' : 'province');
    }
  });

  it('maps every former code to a current county that is not itself former', () => {
    expect(FORMER_REGIONS).toHaveLength(5);
    for (const former of FORMER_REGIONS) {
      expect(findRegion(former.formerCode)).toBeUndefined();
      expect(findRegion(former.currentCode)?.level).toBe('county');
    }
  });
});

describe('findRegion', () => {
  it('finds a current region by code', () => {
    expect(findRegion('520102')).toEqual({ code: '520102', name: '南明区', level: 'county', parentCode: '520100' });
  });

  it('does not find former or unknown codes', () => {
    expect(findRegion('520221')).toBeUndefined();
    expect(findRegion('529999')).toBeUndefined();
  });
});

describe('findFormerRegion', () => {
  it('finds a former county with its current code', () => {
    expect(findFormerRegion('520222')).toEqual({ formerCode: '520222', formerName: '盘县', currentCode: '520281' });
    expect(findFormerRegion('520281')).toBeUndefined();
  });
});

describe('resolveRegionCode', () => {
  it('keeps a current code and resolves a former one', () => {
    expect(resolveRegionCode('520102')).toBe('520102');
    expect(resolveRegionCode('520000')).toBe('520000');
    expect(resolveRegionCode('520221')).toBe('520204');
    expect(resolveRegionCode('522322')).toBe('522302');
  });

  it('is undefined for codes that are neither', () => {
    expect(resolveRegionCode('529999')).toBeUndefined();
    expect(resolveRegionCode('350100')).toBeUndefined();
    expect(resolveRegionCode('')).toBeUndefined();
  });
});

describe('regionPath', () => {
  it('lists province, prefecture and county', () => {
    expect(regionPath('520102').map((region) => region.code)).toEqual(['520000', '520100', '520102']);
    expect(regionPath('520100').map((region) => region.code)).toEqual(['520000', '520100']);
    expect(regionPath('520000').map((region) => region.code)).toEqual(['520000']);
  });

  it('follows a former code to its current county', () => {
    expect(regionPath('520321').map((region) => region.name)).toEqual(['贵州省', '遵义市', '播州区']);
  });

  it('is empty for an unknown code', () => {
    expect(regionPath('529999')).toEqual([]);
  });
});

describe('countiesOf', () => {
  it('lists the counties of a prefecture', () => {
    expect(countiesOf('520100').map((region) => region.name)).toEqual([
      '南明区',
      '云岩区',
      '花溪区',
      '乌当区',
      '白云区',
      '观山湖区',
      '开阳县',
      '息烽县',
      '修文县',
      '清镇市',
    ]);
    expect(countiesOf('522600')).toHaveLength(16);
  });

  it('adds up to 88 counties over the 9 prefectures', () => {
    const total = prefectures().reduce((sum, prefecture) => sum + countiesOf(prefecture.code).length, 0);
    expect(total).toBe(88);
  });

  it('is empty for a county or an unknown code', () => {
    expect(countiesOf('520102')).toEqual([]);
    expect(countiesOf('529900')).toEqual([]);
  });
});

describe('regionName', () => {
  it('names a county with its prefecture', () => {
    expect(regionName('520102')).toBe('贵阳市南明区');
    expect(regionName('522701')).toBe('黔南布依族苗族自治州都匀市');
  });

  it('names a prefecture and the province on their own', () => {
    expect(regionName('520100')).toBe('贵阳市');
    expect(regionName('520000')).toBe('贵州省');
  });

  it('names a former code by its current region', () => {
    expect(regionName('520221')).toBe('六盘水市水城区');
    expect(regionName('520522')).toBe('毕节市黔西市');
  });

  it('is undefined for an unknown code', () => {
    expect(regionName('529999')).toBeUndefined();
  });
});
