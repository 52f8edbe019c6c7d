import { describe, expect, it } from 'vitest';
import { divisionOf, divisionsOf, findIndustry, INDUSTRIES, industryName, sectionOf, sections } from './industries';

describe('INDUSTRIES', () => {
  it('holds the 20 sections A–T and 97 divisions 01–97 of GB/T 4754-2017', () => {
    expect(sections().map((section) => section.code)).toEqual([...'ABCDEFGHIJKLMNOPQRST']);
    const divisions = INDUSTRIES.filter((industry) => industry.level === 'division');
    expect(divisions.map((division) => division.code)).toEqual(
      Array.from({ length: 97 }, (_, index) => String(index + 1).padStart(2, '0')),
    );
  });

  it('gives every division a section as parent', () => {
    for (const industry of INDUSTRIES) {
      if (industry.level === 'section') expect(industry.parentCode).toBeNull();
      else expect(findIndustry(industry.parentCode!)?.level).toBe('section');
    }
  });
});

describe('findIndustry', () => {
  it('finds sections and divisions by exact code', () => {
    expect(findIndustry('C')).toEqual({ code: 'C', name: '制造业', level: 'section', parentCode: null });
    expect(findIndustry('13')).toEqual({ code: '13', name: '农副食品加工业', level: 'division', parentCode: 'C' });
    expect(findIndustry('98')).toBeUndefined();
    expect(findIndustry('U')).toBeUndefined();
  });
});

describe('divisionsOf', () => {
  it('lists the divisions of a section', () => {
    expect(divisionsOf('C')).toHaveLength(31);
    expect(divisionsOf('A').map((division) => division.code)).toEqual(['01', '02', '03', '04', '05']);
    expect(divisionsOf('T').map((division) => division.name)).toEqual(['国际组织']);
  });

  it('adds up to 97 divisions over the 20 sections', () => {
    expect(sections().reduce((sum, section) => sum + divisionsOf(section.code).length, 0)).toBe(97);
  });

  it('is empty for a division or an unknown code', () => {
    expect(divisionsOf('13')).toEqual([]);
    expect(divisionsOf('Z')).toEqual([]);
  });
});

describe('industryName', () => {
  it('names sections and divisions', () => {
    expect(industryName('I')).toBe('信息传输、软件和信息技术服务业');
    expect(industryName('65')).toBe('软件和信息技术服务业');
    expect(industryName('00')).toBeUndefined();
  });
});

describe('sectionOf', () => {
  it('gives the section of a division', () => {
    expect(sectionOf('13')?.code).toBe('C');
    expect(sectionOf('01')?.code).toBe('A');
    expect(sectionOf('97')?.code).toBe('T');
  });

  it('gives the section of group and class codes, with or without their section letter', () => {
    expect(sectionOf('1311')?.code).toBe('C');
    expect(sectionOf('C1311')?.code).toBe('C');
    expect(sectionOf('651')?.code).toBe('I');
  });

  it('gives a section as its own section', () => {
    expect(sectionOf('F')?.code).toBe('F');
  });

  it('is undefined for unknown codes', () => {
    expect(sectionOf('98')).toBeUndefined();
    expect(sectionOf('')).toBeUndefined();
    expect(sectionOf('X')).toBeUndefined();
  });
});

describe('divisionOf', () => {
  it('reads the division of codes at any depth', () => {
    expect(divisionOf('13')?.code).toBe('13');
    expect(divisionOf('1311')?.code).toBe('13');
    expect(divisionOf('c1311')?.code).toBe('13');
  });

  it('refuses a section letter that does not match the division', () => {
    expect(divisionOf('A1311')).toBeUndefined();
    expect(divisionOf('13111')).toBeUndefined();
    expect(divisionOf('C')).toBeUndefined();
  });
});
