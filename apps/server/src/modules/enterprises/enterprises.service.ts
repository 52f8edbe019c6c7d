import {
  type EnterpriseProfileDto,
  type EnterpriseSummaryDto,
  SEARCH_MIN_QUERY_LENGTH,
  SEARCH_RESULT_CAP,
  type SearchEnterprisesQuery,
  type SearchEnterprisesResponse,
} from '@gzcredit/contracts';
import { findRegion, industryName, regionName, validateCreditCode } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { type EnterpriseRow, findEnterpriseByCreditCode, searchEnterprises } from './enterprises.repository';

function toSummary(row: EnterpriseRow): EnterpriseSummaryDto {
  return {
    creditCode: row.creditCode,
    name: row.name,
    kind: row.kind,
    status: row.status,
    regionCode: row.regionCode,
    regionName: regionName(row.regionCode) ?? row.regionCode,
    industryCode: row.industryCode,
    legalRepresentative: row.legalRepresentative,
    establishedOn: row.establishedOn,
    badges: row.badges,
  };
}

/** Region filter: the province is every entity; a prefecture covers its counties by code prefix (GB/T 2260). */
function regionPrefix(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const region = findRegion(code);
  if (!region)
    throw new AppError('VALIDATION_FAILED', `查询参数有误：region 地区代码 ${code} 不是贵州省的行政区划代码`);
  if (region.level === 'province') return undefined;
  return region.level === 'prefecture' ? code.slice(0, 4) : code;
}

async function searchPublic(db: Db, query: SearchEnterprisesQuery): Promise<SearchEnterprisesResponse> {
  const text = query.q;
  if ([...text].length < SEARCH_MIN_QUERY_LENGTH) throw new AppError('SEARCH_QUERY_TOO_SHORT');
  const offset = (query.page - 1) * query.pageSize;
  if (offset + query.pageSize > SEARCH_RESULT_CAP) {
    throw new AppError(
      'SEARCH_PAGE_OUT_OF_RANGE',
      `最多可查看前 ${SEARCH_RESULT_CAP} 条结果（每页 ${query.pageSize} 条时最多 ${Math.floor(SEARCH_RESULT_CAP / query.pageSize)} 页），请输入更完整的名称缩小范围`,
    );
  }
  const page = await searchEnterprises(db, {
    query: text,
    filters: {
      regionPrefix: regionPrefix(query.region),
      industryPrefix: query.industry,
      kind: query.kind,
      status: query.status,
      dishonest: query.dishonest,
    },
    cap: SEARCH_RESULT_CAP,
    limit: query.pageSize,
    offset,
  });
  return {
    items: page.rows.map(toSummary),
    total: Math.min(page.matched, SEARCH_RESULT_CAP),
    capped: page.matched > SEARCH_RESULT_CAP,
    page: query.page,
    pageSize: query.pageSize,
  };
}

async function getPublicProfile(db: Db, creditCode: string): Promise<EnterpriseProfileDto> {
  const checked = validateCreditCode(creditCode);
  if (!checked.valid) throw new AppError('CREDIT_CODE_INVALID', checked.message, { reason: checked.reason });
  const row = await findEnterpriseByCreditCode(db, checked.code);
  if (!row) throw new AppError('ENTERPRISE_NOT_FOUND');
  return {
    ...toSummary(row),
    industryName: row.industryCode ? (industryName(row.industryCode.slice(1)) ?? null) : null,
    registrationAuthority: row.registrationAuthority,
    address: row.address,
    formerNames: row.formerNames,
    sections: [],
  };
}

export function createEnterprisesService(db: Db) {
  return {
    searchPublic: (query: SearchEnterprisesQuery) => searchPublic(db, query),
    getPublicProfile: (creditCode: string) => getPublicProfile(db, creditCode),
  };
}
export type EnterprisesService = ReturnType<typeof createEnterprisesService>;
