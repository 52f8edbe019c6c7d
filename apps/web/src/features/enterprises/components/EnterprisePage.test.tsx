import type { EnterpriseProfileDto, ErrorBody } from '@gzcredit/contracts';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { EnterprisePage } from './EnterprisePage';

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
  sections: [],
};

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

  it('shows the basic information, badges and the note while no sections are publicised', async () => {
    fetchMock.mockImplementation(async () => jsonResponse(profile));
    renderEnterprise(profile.creditCode);

    expect(await screen.findByRole('heading', { level: 1, name: '贵州茅台酒股份有限公司' })).toBeTruthy();
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/public/enterprises/9152000071430580XT');
    expect(screen.getByText('严重失信（黑名单）')).toBeTruthy();
    expect(screen.getByText('贵州省仁怀市茅台镇')).toBeTruthy();
    expect(screen.getByText('中国贵州茅台酒厂有限责任公司')).toBeTruthy();
    expect(screen.getByText('行政许可、行政处罚等公示信息将随数据归集逐步展示')).toBeTruthy();
    expect(document.title).toBe('贵州茅台酒股份有限公司 - 贵州省企业公共信用信息平台');
  });

  it('shows each publicised section, with a note for a section without records', async () => {
    fetchMock.mockImplementation(async () =>
      jsonResponse({
        ...profile,
        sections: [
          {
            key: 'licences',
            title: '行政许可信息',
            records: [{ 许可文件名称: '食品生产许可证', 有效期至: '2027-01-01' }],
          },
          { key: 'penalties', title: '行政处罚信息', records: [] },
        ],
      } satisfies EnterpriseProfileDto),
    );
    renderEnterprise(profile.creditCode);

    expect(await screen.findByText('行政许可信息')).toBeTruthy();
    expect(screen.getByText('食品生产许可证')).toBeTruthy();
    expect(screen.getByText('暂无公示信息')).toBeTruthy();
    expect(screen.queryByText('行政许可、行政处罚等公示信息将随数据归集逐步展示')).toBeNull();
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

  it('shows the message of a refused code', async () => {
    const errorBody: ErrorBody = {
      error: { code: 'CREDIT_CODE_INVALID', message: '统一社会信用代码格式不正确', requestId: 'req-2' },
    };
    fetchMock.mockImplementation(async () => jsonResponse(errorBody, 400));
    renderEnterprise('123');

    expect(await screen.findByText('统一社会信用代码格式不正确')).toBeTruthy();
  });
});
