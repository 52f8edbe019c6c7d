/**
 * The numbers and digests printed on credit reports (信用报告) and credit checks (信用核查), in a file without zod so the
 * portal's verification pages can import them without the schemas (`@gzcredit/contracts/document-numbers`: keeps zod
 * out of their first load, SPEC §6).
 *
 * Numbered `GZXY` (reports, SPEC C20) or `GZHC` (credit checks) + issue date (YYYYMMDD, China time) + 10 random
 * characters of Crockford's base 32 (no I, L, O, U), so a number cannot be guessed and is easy to read out and type.
 */
export const REPORT_NUMBER_PREFIX = 'GZXY';
export const REPORT_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REPORT_NUMBER_RANDOM_LENGTH = 10;
export const REPORT_NUMBER_PATTERN = /^GZXY\d{8}[0-9A-HJKMNP-TV-Z]{10}$/;
/** SM3 digests travel as 64 lowercase hexadecimal digits. */
export const REPORT_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A report number as typed by hand: spaces and dashes dropped, upper case, and after the prefix the letters Crockford's
 * base 32 reads as digits (O → 0, I and L → 1).
 */
export function normalizeReportNumber(input: string): string {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (!compact.startsWith(REPORT_NUMBER_PREFIX)) return compact;
  const rest = compact.slice(REPORT_NUMBER_PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  return REPORT_NUMBER_PREFIX + rest;
}

export const CHECK_NUMBER_PREFIX = 'GZHC';
export const CHECK_NUMBER_PATTERN = /^GZHC\d{8}[0-9A-HJKMNP-TV-Z]{10}$/;

/** A check number as typed by hand: spaces and dashes dropped, upper case, O → 0 and I, L → 1 after the prefix. */
export function normalizeCheckNumber(input: string): string {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (!compact.startsWith(CHECK_NUMBER_PREFIX)) return compact;
  return CHECK_NUMBER_PREFIX + compact.slice(CHECK_NUMBER_PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
}
