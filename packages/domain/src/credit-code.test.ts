import { describe, expect, it } from 'vitest';
import {
  buildCreditCode,
  CREDIT_CODE_ALPHABET,
  creditCodeCheckCharacter,
  isValidCreditCode,
  organizationCodeCheckCharacter,
  validateCreditCode,
} from './credit-code';

function expectInvalid(input: string) {
  const result = validateCreditCode(input);
  if (result.valid) throw new Error(`expected ${input} to be refused`);
  return result;
}

function expectValid(input: string) {
  const result = validateCreditCode(input);
  if (!result.valid) throw new Error(`expected ${input} to be accepted: ${result.message}`);
  return result;
}

describe('creditCodeCheckCharacter', () => {
  it('computes the 18th character of the examples of SPEC §3', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckCharacter('9152000071430580X')).toBe('T');
    expect(creditCodeCheckCharacter('91520102MAJ0KMNA9')).toBe('0');
  });

  it('is undefined for input that is not 17 characters of the alphabet', () => {
    expect(creditCodeCheckCharacter('9152000071430580')).toBeUndefined();
    expect(creditCodeCheckCharacter('9152000071430580XT')).toBeUndefined();
    expect(creditCodeCheckCharacter('91520000714305I0X')).toBeUndefined();
    expect(creditCodeCheckCharacter('9152000071430580x')).toBeUndefined();
  });
});

describe('organizationCodeCheckCharacter', () => {
  it('computes the GB 11714 check character, including X for 10', () => {
    expect(organizationCodeCheckCharacter('71430580')).toBe('X');
    expect(organizationCodeCheckCharacter('MAJ0KMNA')).toBe('9');
    expect(organizationCodeCheckCharacter('M000100Y')).toBe('4');
  });

  it('gives 0 when the weighted sum is a multiple of 11', () => {
    // 0·3 + … + 0·5 + 0·8 + 1·4 + 9·2 = 22 ≡ 0 (mod 11) → C9 = 11 → '0'
    expect(organizationCodeCheckCharacter('00000019')).toBe('0');
  });

  it('is undefined for input that is not 8 digits or upper-case letters', () => {
    expect(organizationCodeCheckCharacter('7143058')).toBeUndefined();
    expect(organizationCodeCheckCharacter('7143058x')).toBeUndefined();
  });
});

