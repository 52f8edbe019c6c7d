import { chinaToday } from '@gzcredit/domain';
import ExcelJS from 'exceljs';
import { type APIRequestContext, type Locator, type Page, request } from 'playwright-core';
import {
  changeFirstPassword,
  consoleApiCall,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
  signOutOfConsole,
} from '../lib/console';
import { check, defineJourney, expectVisible } from '../lib/journey';

/** Screenshots of this journey at a common office monitor's width. */
const VIEWPORT = { width: 1440, height: 900 } as const;
/** Providing agency (Rules Art. 22(四)): it shares its 行政处罚信息 with one named agency, and only two fields. */
const PROVIDER = '贵州省交通运输厅';
const PROVIDER_USER = 'jiaotong.xinyong';
const PROVIDER_PASSWORD = 'Jiaotong-Share-2026!';
/** The agency it shares with: it queries, downloads and keeps a watch-list (Art. 17 第二款, 22(二)). */
const VIEWER = '贵州省住房和城乡建设厅';
const VIEWER_USER = 'zhujian.jianguan';
const VIEWER_PASSWORD = 'Zhujian-Watch-2026!';
/** The provincial bureau's operator (platform.operator): the floor, the measures and the check purposes. */
const OPERATOR_USER = 'shengju.yunying';
const OPERATOR_PASSWORD = 'Shengju-Operate-2026!';

const ITEM = '行政处罚信息';
/** The two fields the provider lets the viewer see; every other field of the item stays with the provider. */
const ALLOWED_FIELDS = ['行政处罚决定书文号', '处罚内容'];
const WATCHLIST = '在建工程重点监管企业';
const PURPOSE = '工程招标投标资格审查';
const IMPLEMENTING_BODY = '采购人、采购代理机构、各级财政部门';
const RENAMED_PURPOSE = '其他事项';

interface SearchResponse {
  items: Array<{ creditCode: string; name: string }>;
}

/** Three days ago in China: a decision date within the 20-working-day deadline, never in the future. */
function decisionDate(): string {
  const day = new Date(`${chinaToday()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 3);
  return day.toISOString().slice(0, 10);
}

/** A 一般失信 penalty of the provider, `shared` (内部共享) with a withholding ground. */
function penalty(entity: { creditCode: string; name: string }, number: number) {
  return {
    record: {
      itemCode: 'penalty',
      creditCode: entity.creditCode,
      entityName: entity.name,
      dishonestyLevel: '一般失信',
      useScope: 'shared',
      withholdingGround: '商业秘密',
      fields: {
        decisionNumber: `黔交执罚〔2026〕${number}号`,
        violationType: '超限运输',
        violationFacts: '货车车货总质量超过公路限定标准，擅自在公路上行驶',
        legalBasis: '《公路安全保护条例》第六十四条',
        penaltyCategory: '罚款',
        penaltyContent: `罚款人民币${number === 31 ? '三' : '二'}万元`,
        fineAmount: number === 31 ? '3' : '2',
        decisionDate: decisionDate(),
        authority: PROVIDER,
      },
    },
  };
}

/** Picks `option` in an Ant Design select: opens it, types to filter (long lists render only what fits), clicks. */
async function choose(page: Page, select: Locator, option: string, search = true) {
  await select.click();
  if (search) await select.fill(option);
  await page
    .locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`)
    .click();
}

