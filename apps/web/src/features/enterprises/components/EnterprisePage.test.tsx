import {
  type EnterpriseProfileDto,
  type ErrorBody,
  PROFILE_SECTION_KEYS,
  PROFILE_SECTION_TITLES,
  type ProfileRecordDto,
} from '@gzcredit/contracts';
import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { EnterprisePage } from './EnterprisePage';

type ProfileSectionKey = (typeof PROFILE_SECTION_KEYS)[number];

const emptySections = PROFILE_SECTION_KEYS.map((key) => ({ key, title: PROFILE_SECTION_TITLES[key], records: [] }));

const profile: EnterpriseProfileDto = {
  creditCode: '9152000071430580XT',
  name: '贵州茅台酒股份有限公司',
  kind: 'enterprise',
  status: 'active',
  regionCode: '520382',
  regionName: '遵义市仁怀市',
  industryCode: 'C15',
  industryName: '酒、饮料和精制茶制造业',
  legalRepresentative: '张三',
  establishedOn: '1999-11-20',
  registrationAuthority: '贵州省市场监督管理局',
  address: '贵州省仁怀市茅台镇',
  formerNames: ['中国贵州茅台酒厂有限责任公司'],
  badges: ['blacklisted'],
  sections: emptySections,
};

const penalty: ProfileRecordDto = {
  id: 11,
  itemCode: 'penalty',
  itemName: '行政处罚信息',
  agencyName: '仁怀市市场监督管理局',
  aroseOn: '2026-03-02',
  receivedAt: '2026-03-05T02:00:00.000Z',
  dishonestyLevel: 'serious',
  publicityUntil: '2028-03-02',
  fields: [
    { label: '行政处罚决定书文号', value: '仁市监罚〔2026〕12号' },
    { label: '违法事实', value: '在门店宣传中使用“国家级”等用语' },
  ],
};

const licence: ProfileRecordDto = {
  id: 12,
  itemCode: 'licence',
  itemName: '行政许可信息',
  agencyName: '贵州省市场监督管理局',
  aroseOn: '2025-01-10',
  receivedAt: '2025-01-11T02:00:00.000Z',
  dishonestyLevel: null,
  publicityUntil: null,
  fields: [{ label: '许可证书名称', value: '食品生产许可证' }],
};

const corrected: ProfileRecordDto = {
  ...penalty,
  id: 13,
  fields: [
    { label: '行政处罚决定书文号', value: '仁市监罚〔2026〕13号' },
    { label: '违法事实', value: '在门店宣传中使用“国家级”等用语' },
  ],
  correction: {
    reason: '文号录入有误',
    correctedAt: '2026-03-10T02:00:00.000Z',
    before: [
      { label: '行政处罚决定书文号', value: '仁市监罚〔2026〕31号' },
      { label: '违法事实', value: '在门店宣传中使用“国家级”等用语' },
    ],
  },
};

function withRecords(records: Partial<Record<ProfileSectionKey, ProfileRecordDto[]>>): EnterpriseProfileDto {
  return {
    ...profile,
    sections: emptySections.map((section) => ({ ...section, records: records[section.key] ?? [] })),
  };
}

function renderEnterprise(creditCode: string) {
  return renderRoutes(
    [{ path: '/enterprises/:creditCode', element: <EnterprisePage /> }],
    `/enterprises/${creditCode}`,
  );
}

