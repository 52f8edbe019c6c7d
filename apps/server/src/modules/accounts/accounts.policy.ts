import {
  AGENCY_PERMISSIONS,
  type AgencyKind,
  type AgencyLevel,
  findRegion,
  isAdminRole,
  type Permission,
} from '@gzcredit/domain';

/** The parts of an agency that decide who may administer it. */
export interface AgencyRef {
  id: number;
  regionCode: string;
  level: AgencyLevel;
  kind: AgencyKind;
  parentId: number | null;
}

/** The market-regulation bureau an `account.admin` acts for (Rules Art. 19: 各级工商行政管理部门设置系统管理员). */
export type BureauRef = AgencyRef;

const NEXT_LEVEL: Record<AgencyLevel, AgencyLevel | null> = {
  province: 'prefecture',
  prefecture: 'county',
  county: null,
};

export function isProvincialBureau(bureau: BureauRef): boolean {
  return bureau.level === 'province';
}

/**
 * Art. 19: a bureau allocates and manages the accounts of the other agencies of its own level (same region, same
 * level, itself included) and of the market-regulation bureaus one level below that it is the parent of.
 */
export function isInJurisdiction(bureau: BureauRef, agency: AgencyRef): boolean {
  if (agency.regionCode === bureau.regionCode && agency.level === bureau.level) return true;
  return agency.kind === 'market_regulation' && agency.parentId === bureau.id;
}

/**
 * Whose transmissions an agency oversees (`oversight`, the operator's figures; Rules Art. 5: the development-and-reform
 * departments lead the work at each level, the market-regulation departments run the platform): the province level
 * every agency; a development-and-reform commission the agencies of its region and the regions below it (a prefecture
 * its own and its counties', a county its own: GB/T 2260 code prefixes); any other agency its Art. 19 jurisdiction.
 */
export type OversightReach = 'all' | { regionPrefix: string } | 'jurisdiction';

export function oversightReach(agency: AgencyRef): OversightReach {
  if (agency.level === 'province') return 'all';
  if (agency.kind !== 'development_reform') return 'jurisdiction';
  return { regionPrefix: agency.level === 'prefecture' ? agency.regionCode.slice(0, 4) : agency.regionCode };
}

export type Refusal = { code: 'FORBIDDEN' | 'VALIDATION_FAILED' | 'ADMIN_ROLES_EXCLUSIVE'; message: string };

/**
 * Art. 19: a bureau opens agencies of its own level in its own region (any kind but a second market-regulation
 * bureau) and the market-regulation bureau of each region directly below its own. Returns why not, or null.
 */
export function agencyCreationRefusal(
  bureau: BureauRef,
  input: { regionCode: string; level: AgencyLevel; kind: AgencyKind },
): Refusal | null {
  const region = findRegion(input.regionCode);
  if (!region) return { code: 'VALIDATION_FAILED', message: `行政区划代码 ${input.regionCode} 不存在或已撤销` };
  if (region.level !== input.level) {
    return { code: 'VALIDATION_FAILED', message: '机关层级与所选行政区划的级别不一致' };
  }
  if (input.regionCode === bureau.regionCode && input.level === bureau.level) {
    if (input.kind === 'market_regulation') {
      return { code: 'FORBIDDEN', message: '本级已有市场监管部门，不能再开设市场监管部门' };
    }
    return null;
  }
  const lowerLevel = NEXT_LEVEL[bureau.level];
  if (input.level === lowerLevel && region.parentCode === bureau.regionCode) {
    if (input.kind === 'market_regulation') return null;
    return { code: 'FORBIDDEN', message: '下一级的其他国家机关由下一级市场监管部门开设和分配账户' };
  }
  return { code: 'FORBIDDEN', message: '只能为本级其他国家机关和下一级市场监管部门分配账户' };
}

/**
 * Art. 20: an agency files its managers with the market-regulation bureau of its region; a bureau files with its
 * parent bureau, and the provincial bureau with itself.
 */
export function filingBureauId(agency: AgencyRef, sameRegionBureauId: number | undefined): number | undefined {
  if (agency.kind === 'market_regulation') return agency.parentId ?? agency.id;
  return sameRegionBureauId;
}

/**
 * Who may grant what (Art. 22, SPEC C2). `added` are the permissions the account does not hold yet; `all` the full
 * set it will hold. Taking permissions away needs only the jurisdiction.
 */
export function grantRefusal(
  bureau: BureauRef,
  target: AgencyRef,
  added: readonly Permission[],
  all: readonly Permission[],
): Refusal | null {
  if (all.filter(isAdminRole).length > 1) {
    return {
      code: 'ADMIN_ROLES_EXCLUSIVE',
      message: '系统管理员、安全管理员、审计管理员三种角色不得由同一账户兼任（三员分立）',
    };
  }
  for (const permission of added) {
    if ((AGENCY_PERMISSIONS as readonly string[]).includes(permission)) continue;
    switch (permission) {
      case 'account.admin':
        if (target.kind !== 'market_regulation' || (target.id !== bureau.id && target.parentId !== bureau.id)) {
          return {
            code: 'FORBIDDEN',
            message: '系统管理员角色只能授予本局或下一级市场监管部门的账户',
          };
        }
        break;
      case 'security.admin':
      case 'audit.admin':
        if (target.id !== bureau.id) {
          return { code: 'FORBIDDEN', message: '安全管理员、审计管理员角色只能授予本局的账户' };
        }
        break;
      case 'platform.operator':
        if (!isProvincialBureau(bureau) || target.id !== bureau.id) {
          return { code: 'FORBIDDEN', message: '平台运营权限只能由省级市场监管部门授予本局账户' };
        }
        break;
      case 'oversight':
        if (target.kind !== 'development_reform') {
          return { code: 'FORBIDDEN', message: '牵头部门监督权限只能授予发展改革部门的账户' };
        }
        break;
    }
  }
  return null;
}
