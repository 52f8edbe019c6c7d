/** GB 11643 weights of the first 17 characters of a 居民身份证号码 (citizen identity number). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The check character for a weighted sum modulo 11 (ISO 7064 MOD 11-2). */
const CHECK_CHARACTERS = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function idCardCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

function isValidBirthDate(yyyymmdd: string): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getTime() <= Date.now();
}

/**
 * An 18-character 居民身份证号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence and the
 * MOD 11-2 check character (digit or upper-case X; a lower-case x is accepted as the same character).
 */
export function validateIdCardNumber(value: string): boolean {
  const number = value.trim().toUpperCase();
  if (!/^[1-9]\d{16}[\dX]$/.test(number)) return false;
  if (!isValidBirthDate(number.slice(6, 14))) return false;
  return idCardCheckCharacter(number.slice(0, 17)) === number[17];
}