export default defineJourney({
  description:
    'a provider shares 行政处罚信息 with one named agency and two fields, the bureau sets the floor and edits a measure ' +
    'and a check purpose, the other agency sees exactly those fields in 共享查询, downloads them with a purpose, ' +
    'keeps a watch-list and is alerted',
  // The alert comes from a background job that runs every minute.
  timeoutMs: 300_000,
  async run({ page, api, step, log, baseUrl, dataDir }) {
    await page.setViewportSize(VIEWPORT);
    const entity = (await api<SearchResponse>(`/api/public/enterprises?q=${encodeURIComponent('公司')}&pageSize=5`))
      .items[0];
    check(entity, 'no demo entity named …公司');
    log(`watched entity: ${entity.name} (${entity.creditCode})`);

    const provider = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: { name: PROVIDER, regionCode: '520000', level: 'province', kind: 'administrative' },
      manager: { name: '陈刚', post: '法制处副处长', mobile: '13985100731', idCardNumber: '11010519491231002X' },
      account: { username: PROVIDER_USER, permissions: ['record.submit', 'record.query', 'exchange.configure'] },
    });
    const viewer = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: { name: VIEWER, regionCode: '520000', level: 'province', kind: 'administrative' },
      manager: { name: '杨帆', post: '建筑市场监管处科长', mobile: '13985100732', idCardNumber: '11010519491231002X' },
      account: { username: VIEWER_USER, permissions: ['record.query'] },
    });
    const operator = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: 'bureau',
      manager: { name: '刘洁', post: '信用监督管理处科员', mobile: '13985100733', idCardNumber: '11010519491231002X' },
      account: { username: OPERATOR_USER, permissions: ['platform.operator'] },
    });

    // The provider's records go in through the console API in a session of its own (在线填报 has its own journey).
    const providerApi: APIRequestContext = await request.newContext({ baseURL: baseUrl });
    try {
      await consoleApiCall(providerApi, 'POST', '/api/console/session', {
        username: PROVIDER_USER,
        password: provider.oneTimePassword,
      });
      await consoleApiCall(providerApi, 'PUT', '/api/console/me/password', {
        currentPassword: provider.oneTimePassword,
        newPassword: PROVIDER_PASSWORD,
      });
      await consoleApiCall(providerApi, 'POST', '/api/console/records', penalty(entity, 31));

      await step('bureau-floor', async () => {
        await signInThroughConsole(page, OPERATOR_USER, operator.oneTimePassword);
        await changeFirstPassword(page, operator.oneTimePassword, OPERATOR_PASSWORD);
        await openConsoleMenu(page, '交换底线', '/console/exchange-floor');
        await expectVisible(page.getByRole('heading', { name: '交换底线', level: 1 }), 'the 交换底线 heading');
        await page.getByRole('button', { name: '添加规则' }).click();
        // The new rule: every agency sees every 严重失信 record of every item, whatever its provider set.
        await expectVisible(page.getByText('规则 1'), 'rule 1');
        await page.getByRole('button', { name: '保存交换底线' }).click();
        await expectVisible(page.getByText('已保存交换底线'), 'the saved message');
        await expectVisible(page.getByText(/最近设定：/), 'who set the floor and when');
      });

      await step('bureau-measure', async () => {
        await openConsoleMenu(page, '失信惩戒措施', '/console/measures');
        await page.getByRole('button', { name: '新建草稿版本' }).click();
        const modal = page.getByRole('dialog', { name: '新建失信惩戒措施清单草稿版本' });
        await modal.getByLabel('版本名称').fill('2026年修订');
        await modal.getByRole('button', { name: '新建草稿' }).click();
        await expectVisible(page.getByRole('heading', { name: /全国失信惩戒措施基础清单（2026年修订）/ }), 'the draft');
        const firstRow = page.getByRole('region', { name: '版本内容' }).locator('tbody tr.ant-table-row').first();
        await firstRow.getByRole('button', { name: /^编\s*辑$/ }).click();
        const drawer = page.getByRole('dialog').filter({ hasText: '编辑措施' });
        await drawer.getByLabel('实施主体').fill(IMPLEMENTING_BODY);
        await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
        await expectVisible(page.getByText('已保存', { exact: true }), 'the saved message');
        await expectVisible(firstRow.getByText(IMPLEMENTING_BODY), 'the changed implementing body in the draft');
      });

      await step('bureau-check-purpose', async () => {
        const purposes = page.getByRole('region', { name: '核查事项' });
        await purposes.getByRole('button', { name: '编辑核查事项“其他”' }).click();
        const modal = page.getByRole('dialog', { name: '编辑核查事项“其他”' });
        await modal.getByLabel('事项名称').fill(RENAMED_PURPOSE);
        await modal.getByRole('button', { name: /^保\s*存$/ }).click();
        await expectVisible(page.getByText(`已保存核查事项“${RENAMED_PURPOSE}”`), 'the saved message');
        await expectVisible(purposes.getByRole('cell', { name: RENAMED_PURPOSE, exact: true }), 'the renamed purpose');
      });

      await step('provider-settings', async () => {
        await signOutOfConsole(page);
        await signInThroughConsole(page, PROVIDER_USER, PROVIDER_PASSWORD);
        await openConsoleMenu(page, '交换设定', '/console/exchange-settings');
        await expectVisible(page.getByText('省市场监管局设定的交换底线'), 'the floor the bureau set');
        const card = page
          .locator('.ant-card-small')
          .filter({ has: page.locator('.ant-card-head-title', { hasText: new RegExp(`^${ITEM}`) }) });
        await page
          .getByRole('radiogroup', { name: `${ITEM}内部共享范围` })
          .getByText('仅向下列对象提供', { exact: true })
          .click();
        await card.getByRole('button', { name: `为${ITEM}内部共享添加对象` }).click();
        const prefix = `${ITEM}内部共享第1个对象`;
        await choose(page, page.getByLabel(`${prefix}的类型`), '指定机关', false);
        await choose(page, page.getByLabel(`${prefix}的机关`), VIEWER);
        const fields = page.getByLabel(`${prefix}可见的数据项`);
        for (const field of ALLOWED_FIELDS) await choose(page, fields, field);
        await page.keyboard.press('Escape');
        await card.getByRole('button', { name: '保存设定' }).click();
        await expectVisible(page.getByText(`已保存“${ITEM}”的交换设定`), 'the saved message');
        await expectVisible(card.getByText(/本单位已设定/), 'the setting marked as set');
      });

      await step('viewer-watchlist', async () => {
        await signOutOfConsole(page);
        await signInThroughConsole(page, VIEWER_USER, viewer.oneTimePassword);
        await changeFirstPassword(page, viewer.oneTimePassword, VIEWER_PASSWORD);
        await openConsoleMenu(page, '监管名单', '/console/watchlists');
        await page.getByRole('button', { name: '新建监管名单' }).click();
        const drawer = page.getByRole('dialog', { name: '新建监管名单' });
        await drawer.getByLabel('名单名称').fill(WATCHLIST);
        await drawer.getByLabel('监管主体（统一社会信用代码）').fill(`${entity.creditCode} 在建工程施工单位`);
        await drawer.getByRole('button', { name: '保存名单' }).click();
        await expectVisible(page.getByText(`已保存监管名单“${WATCHLIST}”`), 'the saved message');
        await expectVisible(page.getByRole('row').filter({ hasText: WATCHLIST }), 'the new watch-list');
      });

      // A new penalty about the watched entity, after the list exists: the alert job turns it into an alert.
      await consoleApiCall(providerApi, 'POST', '/api/console/records', penalty(entity, 32));
    } finally {
      await providerApi.dispose();
    }

    await step('viewer-shared-query', async () => {
      await openConsoleMenu(page, '共享查询', '/console/shared-query');
      await page.getByLabel('统一社会信用代码').fill(entity.creditCode);
      await page.getByRole('button', { name: /^查\s*询$/ }).click();
      const rows = page.locator('tr.ant-table-row').filter({ hasText: PROVIDER });
      await expectVisible(rows.filter({ hasText: entity.creditCode }), `the provider's records of ${entity.name}`);
      check((await rows.count()) === 2, `${await rows.count()} records of ${PROVIDER} shown, not 2`);
      await rows.first().getByRole('button', { name: '展开行' }).click();
      const expanded = page.locator('tr.ant-table-expanded-row').first();
      await expectVisible(expanded.locator('.ant-descriptions'), 'the visible fields');
      const labels = (await expanded.locator('.ant-descriptions-item-label').allTextContents()).sort();
      check(
        labels.join() === [...ALLOWED_FIELDS].sort().join(),
        `the viewer sees the fields ${labels.join('、')}, not exactly ${ALLOWED_FIELDS.join('、')}`,
      );
    });

    await step('viewer-download', async () => {
      await page.getByRole('button', { name: '下载 XLSX' }).click();
      const modal = page.getByRole('dialog', { name: '下载共享信息（XLSX）' });
      await modal.getByRole('button', { name: /^下\s*载$/ }).click();
      await expectVisible(page.getByText(/下载用途（purpose）必填/), 'the refusal without a purpose');
      await modal.getByLabel('下载用途').fill(PURPOSE);
      const downloading = page.waitForEvent('download');
      // After the refusal the button's loading icon fades out for a while, and its name reads “loading 下 载” meanwhile.
      await modal.getByRole('button', { name: /下\s*载$/ }).click();
      const download = await downloading;
      await expectVisible(page.getByText(/已下载，导出编号 GX\d{8}-\d{6}/), 'the export number');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await download.path());
      const rows: string[] = [];
      workbook.worksheets[0]!.eachRow((row) => {
        rows.push((row.values as unknown[]).map((value) => String(value ?? '')).join('|'));
      });
      const provided = rows.filter((row) => row.includes(PROVIDER) && row.includes(entity.creditCode));
      check(provided.length === 2, `${provided.length} rows of ${PROVIDER} in the download, not 2`);
      for (const row of provided) {
        check(
          row.includes('行政处罚决定书文号：黔交执罚〔2026〕'),
          `a downloaded row lacks the decision number: ${row}`,
        );
        check(!row.includes('违法事实') && !row.includes('处罚依据'), `a downloaded row has a withheld field: ${row}`);
      }
      check(rows.at(-1)!.includes(`用途：${PURPOSE}`), `the footer row does not name the purpose: ${rows.at(-1)}`);
      check(workbook.subject === PURPOSE, `the file's subject property is “${workbook.subject}”`);
      log(`${download.suggestedFilename()}: ${rows.length} rows`);
    });

    await step('viewer-alert', async () => {
      await openConsoleMenu(page, '预警提醒', '/console/watchlist-alerts');
      // Until the page has loaded, the rows still on screen are 共享查询's, about the same entity and provider.
      await expectVisible(page.getByRole('heading', { name: '预警提醒', level: 1 }), 'the 预警提醒 heading');
      const alert = page.getByRole('row').filter({ hasText: entity.name }).filter({ hasText: PROVIDER });
      // The alert job runs every minute: look again until it has run (at most two runs).
      const until = Date.now() + 150_000;
      while (!(await alert.first().isVisible())) {
        check(Date.now() < until, `no alert about ${entity.name} from ${PROVIDER} within 150 s`);
        await page.waitForTimeout(5_000);
        await page.reload();
        await expectVisible(page.getByRole('heading', { name: '预警提醒', level: 1 }), 'the 预警提醒 heading');
        await page
          .locator('.ant-table-wrapper .ant-spin-spinning')
          .waitFor({ state: 'detached' })
          .catch(() => {});
      }
      await expectVisible(alert.getByText('新增不良信息'), 'the kind of alert');
      await expectVisible(alert.getByText(WATCHLIST), 'the watch-list of the alert');
    });
  },
});
