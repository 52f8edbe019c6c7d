import type { EntityKind } from './entities';
import { GUIZHOU_PROVINCE_CODE, resolveRegionCode } from './regions';

/** GB 32100-2015 §4.2: the 31 characters of 统一社会信用代码 (unified social credit code); I, O, Z, S, V are not used. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5: weights of positions 1–17 (3^(i−1) mod 31). */
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 11714-1997 §5: weights of the 8 body characters of a 组织机构代码 (organisation code). */
const ORGANIZATION_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/**
 * GB 32100-2015 Appendix A: 登记管理部门代码 (position 1) → the 机构类别代码 (position 2) it may assign.
 * A (军队) and N (农业农村) were assigned to departments after the standard was published.
 */
const KIND_CODES_BY_DEPARTMENT: Record<string, string> = {
  '1': '1239', // 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
  '2': '19', // 外交: 外国常驻新闻机构, 其他
  '3': '123459', // 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
  '4': '19', // 文化: 外国在华文化中心, 其他
  '5': '1239', // 民政: 社会团体, 民办非企业单位, 基金会, 其他
  '6': '129', // 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地（大陆）代表机构, 其他
  '7': '129', // 宗教: 宗教活动场所, 宗教院校, 其他
  '8': '19', // 工会: 基层工会, 其他
  '9': '123', // 工商: 企业, 个体工商户, 农民专业合作社
  A: '19', // 中央军委改革和编制办公室: 军队事业单位, 其他
  N: '1239', // 农业农村: 组级, 村级, 乡镇级集体经济组织, 其他
  Y: '1', // 其他
};

/** Kinds the platform aggregates records under (Rules Art. 7(五)); every other valid pair is 'other'. */
const ENTITY_KINDS_BY_KIND_CODE: Record<string, EntityKind> = {
  '91': 'enterprise',
  '92': 'individual',
  '93': 'cooperative',
};

/** GB/T 2260 province-level codes (first two digits of a region code), Taiwan, Hong Kong and Macao included. */
const PROVINCE_LEVEL_CODES = new Set([
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82'],
]);

/** Region code of registration authorities at national level (e.g. 国家市场监督管理总局). */
const NATIONAL_REGION_CODE = '100000';

export type CreditCodeInvalidReason = 'length' | 'characters' | 'kind' | 'region' | 'check_character';

export interface ValidCreditCode {
  valid: true;
  /** The normalised code (trimmed, upper case). */
  code: string;
  kind: EntityKind;
  /** Position 1: 登记管理部门代码 registration department. */
  departmentCode: string;
  /** Positions 1–2: department and 机构类别代码 kind. */
  kindCode: string;
  /** Positions 3–8 as written: 登记管理机关行政区划码. */
  regionCode: string;
  /** The current Guizhou code the region resolves to; null outside Guizhou and for national registrations. */
  currentRegionCode: string | null;
  regionIsFormer: boolean;
  /** Positions 9–17: 组织机构代码 (GB 11714) with its own check character. */
  organizationCode: string;
  organizationCodeValid: boolean;
  /**
   * Set when the embedded organisation code fails GB 11714 (codes from old pilot registrations): the code is stored
   * and shown for review rather than dropped; manual entry should refuse it.
   */
  flaggedForReview: boolean;
}

export interface InvalidCreditCode {
  valid: false;
  reason: CreditCodeInvalidReason;
  /** What is wrong, in Chinese, for the user who typed or uploaded the code. */
  message: string;
}

export type CreditCodeResult = ValidCreditCode | InvalidCreditCode;

/** GB 32100-2015 §5: the 18th character for 17 characters of the alphabet; undefined for any other input. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let position = 0; position < 17; position++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[position]!);
    if (value < 0) return undefined;
    sum += value * CREDIT_CODE_WEIGHTS[position]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/**
 * GB 11714-1997 §5: the 9th character of a 组织机构代码 for its 8 body characters (digits and upper-case letters,
 * A = 10 … Z = 35); undefined for any other input.
 */
export function organizationCodeCheckCharacter(first8: string): string | undefined {
  if (!/^[0-9A-Z]{8}$/.test(first8)) return undefined;
  let sum = 0;
  for (let position = 0; position < 8; position++) {
    sum += Number.parseInt(first8[position]!, 36) * ORGANIZATION_CODE_WEIGHTS[position]!;
  }
  const check = 11 - (sum % 11);
  if (check === 10) return 'X';
  if (check === 11) return '0';
  return String(check);
}

