import { passwordProblems } from '@gzcredit/domain';
import { describe, expect, it } from 'vitest';
import { generateOneTimePassword } from './passwords';

describe('generateOneTimePassword', () => {
  it('never starts with a symbol, and still holds an upper- and lower-case letter, a digit and a symbol', () => {
    for (let i = 0; i < 2_000; i++) {
      const password = generateOneTimePassword();
      expect(password, password).toMatch(/^[A-Za-z0-9]/);
      expect(password, password).toHaveLength(14);
      expect(passwordProblems(password, 'admin'), password).toEqual([]);
      for (const kind of [/[A-Z]/, /[a-z]/, /[0-9]/, /[@#%+=!?]/]) expect(password, password).toMatch(kind);
    }
  });
});
