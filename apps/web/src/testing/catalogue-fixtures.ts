import type { CatalogueDto, CatalogueItemDto, RecordDto } from '@gzcredit/contracts';
import { DEFAULT_LEVEL_WINDOWS } from '@gzcredit/domain';

/** A valid credit code (南明区, an enterprise) and one whose embedded organisation code fails its check. */
export const VALID_CREDIT_CODE = '91520102MA6DK2X12N';
export const FLAGGED_CREDIT_CODE = '91520102MA6DK2X10G';

export const MARKET_BUREAU = {
  id: 3,
  name: '贵阳市市场监督管理局',
  regionCode: '520100',
  level: 'prefecture',
  kind: 'market_regulation',
} as const;

/** A 不良 item with one data item of every field type. */
export function penaltyItem(overrides: Partial<CatalogueItemDto> = {}): CatalogueItemDto {
  return {
    id: 11,
    editionId: 1,
    editionCode: '2015版',
    code: 'penalty',
    name: '行政处罚信息',
    category: 'bad',
    providerKinds: ['market_regulation', 'administrative'],
    role: 'record',
    mandatoryPublicity: true,
    aroseField: 'decisionDate',
    defaultUseScope: 'public',
    requiresLevel: true,
    publicity: { kind: 'by_level', windows: DEFAULT_LEVEL_WINDOWS },
    fields: [
      {
        key: 'decisionNumber',
        label: '行政处罚决定书文号',
        type: 'text',
        required: true,
        maxLength: 128,
        pattern: '[^\\s]+',
        patternHint: '文号中不能有空格',
      },
      { key: 'violationFacts', label: '违法事实', type: 'long_text', required: true, maxLength: 2000 },
      { key: 'decisionDate', label: '处罚决定日期', type: 'date', required: true },
      { key: 'validTo', label: '公示截止日期', type: 'date', required: false, allowFuture: true },
      { key: 'fineAmount', label: '罚款金额（万元）', type: 'amount', required: false, note: '单位：万元' },
      { key: 'employees', label: '涉及人数', type: 'integer', required: false },
      {
        key: 'penaltyCategory',
        label: '处罚类别',
        type: 'enum',
        required: true,
        values: ['警告', '罚款', '没收违法所得'],
      },
      { key: 'authorityCreditCode', label: '处罚机关统一社会信用代码', type: 'credit_code', required: false },
      { key: 'legalRepresentativeIdCard', label: '法定代表人身份证号码', type: 'id_card', required: false },
      { key: 'contactMobile', label: '联系电话', type: 'mobile', required: false },
      { key: 'industryCode', label: '行业代码', type: 'industry', required: false },
    ],
    ...overrides,
  };
}

export function honourItem(overrides: Partial<CatalogueItemDto> = {}): CatalogueItemDto {
  return {
    id: 12,
    editionId: 1,
    editionCode: '2015版',
    code: 'honour',
    name: '表彰奖励信息',
    category: 'good',
    providerKinds: ['market_regulation', 'administrative'],
    role: 'record',
    mandatoryPublicity: false,
    aroseField: 'awardedOn',
    defaultUseScope: 'shared',
    requiresLevel: false,
    publicity: { kind: 'validity', months: 36 },
    fields: [
      { key: 'honourName', label: '荣誉名称', type: 'text', required: true },
      { key: 'awardedOn', label: '授予日期', type: 'date', required: true },
    ],
    ...overrides,
  };
}

export function catalogueFixture(items: CatalogueItemDto[] = [penaltyItem(), honourItem()]): CatalogueDto {
  return {
    edition: {
      id: 1,
      code: '2015版',
      name: '贵州省企业公共信用信息征集目录（2015版）',
      publishedOn: '2015-12-01',
      status: 'current',
    },
    items,
  };
}

export function recordFixture(overrides: Partial<RecordDto> = {}): RecordDto {
  return {
    id: 101,
    rootId: 101,
    version: 1,
    item: { id: 11, code: 'penalty', name: '行政处罚信息', category: 'bad', editionCode: '2015版', listing: false },
    agency: { id: MARKET_BUREAU.id, name: MARKET_BUREAU.name },
    creditCode: VALID_CREDIT_CODE,
    entityName: '贵州测试科技有限公司',
    matched: true,
    payload: {
      decisionNumber: '筑市监罚〔2026〕12号',
      violationFacts: '未按规定公示年度报告',
      decisionDate: '2026-01-05',
      fineAmount: '1.5',
      penaltyCategory: '罚款',
    },
    aroseOn: '2026-01-05',
    receivedAt: '2026-02-10T02:00:00.000Z',
    dueOn: '2026-02-02',
    dueProvisional: false,
    daysLate: 6,
    dishonestyLevel: 'general',
    useScope: 'public',
    publicityUntil: '2027-01-05',
    status: 'active',
    contentHash: 'hash-1',
    channel: 'form',
    batchId: 7,
    flaggedForReview: false,
    reason: null,
    createdAt: '2026-02-10T02:00:00.000Z',
    withholdingGround: null,
    removal: null,
    ...overrides,
  };
}