describe('validateCreditCode', () => {
  it('accepts the standard’s own example, from Fujian, without resolving its region', () => {
    expect(validateCreditCode('91350100M000100Y43')).toEqual({
      valid: true,
      code: '91350100M000100Y43',
      kind: 'enterprise',
      departmentCode: '9',
      kindCode: '91',
      regionCode: '350100',
      currentRegionCode: null,
      regionIsFormer: false,
      organizationCode: 'M000100Y4',
      organizationCodeValid: true,
      flaggedForReview: false,
    });
  });

  it('accepts a Guizhou province-level enterprise code', () => {
    const result = expectValid('9152000071430580XT');
    expect(result.currentRegionCode).toBe('520000');
    expect(result.organizationCode).toBe('71430580X');
    expect(result.flaggedForReview).toBe(false);
  });

  it('accepts a code whose check character is 0', () => {
    const result = expectValid('91520102MAJ0KMNA90');
    expect(result.currentRegionCode).toBe('520102');
    expect(result.regionIsFormer).toBe(false);
  });

  it('resolves a former Guizhou county code to the current one (水城县 520221 → 水城区 520204)', () => {
    const result = expectValid('91520221MA6DM1AB6F');
    expect(result.regionCode).toBe('520221');
    expect(result.currentRegionCode).toBe('520204');
    expect(result.regionIsFormer).toBe(true);
  });

  it('reads the kind from positions 1–2', () => {
    expect(expectValid('92520102MAJ0KMNA9W').kind).toBe('individual');
    expect(expectValid('93520281MAJ0KMNA9C').kind).toBe('cooperative');
    expect(expectValid('52520102MAJ0KMNA91')).toMatchObject({ kind: 'other', departmentCode: '5', kindCode: '52' });
  });

  it('accepts the national region code 100000 without resolving it', () => {
    expect(expectValid('Y1100000MAJ0KMNA95')).toMatchObject({ kind: 'other', currentRegionCode: null });
  });

  it('accepts and flags for review a code whose embedded organisation code fails GB 11714', () => {
    expect(expectValid('91520102MAJ0KMNA8W')).toMatchObject({
      organizationCode: 'MAJ0KMNA8',
      organizationCodeValid: false,
      flaggedForReview: true,
    });
  });

  it('trims and upper-cases the input before checking', () => {
    expect(expectValid('  9152000071430580xt\n').code).toBe('9152000071430580XT');
    expect(expectValid('91520102maj0kmna90').code).toBe('91520102MAJ0KMNA90');
  });

  it('reads full-width characters typed with a Chinese input method as ASCII', () => {
    expect(expectValid('９１５２００００７１４３０５８０ＸＴ').code).toBe('9152000071430580XT');
  });

  it('refuses empty input', () => {
    expect(expectInvalid('')).toEqual({ valid: false, reason: 'length', message: '统一社会信用代码不能为空' });
    expect(expectInvalid('   ').reason).toBe('length');
  });

  it('refuses 17 and 19 characters, naming the actual length', () => {
    expect(expectInvalid('9152000071430580X')).toEqual({
      valid: false,
      reason: 'length',
      message: '统一社会信用代码应为 18 位，实际为 17 位',
    });
    expect(expectInvalid('9152000071430580XTT').message).toBe('统一社会信用代码应为 18 位，实际为 19 位');
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('refuses the letter %s, which the alphabet leaves out', (letter) => {
    const result = expectInvalid(`91520000714305${letter}0XT`);
    expect(result.reason).toBe('characters');
    expect(result.message).toContain(`第 15 位字符“${letter}”不合法`);
  });

  it('refuses punctuation and Chinese characters', () => {
    expect(expectInvalid('91520000-71430580X').reason).toBe('characters');
    expect(expectInvalid('9152000071430580X码').reason).toBe('characters');
  });

  it('refuses a department and kind pair that GB 32100 does not assign', () => {
    const unknownKind = expectInvalid('9A520102MAJ0KMNA94');
    expect(unknownKind.reason).toBe('kind');
    expect(unknownKind.message).toBe('第 1–2 位登记管理部门和机构类别代码“9A”不存在');
    expect(expectInvalid(buildCreditCode('94520102MAJ0KMNA9')).reason).toBe('kind');
    expect(expectInvalid(buildCreditCode('B1520102MAJ0KMNA9')).reason).toBe('kind');
    expect(expectInvalid(buildCreditCode('Y2520102MAJ0KMNA9')).reason).toBe('kind');
  });

  it('refuses a Guizhou region code that is neither current nor former', () => {
    const result = expectInvalid('9152999971430580X6');
    expect(result.reason).toBe('region');
    expect(result.message).toBe('第 3–8 位行政区划码“529999”不是贵州省现行或曾用的行政区划代码');
  });

  it('refuses a region code outside any province', () => {
    expect(expectInvalid('91990000MAJ0KMNA9M').reason).toBe('region');
    expect(expectInvalid(buildCreditCode('91000000MAJ0KMNA9')).reason).toBe('region');
  });

  it('refuses a region code with letters', () => {
    expect(expectInvalid(buildCreditCode('9152A102MAJ0KMNA9')).reason).toBe('region');
  });

  it('refuses a wrong check character, naming the expected one', () => {
    expect(expectInvalid('91520102MAJ0KMNA91')).toEqual({
      valid: false,
      reason: 'check_character',
      message: '第 18 位校验码应为 0，实际为 1',
    });
    expect(expectInvalid('91350100M000100Y44').reason).toBe('check_character');
  });
});

describe('isValidCreditCode', () => {
  it('is true for accepted codes, flagged ones included, and false otherwise', () => {
    expect(isValidCreditCode('91520102MAJ0KMNA90')).toBe(true);
    expect(isValidCreditCode('91520102MAJ0KMNA8W')).toBe(true);
    expect(isValidCreditCode('91520102MAJ0KMNA91')).toBe(false);
  });
});

describe('buildCreditCode', () => {
  it('appends the check character', () => {
    expect(buildCreditCode('91520102MAJ0KMNA9')).toBe('91520102MAJ0KMNA90');
  });

  it('produces a code that validates for every check character of the alphabet', () => {
    const checkCharacters = new Set<string>();
    for (let serial = 0; serial < 2000 && checkCharacters.size < CREDIT_CODE_ALPHABET.length; serial++) {
      const body = `MA${serial.toString().padStart(6, '0')}`;
      const code = buildCreditCode(`91520102${body}${organizationCodeCheckCharacter(body)}`);
      expect(validateCreditCode(code)).toMatchObject({ valid: true, flaggedForReview: false });
      checkCharacters.add(code[17]!);
    }
    expect(checkCharacters.size).toBe(CREDIT_CODE_ALPHABET.length);
  });

  it('throws on input it cannot complete', () => {
    expect(() => buildCreditCode('9152010')).toThrow(RangeError);
    expect(() => buildCreditCode('91520102MAJ0KMNI9')).toThrow(RangeError);
  });
});
