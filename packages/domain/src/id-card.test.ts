import { describe, expect, it } from 'vitest';
import { idCardCheckCharacter, validateIdCardNumber } from './id-card';

describe('validateIdCardNumber', () => {
  it('accepts the GB 11643 example number with check character X', () => {
    expect(validateIdCardNumber('11010519491231002X')).toBe(true);
  });

  it('accepts a lower-case x as the check character', () => {
    expect(validateIdCardNumber('11010519491231002x')).toBe(true);
  });

  it('accepts a number whose check character is a digit', () => {
    expect(validateIdCardNumber('520102198503150024')).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(validateIdCardNumber('520102198503150025')).toBe(false);
    expect(validateIdCardNumber('110105194912310021')).toBe(false);
  });

  it('refuses an impossible birth date even with a matching check character', () => {
    const first17 = '52010219900231123';
    expect(validateIdCardNumber(`${first17}${idCardCheckCharacter(first17)}`)).toBe(false);
  });

  it('refuses a birth date in the future', () => {
    const first17 = '52010221990101123';
    expect(validateIdCardNumber(`${first17}${idCardCheckCharacter(first17)}`)).toBe(false);
  });

  it('refuses 15-digit first-generation numbers and other lengths or characters', () => {
    expect(validateIdCardNumber('520102900101123')).toBe(false);
    expect(validateIdCardNumber('52010219900101123')).toBe(false);
    expect(validateIdCardNumber('5201021990010112 X')).toBe(false);
    expect(validateIdCardNumber('02010219900101123X')).toBe(false);
  });
});
