import type { PublicitySettingDto } from '@gzcredit/contracts';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setCsrfToken } from '../../../lib/api-client';
import { errorResponse, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { PublicitySettingsPage } from './PublicitySettingsPage';

const award: PublicitySettingDto = {
  itemId: 1,
  itemCode: 'quality_award',
  itemName: '质量奖信息',
  category: 'good',
  editionCode: '2015版',
  configurable: true,
  fields: [
    { key: 'awardName', label: '奖项名称', type: 'text', publicisable: true },
    { key: 'contactIdCard', label: '联系人身份证号码', type: 'id_card', publicisable: false },
    { key: 'contactMobile', label: '联系电话', type: 'mobile', publicisable: true },
    { key: 'address', label: '联系地址', type: 'text', publicisable: true },
  ],
  publicised: true,
  hiddenFields: [],
  configured: false,
  updatedAt: null,
  updatedByName: null,
  mandatoryPublicity: false,
  withholdingGround: null,
};
const registration: PublicitySettingDto = {
  ...award,
  itemId: 2,
  itemCode: 'registration',
  itemName: '登记注册基本信息',
  category: 'basic',
  configurable: false,
  fields: [
    { key: 'legalRepresentative', label: '法定代表人（负责人、经营者）', type: 'text', publicisable: true },
    { key: 'legalRepresentativeIdCard', label: '法定代表人身份证号码', type: 'id_card', publicisable: false },
  ],
};
const penalty: PublicitySettingDto = {
  ...award,
  itemId: 3,
  itemCode: 'penalty',
  itemName: '行政处罚信息',
  category: 'bad',
  fields: [{ key: 'decisionNumber', label: '行政处罚决定书文号', type: 'text', publicisable: true }],
};

function renderPage() {
  return renderRoutes([{ path: '/console/publicity', element: <PublicitySettingsPage /> }], '/console/publicity');
}

const card = (itemName: string) => screen.getByText(itemName).closest('.ant-card') as HTMLElement;

describe('PublicitySettingsPage', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setCsrfToken(undefined);
  });

  it('shows identity-card fields checked and disabled as 不公示, and saves the fields kept back', async () => {
    const puts: unknown[] = [];
    stubConsoleApi({
      'GET /api/console/publicity-settings': () => jsonResponse({ items: [registration, award, penalty] }),
      'PUT /api/console/publicity-settings/1': (init) => {
        const body = JSON.parse(String(init?.body));
        puts.push(body);
        return jsonResponse({
          ...award,
          ...body,
          configured: true,
          updatedByName: '王公示',
          updatedAt: '2026-03-01T02:00:00.000Z',
        });
      },
    });
    renderPage();

    const item = await waitFor(() => card('质量奖信息'));
    const idCard = within(item).getByLabelText('联系人身份证号码（不公示）') as HTMLInputElement;
    expect(idCard.checked).toBe(true);
    expect(idCard.disabled).toBe(true);
    const save = within(item).getByRole('button', { name: '保存设定' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);

    fireEvent.click(within(item).getByLabelText('联系电话'));
    expect(save.disabled).toBe(false);
    fireEvent.click(save);

    await waitFor(() => expect(puts).toEqual([{ publicised: true, hiddenFields: ['contactMobile'] }]));
    expect(await within(item).findByText(/本单位已设定（王公示/)).toBeTruthy();
    expect(within(card('行政处罚信息')).getByText('按征集目录默认公示目录允许的全部数据项')).toBeTruthy();
  });

  it('shows registration data read-only: the law publicises it as the entity’s basic information', async () => {
    stubConsoleApi({
      'GET /api/console/publicity-settings': () => jsonResponse({ items: [registration, penalty] }),
    });
    renderPage();

    const item = await waitFor(() => card('登记注册基本信息'));
    expect(within(item).getByText(/企业信息公示暂行条例/)).toBeTruthy();
    expect((within(item).getByRole('switch') as HTMLButtonElement).disabled).toBe(true);
    expect((within(item).getByLabelText('法定代表人（负责人、经营者）') as HTMLInputElement).disabled).toBe(true);
    expect((within(item).getByLabelText('法定代表人身份证号码（不公示）') as HTMLInputElement).checked).toBe(true);
    expect(within(item).queryByRole('button', { name: '保存设定' })).toBeNull();
  });

  it('switches an item off and shows what that means', async () => {
    const puts: unknown[] = [];
    stubConsoleApi({
      'GET /api/console/publicity-settings': () => jsonResponse({ items: [registration, penalty] }),
      'PUT /api/console/publicity-settings/3': (init) => {
        puts.push(JSON.parse(String(init?.body)));
        return jsonResponse({ ...penalty, publicised: false, configured: true });
      },
    });
    renderPage();

    const item = await waitFor(() => card('行政处罚信息'));
    fireEvent.click(within(item).getByRole('switch', { name: '公示行政处罚信息' }));
    expect(within(item).getByText(/不计入企业的失信、守信标识/)).toBeTruthy();
    fireEvent.click(within(item).getByRole('button', { name: '保存设定' }));
    await waitFor(() => expect(puts).toEqual([{ publicised: false, hiddenFields: [] }]));
  });

  it('asks for the legal ground before a mandatory item is switched off, and sends it (Art. 15)', async () => {
    const puts: unknown[] = [];
    const mandatory = { ...penalty, mandatoryPublicity: true };
    stubConsoleApi({
      'GET /api/console/publicity-settings': () => jsonResponse({ items: [mandatory] }),
      'PUT /api/console/publicity-settings/3': (init) => {
        const body = JSON.parse(String(init?.body));
        puts.push(body);
        return jsonResponse({
          ...mandatory,
          publicised: false,
          configured: true,
          withholdingGround: body.withholdingGround,
        });
      },
    });
    renderPage();

    const item = await waitFor(() => card('行政处罚信息'));
    expect(within(item).getByText('依法公示')).toBeTruthy();
    fireEvent.click(within(item).getByRole('switch', { name: '公示行政处罚信息' }));
    const save = within(item).getByRole('button', { name: '保存设定' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.change(within(item).getByLabelText('行政处罚信息不公示的法定依据'), { target: { value: ' 商业秘密 ' } });
    expect(save.disabled).toBe(false);
    fireEvent.click(save);
    await waitFor(() => expect(puts).toEqual([{ publicised: false, hiddenFields: [], withholdingGround: '商业秘密' }]));
  });

  it('shows the server’s refusal', async () => {
    stubConsoleApi({
      'GET /api/console/publicity-settings': () => jsonResponse({ items: [penalty] }),
      'PUT /api/console/publicity-settings/3': () =>
        errorResponse('CATALOGUE_ITEM_NOT_FOUND', '现行征集目录中没有本单位可提供的该信息项', 404),
    });
    renderPage();

    const item = await waitFor(() => card('行政处罚信息'));
    fireEvent.click(within(item).getByLabelText('行政处罚决定书文号'));
    fireEvent.click(within(item).getByRole('button', { name: '保存设定' }));
    expect(await screen.findByText('现行征集目录中没有本单位可提供的该信息项')).toBeTruthy();
  });
});
