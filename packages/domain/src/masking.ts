import { validateIdCardNumber } from './id-card';
import { FORMER_REGIONS, REGIONS } from './regions';

/*
 * Personal data of natural persons (legal representatives, 个体工商户 operators) shown on public pages and in shared
 * data is masked (Rules Art. 24: personal privacy is protected; SPEC §3). Every mask keeps the characters it keeps and
 * turns the rest into '*', so masking an already-masked value changes nothing.
 */

function maskMiddle(value: string, keepStart: number, keepEnd: number): string {
  const characters = Array.from(value.trim());
  if (characters.length <= keepStart + keepEnd) return '*'.repeat(characters.length);
  return (
    characters.slice(0, keepStart).join('') +
    '*'.repeat(characters.length - keepStart - keepEnd) +
    characters.slice(characters.length - keepEnd).join('')
  );
}

/** 居民身份证号码 (GB 11643): the first 4 (province and prefecture) and last 4 characters stay, e.g. 5201**********123X. */
export function maskIdCard(idCardNumber: string): string {
  return maskMiddle(idCardNumber, 4, 4);
}

/** 手机号码: the first 3 (carrier prefix) and last 4 digits stay, e.g. 138****1234. */
export function maskMobile(mobile: string): string {
  return maskMiddle(mobile.replace(/[\s-]/g, ''), 3, 4);
}

/**
 * 电子邮箱 (an agency's digest mailbox, stored SM4-encrypted): the first character of the local part and the domain
 * stay, e.g. j***@example.gov.cn; the mask has three stars whatever the length, so it does not tell the length.
 */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${Array.from(address)[0]}***${address.slice(at)}`;
}

/** 18 characters that may be a 居民身份证号码, not part of a longer run of digits (a contract or account number). */
const ID_CARD_IN_TEXT = /(?<!\d)[1-9]\d{16}[\dXx](?![\dXx])/g;
/** A mainland mobile (1[3-9] + 9 digits, or written 3-4-4 with spaces or hyphens), not part of a longer digit run. */
const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d(?:\d{8}|([ -])\d{4}\1\d{4})(?!\d)/g;

/**
 * Personal data written into free text (违法事实, 处罚内容 …: Rules Art. 24) masked as typed fields are: an
 * identity-card number whose GB 11643 check character is right (a wrong one is some other number, e.g. a contract's,
 * and stays) and a mobile. Idempotent, like every mask here.
 */
export function maskPersonalDataInText(text: string): string {
  return text
    .replace(ID_CARD_IN_TEXT, (candidate) => (validateIdCardNumber(candidate) ? maskIdCard(candidate) : candidate))
    .replace(MOBILE_IN_TEXT, (mobile) => maskMobile(mobile));
}

/**
 * A stored field value as it leaves for the public or another agency: a mobile masked again, free text (文本, 长文本)
 * with the personal data inside it masked. The stored payload keeps the text as the providing agency sent it.
 * `type` is a catalogue FieldType (catalogue.ts imports this file, so the type is not imported back).
 */
export function maskFieldValue(field: { type: string }, value: string): string {
  if (field.type === 'mobile') return maskMobile(value);
  if (field.type === 'text' || field.type === 'long_text') return maskPersonalDataInText(value);
  return value;
}

/**
 * Label/value pairs of the given (publicised) fields that hold a value, each value as it leaves for the public
 * ({@link maskFieldValue}): what the profile, the portal's lists and the credit report print of a record.
 */
export function publicFieldValues(
  fields: readonly { key: string; label: string; type: string }[],
  payload: Record<string, string>,
): { label: string; value: string }[] {
  return fields.flatMap((field) => {
    const value = payload[field.key];
    if (value === undefined || value === '') return [];
    return [{ label: field.label, value: maskFieldValue(field, value) }];
  });
}

/** Guizhou county-level names, current and former, longest first: some contain 镇 themselves (镇宁…, 清镇市). */
const GUIZHOU_COUNTY_NAMES = [
  ...REGIONS.filter((region) => region.level === 'county').map((region) => region.name),
  ...FORMER_REGIONS.map((former) => former.formerName),
].sort((a, b) => b.length - a.length);

/*
 * Outside Guizhou the divisions are recognised by their suffixes. A division name holds no 镇, 乡 or 街 except as its
 * first character (镇江市, 乡城县), so a township or street is never taken for a county.
 */
const PROVINCE_PATTERN = /^[^省市县区镇乡街路号]{1,8}?(?:省|自治区)/u;
const PREFECTURE_PATTERN = /^[镇乡]?[^省市县区镇乡街路号]{1,12}?(?:自治州|地区|市|州|盟)/u;
const COUNTY_PATTERN = /^[镇乡]?[^省市县区镇乡街路号]{1,12}?(?:自治县|自治旗|特区|林区|县|区|市|旗)/u;
const TOWNSHIP_PATTERN = /^(.{1,10}?)(?:街道|苏木|镇|乡)/u;
/** A township name holds none of these: they mark a road, a village, a building or a house number. */
const BELOW_TOWNSHIP_MARKERS = /[0-9０-９路街巷弄号村组栋幢楼室院]|大道|小区|单元|广场|大厦|公司/u;

/** Length of the address up to the end of its county-level part, or of the largest division found above it. */
function countyPartLength(address: string): number {
  let guizhouCountyEnd = 0;
  let guizhouCountyIndex = Number.POSITIVE_INFINITY;
  for (const name of GUIZHOU_COUNTY_NAMES) {
    const index = address.indexOf(name);
    if (index >= 0 && index < guizhouCountyIndex) {
      guizhouCountyIndex = index;
      guizhouCountyEnd = index + name.length;
    }
  }
  // Only a name at the head of the address (after at most 省 and 市/州) is its county, not a street named after one.
  if (guizhouCountyIndex <= 20) return guizhouCountyEnd;
  let length = PROVINCE_PATTERN.exec(address)?.[0].length ?? 0;
  const prefecture = PREFECTURE_PATTERN.exec(address.slice(length));
  if (prefecture) length += prefecture[0].length;
  const county = COUNTY_PATTERN.exec(address.slice(length));
  if (county) length += county[0].length;
  return length;
}

/**
 * A natural person's address kept only down to the township (乡镇、街道、苏木):
 * '贵州省贵阳市南明区花果园街道中华南路 1 号' → '贵州省贵阳市南明区花果园街道'. Without a recognisable township the
 * address is cut after the county (县、区、市); without a recognisable division nothing is kept.
 */
export function maskAddressToTownship(address: string): string {
  const trimmed = address.trim();
  const countyEnd = countyPartLength(trimmed);
  if (countyEnd === 0) return '';
  const township = TOWNSHIP_PATTERN.exec(trimmed.slice(countyEnd));
  if (township && !BELOW_TOWNSHIP_MARKERS.test(township[1]!)) {
    return trimmed.slice(0, countyEnd + township[0].length);
  }
  return trimmed.slice(0, countyEnd);
}
