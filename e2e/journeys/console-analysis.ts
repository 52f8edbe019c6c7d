import { formatCount } from '@gzcredit/domain';
import type { Page } from 'playwright-core';
import {
  changeFirstPassword,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
  signOutOfConsole,
  totp,
} from '../lib/console';
import { check, defineJourney, expectUrl, expectVisible } from '../lib/journey';

const ANALYST = 'tongji.fenxi';
const ANALYST_PASSWORD = 'Tongji-Fenxi-2026!';
const GUARD = 'anquan.guanli';
const GUARD_PASSWORD = 'Anquan-Guanli-2026!';

interface Analysis {
  parent: string | null;
  items: Array<{ code: string; name: string; received: number }>;
  total: { received: number };
}

/** A console GET in the page's session (its cookie): what the page itself reads. */
async function consoleGet<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
  const response = await page.request.get(path);
  return { status: response.status(), body: (await response.json()) as T };
}

/** The received counts a card's table view shows, by row name. */
async function tableCounts(page: Page, dimension: string): Promise<Map<string, string>> {
  const card = page.locator(`.statistics-card[data-dimension="${dimension}"]`);
  await card.getByText('表格', { exact: true }).click();
  await expectVisible(card.locator('table'), `the ${dimension} table`);
  const rows = await card
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => (td.textContent ?? '').trim())),
    );
  return new Map(rows.filter((cells) => cells.length > 1).map((cells) => [cells[0]!, cells[1]!]));
}

export default defineJourney({
  description:
    'a provincial analyst reads the console analysis on the map of Guizhou, picks 贵阳市 and the industry chart follows, ' +
    'reads the agencies’ accountability ranking with their objections and repairs, then the security administrator reads the security events the analyst’s refused call made',
  timeoutMs: 240_000,
  async run({ page, baseUrl, dataDir, step, log }) {
    const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: 'bureau',
      manager: { name: '吴婷', post: '信用信息科科员', mobile: '13985100852', idCardNumber: '11010519491231002X' },
      account: { username: ANALYST, permissions: ['platform.operator'] },
    });

    await step('analysis', async () => {
      await signInThroughConsole(page, ANALYST, oneTimePassword);
      await changeFirstPassword(page, oneTimePassword, ANALYST_PASSWORD);
      await openConsoleMenu(page, '统计分析', '/console/analysis');
      await expectVisible(page.getByRole('heading', { name: '统计分析', level: 1 }), 'the 统计分析 heading');
      await expectVisible(page.locator('[data-chart="map"][data-items="9"] canvas'), 'the map of the 9 prefectures');
      await expectVisible(page.locator('[data-chart="bar"] canvas').first(), 'the bar charts');
      await expectVisible(page.locator('[data-chart="line"] canvas'), 'the month chart');
    });

    let guiyang = 0;
    await step('cross-filter', async () => {
      const { body: province } = await consoleGet<Analysis>(page, '/api/console/statistics/analysis?dimension=region');
      check(province.total.received > 0, 'the demo records count in no prefecture');
      const regions = await tableCounts(page, 'region');
      for (const item of province.items) {
        check(
          regions.get(item.name) === formatCount(item.received),
          `${item.name}: the table shows ${regions.get(item.name)}, the API counts ${item.received}`,
        );
      }
      // A click on 贵阳市 (its name in the table view, as on the map) filters every other view.
      await page.locator('.statistics-card[data-dimension="region"]').getByRole('button', { name: '贵阳市' }).click();
      await expectVisible(page.getByRole('button', { name: /地区：贵阳市/ }), 'the 地区：贵阳市 filter');
      const { body: industries } = await consoleGet<Analysis>(
        page,
        '/api/console/statistics/analysis?dimension=industry&region=520100',
      );
      guiyang = industries.total.received;
      const shown = await tableCounts(page, 'industry');
      for (const item of industries.items.filter((entry) => entry.received > 0)) {
        check(
          shown.get(item.name) === formatCount(item.received),
          `${item.name} in 贵阳市: the table shows ${shown.get(item.name)}, the API counts ${item.received}`,
        );
      }
      check(
        guiyang === province.items.find((item) => item.code === '520100')!.received,
        `the industries of 贵阳市 add up to ${guiyang}, not to 贵阳市's count on the map`,
      );
      log(`贵阳市: ${guiyang} records of ${province.total.received} in the province`);
    });

    await step('accountability', async () => {
      // 各单位报送考核 (issue 19 item 4): every agency with its objections and repair applications beside timeliness.
      await openConsoleMenu(page, '报送及时性', '/console/timeliness');
      const agencies = page.getByRole('region', { name: '各单位' });
      await expectVisible(agencies.getByRole('columnheader', { name: '异议' }), 'the 异议 columns of the ranking');
      await expectVisible(agencies.getByRole('columnheader', { name: '信用修复申请' }), 'the 信用修复申请 columns');
      const { body: ranking } = await consoleGet<{
        items: Array<{ agency: { name: string }; objections: { received: number }; repairs: { received: number } }>;
      }>(page, '/api/console/timeliness/agencies?sort=rate');
      const first = ranking.items[0]!;
      const cells = await agencies
        .getByRole('row')
        .filter({ hasText: first.agency.name })
        .first()
        .locator('td')
        .evaluateAll((tds) => tds.map((td) => (td.textContent ?? '').trim()));
      check(
        cells.at(-7) === formatCount(first.objections.received) && cells.at(-3) === formatCount(first.repairs.received),
        `${first.agency.name}: the table shows objections ${cells.at(-7)} and repairs ${cells.at(-3)}, the API ` +
          `${first.objections.received} and ${first.repairs.received}`,
      );
      log(`${ranking.items.length} agencies ranked; first ${first.agency.name}`);
    });

    await step('security-events', async () => {
      // The analyst reaches for the audit trail, which is not theirs to read: a denied call, an event for the guard.
      check((await page.request.get('/api/console/audit')).status() === 403, 'the analyst read the audit trail');
      const { oneTimePassword: guardPassword } = await prepareAgencyAccount(baseUrl, dataDir, {
        agency: 'bureau',
        manager: { name: '陈刚', post: '安全管理员', mobile: '13985100963', idCardNumber: '11010519491231002X' },
        account: { username: GUARD, permissions: ['security.admin'] },
      });
      await signOutOfConsole(page);
      await signInThroughConsole(page, GUARD, guardPassword);
      await changeFirstPassword(page, guardPassword, GUARD_PASSWORD);
      await expectUrl(page, (url) => url.pathname === '/console/totp', '/console/totp (the guard binds TOTP)');
      await page.getByRole('button', { name: '生成绑定二维码' }).click();
      await expectVisible(page.getByRole('img', { name: '动态口令绑定二维码' }), 'the guard’s TOTP QR code');
      const secret = (await page.getByTestId('totp-secret').textContent())?.match(/[A-Z2-7]{16,}=*/)?.[0] ?? '';
      await page.getByLabel('6 位动态口令').fill(totp(secret));
      await page.getByRole('button', { name: '完成绑定' }).click();
      await expectUrl(page, (url) => url.pathname === '/console', 'the guard’s console home');
      await openConsoleMenu(page, '安全事件', '/console/security-events');
      const row = page.getByRole('row').filter({ hasText: ANALYST });
      await expectVisible(row.getByText('越权访问被拒绝'), 'the analyst’s denied call as an event');
      await expectVisible(row.getByText('查询审计日志', { exact: false }), 'the refused action in words');
    });
  },
});