describe('EnterprisePage', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('shows the basic information, badges and 暂无 for every empty section', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(profile));
    renderEnterprise(profile.creditCode);

    expect(await screen.findByRole('heading', { level: 1, name: '贵州茅台酒股份有限公司' })).toBeTruthy();
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/public/enterprises/9152000071430580XT');
    expect(screen.getByText('列入严重违法失信名单')).toBeTruthy();
    // The badge in words, the same sentence the credit report prints.
    expect(screen.getByText('该主体列入严重违法失信名单（黑名单），列入信息见“严重违法失信名单”。')).toBeTruthy();
    expect(screen.getByText('贵州省仁怀市茅台镇')).toBeTruthy();
    expect(screen.getByText('中国贵州茅台酒厂有限责任公司')).toBeTruthy();
    for (const title of Object.values(PROFILE_SECTION_TITLES)) expect(screen.getByText(`暂无${title}`)).toBeTruthy();
    expect(document.title).toBe('贵州茅台酒股份有限公司 - 贵州省企业公共信用信息平台');
  });

  it('says that a 严重失信 record of another item is not a blacklist', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ ...profile, badges: ['severe_record'] }));
    renderEnterprise(profile.creditCode);

    expect(await screen.findByText('有严重失信记录')).toBeTruthy();
    expect(
      screen.getByText('该主体有严重失信记录（不属于严重违法失信名单），记录见各信息分区中标注“严重失信”的信息。'),
    ).toBeTruthy();
    expect(screen.queryByText(/黑名单/)).toBeNull();
  });

  it('shows each record with its item, providing agency, dates, level and fields', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(withRecords({ licences: [licence], penalties: [penalty] })));
    renderEnterprise(profile.creditCode);

    expect(await screen.findByText('食品生产许可证')).toBeTruthy();
    expect(screen.getByText('仁市监罚〔2026〕12号')).toBeTruthy();
    expect(screen.getByText('仁怀市市场监督管理局')).toBeTruthy();
    expect(screen.getByText('2026-03-02')).toBeTruthy();
    expect(screen.getByText('2028-03-02')).toBeTruthy();
    // Received at 02:00 UTC: 10:00 China time, under the label the console, the report and exports use too.
    expect(screen.getByText('2026-03-05 10:00')).toBeTruthy();
    expect(screen.getAllByText('平台接收时间')).toHaveLength(2);
    expect(screen.getByText('较重失信')).toBeTruthy();
    expect(screen.getByText('长期')).toBeTruthy();
    expect(screen.queryByText('暂无行政许可信息')).toBeNull();
    expect(screen.queryByText('暂无行政处罚信息')).toBeNull();
    expect(screen.getByText('暂无经营异常名录')).toBeTruthy();
    expect(screen.getAllByText('共 1 条')).toHaveLength(2);
  });

  it('shows a correction with the version before and after side by side, the changed value marked', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse(withRecords({ penalties: [{ ...corrected, correction: undefined }], corrections: [corrected] })),
    );
    renderEnterprise(profile.creditCode);

    expect(await screen.findByText('文号录入有误')).toBeTruthy();
    const old = screen.getByText('仁市监罚〔2026〕31号');
    expect(old.tagName).toBe('DEL');
    const row = old.closest('tr')!;
    expect(row.classList.contains('profile-diff-changed')).toBe(true);
    expect(within(row).getByText('仁市监罚〔2026〕13号').tagName).toBe('INS');
    expect(within(row).getByText('已更正')).toBeTruthy();
    const unchanged = screen
      .getAllByText('在门店宣传中使用“国家级”等用语')
      .map((cell) => cell.closest('tr'))
      .find((candidate) => candidate?.closest('table')?.classList.contains('profile-comparison'))!;
    expect(within(unchanged).getAllByText('在门店宣传中使用“国家级”等用语')).toHaveLength(2);
    expect(unchanged.classList.contains('profile-diff-changed')).toBe(false);
  });

  it('renders markup in record text as text, never as an element', async () => {
    const script = `<script>alert(1)</script>"'&<img src=x onerror=alert(2)>`;
    fetchMock.mockImplementation(async () =>
      jsonResponse(withRecords({ penalties: [{ ...penalty, fields: [{ label: '违法事实', value: script }] }] })),
    );
    renderEnterprise(profile.creditCode);

    expect(await screen.findByText(script)).toBeTruthy();
    expect(document.querySelector('script')).toBeNull();
    expect(document.querySelector('img[src="x"]')).toBeNull();
  });

  it('says the entity was not found for an unknown code and links back to search', async () => {
    const errorBody: ErrorBody = {
      error: { code: 'ENTERPRISE_NOT_FOUND', message: '未找到该统一社会信用代码对应的市场主体', requestId: 'req-1' },
    };
    fetchMock.mockImplementation(async () => jsonResponse(errorBody, 404));
    renderEnterprise('91520102MAJ0KMNA90');

    expect(await screen.findByText('未找到该市场主体')).toBeTruthy();
    expect(screen.getByRole('link', { name: '返回信用信息查询' }).getAttribute('href')).toBe('/search');
  });

  it('answers a 429 with a Chinese notice saying when to try again', async () => {
    const errorBody: ErrorBody = {
      error: { code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试', requestId: 'req-3' },
    };
    fetchMock.mockImplementation(
      async () =>
        new Response(JSON.stringify(errorBody), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '17' },
        }),
    );
    renderEnterprise('9152000071430580XT');

    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: '访问过于频繁，请稍后再试' })).toBeTruthy();
    expect(alert.textContent).toContain('请在 17 秒后重试');
    expect(screen.getByRole('link', { name: '返回信用信息查询' }).getAttribute('href')).toBe('/search');
  });

  it('links the credit report PDF directly, without a download attribute, so a refusal shows the server page', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(profile));
    renderEnterprise('9152000071430580XT');

    const link = await screen.findByRole('link', { name: '下载信用报告（PDF）' });
    expect(link.getAttribute('href')).toBe('/api/public/enterprises/9152000071430580XT/report.pdf');
    expect(link.hasAttribute('download')).toBe(false);
  });

  it('shows the message of a refused code', async () => {
    const errorBody: ErrorBody = {
      error: { code: 'CREDIT_CODE_INVALID', message: '统一社会信用代码格式不正确', requestId: 'req-2' },
    };
    fetchMock.mockImplementation(async () => jsonResponse(errorBody, 400));
    renderEnterprise('123');

    expect(await screen.findByText('统一社会信用代码格式不正确')).toBeTruthy();
  });
});
