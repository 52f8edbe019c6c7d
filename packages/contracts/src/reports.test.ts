import { describe, expect, it } from 'vitest';
import { normalizeReportNumber, REPORT_NUMBER_PATTERN, ReportNumberParamsSchema } from './reports';

describe('normalizeReportNumber', () => {
  it('reads a number typed by hand: case, spaces, dashes and the letters base 32 reads as digits', () => {
    expect(normalizeReportNumber(' gzxy-2o26 1201-k7m2 q9xw 4d ')).toBe('GZXY20261201K7M2Q9XW4D');
    expect(normalizeReportNumber('GZXY20261201ILO0000000')).toBe('GZXY202612011100000000');
  });

  it('leaves anything without the prefix alone, for the pattern to refuse', () => {
    expect(normalizeReportNumber('abc-O1')).toBe('ABCO1');
    expect(REPORT_NUMBER_PATTERN.test(normalizeReportNumber('abc-O1'))).toBe(false);
  });

  it('refuses U and numbers of the wrong length', () => {
    expect(ReportNumberParamsSchema.safeParse({ reportNo: 'GZXY20261201K7M2Q9XW4U' }).success).toBe(false);
    expect(ReportNumberParamsSchema.safeParse({ reportNo: 'GZXY20261201K7M2Q9XW4' }).success).toBe(false);
    expect(ReportNumberParamsSchema.parse({ reportNo: 'gzxy20261201k7m2q9xw4d' }).reportNo).toBe(
      'GZXY20261201K7M2Q9XW4D',
    );
  });
});