/** Full-width characters typed with a Chinese input method become their ASCII forms; then trimmed, upper case. */
function normalizeCreditCode(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

function invalid(reason: CreditCodeInvalidReason, message: string): InvalidCreditCode {
  return { valid: false, reason, message };
}

type RegionCheck =
  | { ok: true; currentRegionCode: string | null; regionIsFormer: boolean }
  | { ok: false; message: string };

function checkRegion(regionCode: string): RegionCheck {
  if (!/^\d{6}$/.test(regionCode)) {
    return { ok: false, message: `第 3–8 位登记管理机关行政区划码应为 6 位数字，实际为“${regionCode}”` };
  }
  if (regionCode === NATIONAL_REGION_CODE) return { ok: true, currentRegionCode: null, regionIsFormer: false };
  const provinceCode = regionCode.slice(0, 2);
  if (provinceCode === GUIZHOU_PROVINCE_CODE.slice(0, 2)) {
    const currentRegionCode = resolveRegionCode(regionCode);
    if (currentRegionCode === undefined) {
      return { ok: false, message: `第 3–8 位行政区划码“${regionCode}”不是贵州省现行或曾用的行政区划代码` };
    }
    return { ok: true, currentRegionCode, regionIsFormer: currentRegionCode !== regionCode };
  }
  // Outside Guizhou only the province is checked: the platform does not ship other provinces' division codes.
  if (!PROVINCE_LEVEL_CODES.has(provinceCode)) {
    return { ok: false, message: `第 3–8 位行政区划码“${regionCode}”的前两位“${provinceCode}”不是省级行政区划代码` };
  }
  return { ok: true, currentRegionCode: null, regionIsFormer: false };
}

/**
 * Validates a 统一社会信用代码 against GB 32100-2015: length, alphabet, department and kind (positions 1–2),
 * region (3–8; Guizhou codes must be current or former Guizhou codes), and the check character (18). The embedded
 * organisation code (9–17) failing GB 11714 does not make the code invalid; it is flagged for review.
 */
export function validateCreditCode(input: string): CreditCodeResult {
  const code = normalizeCreditCode(input);
  if (code.length === 0) return invalid('length', '统一社会信用代码不能为空');
  if (code.length !== 18) {
    return invalid('length', `统一社会信用代码应为 18 位，实际为 ${code.length} 位`);
  }
  for (let position = 0; position < 18; position++) {
    const character = code[position]!;
    if (!CREDIT_CODE_ALPHABET.includes(character)) {
      return invalid(
        'characters',
        `第 ${position + 1} 位字符“${character}”不合法：统一社会信用代码只能由数字和除 I、O、Z、S、V 以外的大写字母组成`,
      );
    }
  }

  const departmentCode = code[0]!;
  const kindCode = code.slice(0, 2);
  if (!KIND_CODES_BY_DEPARTMENT[departmentCode]?.includes(code[1]!)) {
    return invalid('kind', `第 1–2 位登记管理部门和机构类别代码“${kindCode}”不存在`);
  }

  const regionCode = code.slice(2, 8);
  const region = checkRegion(regionCode);
  if (!region.ok) return invalid('region', region.message);

  const expected = creditCodeCheckCharacter(code.slice(0, 17))!;
  if (code[17] !== expected) {
    return invalid('check_character', `第 18 位校验码应为 ${expected}，实际为 ${code[17]}`);
  }

  const organizationCode = code.slice(8, 17);
  const organizationCodeValid = organizationCodeCheckCharacter(organizationCode.slice(0, 8)) === organizationCode[8];
  return {
    valid: true,
    code,
    kind: ENTITY_KINDS_BY_KIND_CODE[kindCode] ?? 'other',
    departmentCode,
    kindCode,
    regionCode,
    currentRegionCode: region.currentRegionCode,
    regionIsFormer: region.regionIsFormer,
    organizationCode,
    organizationCodeValid,
    flaggedForReview: !organizationCodeValid,
  };
}

/** True for a code that `validateCreditCode` accepts, including codes flagged for review. */
export function isValidCreditCode(input: string): boolean {
  return validateCreditCode(input).valid;
}

/** The 18-character code for 17 characters of the alphabet (used by demo-data generators); throws on other input. */
export function buildCreditCode(first17: string): string {
  const check = creditCodeCheckCharacter(first17);
  if (check === undefined) {
    throw new RangeError(`buildCreditCode needs 17 characters of ${CREDIT_CODE_ALPHABET}, got "${first17}"`);
  }
  return first17 + check;
}
