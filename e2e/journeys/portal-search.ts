import { check, DESKTOP_VIEWPORT, defineJourney, expectUrl, expectVisible, PHONE_VIEWPORT } from '../lib/journey';
import { expectChineseGlyphs, expectNoHorizontalOverflow } from '../lib/page-checks';

const PLATFORM_NAME = '贵州省企业公共信用信息平台';
const SEARCH_BOX_LABEL = '企业名称或统一社会信用代码';

interface SearchResponse {
  items: Array<{ creditCode: string; name: string }>;
  total: number;
}

export default defineJourney({
  description:
    'a visitor searches an enterprise by name on the portal, opens its page, and checks the pages on a phone, in ' +
    '关怀模式 too',
  async run({ page, api, step, log }) {
    const found = await api<SearchResponse>(`/api/public/enterprises?q=${encodeURIComponent('贵州')}`);
    const entity = found.items[0];
    check(entity, `the demo data has no entity matching 贵州 (total ${found.total})`);
    const { name, creditCode } = entity;
    log(`searching for ${name} (${creditCode})`);

    const header = page.getByRole('banner');
    const resultList = page.getByRole('list', { name: '市场主体列表' });
    const resultLink = resultList
      .getByRole('link', { name, exact: true })
      .and(page.locator(`[href="/enterprises/${creditCode}"]`));
    const nameHeading = page.getByRole('heading', { level: 1, name, exact: true });

    await step('home', async () => {
      await page.goto('/');
      await expectVisible(header.getByText(PLATFORM_NAME, { exact: true }), `the platform name in the header`);
      const title = await page.title();
      check(title.includes(PLATFORM_NAME), `the page title "${title}" does not contain ${PLATFORM_NAME}`);
      await expectChineseGlyphs(page, '.portal-title');
      await expectVisible(page.getByLabel(SEARCH_BOX_LABEL), `the search box labelled ${SEARCH_BOX_LABEL}`);
    });

    await step('results', async () => {
      await page.getByLabel(SEARCH_BOX_LABEL).fill(name);
      await page.getByRole('button', { name: /^查\s*询$/ }).click();
      await expectUrl(
        page,
        (url) => url.pathname === '/search' && url.searchParams.get('q') === name,
        `/search?q=${name}`,
      );
      await expectVisible(resultList, 'the result list 市场主体列表');
      await expectVisible(resultLink, `a result named ${name} linking to /enterprises/${creditCode}`);
    });

    await step('enterprise', async () => {
      await resultLink.click();
      await expectUrl(page, (url) => url.pathname === `/enterprises/${creditCode}`, `/enterprises/${creditCode}`);
      await expectVisible(nameHeading, `the heading ${name}`);
      await expectVisible(page.getByText('基本信息', { exact: true }), 'the 基本信息 card');
      const basicInformation = page
        .locator('.profile-card')
        .filter({ has: page.getByRole('heading', { level: 2, name: '基本信息', exact: true }) });
      await expectVisible(
        basicInformation.getByText('统一社会信用代码', { exact: true }),
        '统一社会信用代码 in 基本信息',
      );
      await expectVisible(basicInformation.getByText(creditCode, { exact: true }), `${creditCode} in 基本信息`);
      await expectVisible(basicInformation.getByText(name, { exact: true }), `${name} in 基本信息`);
      const title = await page.title();
      check(title.includes(PLATFORM_NAME), `the page title "${title}" does not contain ${PLATFORM_NAME}`);
    });

    await step('enterprise-phone', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.reload();
      await expectVisible(nameHeading, `the heading ${name} on a phone`);
      await expectVisible(page.getByText(creditCode, { exact: true }).first(), `${creditCode} on a phone`);
      await expectNoHorizontalOverflow(page);
    });

    await step('results-phone', async () => {
      await page.goBack();
      await expectUrl(
        page,
        (url) => url.pathname === '/search' && url.searchParams.get('q') === name,
        'back at /search',
      );
      await expectVisible(resultLink, `the result ${name} on a phone`);
      await expectNoHorizontalOverflow(page);
    });

    await step('home-phone', async () => {
      await page.goto('/');
      await expectVisible(page.getByLabel(SEARCH_BOX_LABEL), 'the search box on a phone');
      await expectVisible(
        header.getByText(PLATFORM_NAME, { exact: true }),
        'the platform name in the header on a phone',
      );
      await expectNoHorizontalOverflow(page);
    });

    await step('help-phone', async () => {
      await page.getByRole('contentinfo').getByRole('link', { name: '使用指南' }).click();
      await expectUrl(page, (url) => url.pathname === '/help', '/help');
      await expectVisible(page.getByRole('heading', { level: 1, name: '使用指南' }), 'the heading 使用指南');
      await expectVisible(page.getByText('严重违法失信名单', { exact: true }), 'the meaning of 严重违法失信名单');
      await expectNoHorizontalOverflow(page);
    });

    // 关怀模式 (larger text, higher contrast), switched on from the keyboard on a phone and remembered by the browser.
    const careToggle = header.getByRole('button', { name: '关怀模式', exact: true });
    const mainFontSize = () =>
      page.evaluate(() => Number.parseFloat(getComputedStyle(document.getElementById('main-content')!).fontSize));
    await step('care-mode-phone', async () => {
      check((await careToggle.getAttribute('aria-pressed')) === 'false', '关怀模式 is on before it was switched on');
      const standard = await mainFontSize();
      await careToggle.focus();
      await page.keyboard.press('Enter');
      await expectVisible(header.locator('button[aria-pressed="true"]', { hasText: '关怀模式' }), '关怀模式 pressed');
      check(
        await page.evaluate(() => document.documentElement.classList.contains('care-mode')),
        '<html> lacks the class care-mode with 关怀模式 on',
      );
      const larger = await mainFontSize();
      check(larger >= 18 && larger > standard, `the text is ${larger} px in 关怀模式 (${standard} px without)`);
      await expectNoHorizontalOverflow(page);
    });

    await step('care-mode-results-phone', async () => {
      await page.goto(`/search?q=${encodeURIComponent(name)}`);
      await expectVisible(resultLink, `the result ${name} in 关怀模式`);
      check((await careToggle.getAttribute('aria-pressed')) === 'true', '关怀模式 was forgotten on the next page');
      const link = await resultLink.evaluate((element) => getComputedStyle(element).textDecorationLine);
      check(link.includes('underline'), `a result's link is not underlined in 关怀模式 (${link})`);
      await expectNoHorizontalOverflow(page);
    });

    await step('care-mode-off-phone', async () => {
      await careToggle.click();
      check((await careToggle.getAttribute('aria-pressed')) === 'false', '关怀模式 stays on after pressing it again');
      await page.reload();
      await expectVisible(resultLink, `the result ${name} after 关怀模式`);
      check(
        !(await page.evaluate(() => document.documentElement.classList.contains('care-mode'))),
        '关怀模式 came back after a reload with it off',
      );
    });

    await page.setViewportSize(DESKTOP_VIEWPORT);

    await step('help', async () => {
      await page.goto('/help');
      await page.getByText('对公示的信息有异议怎么办？', { exact: true }).click();
      await expectVisible(page.getByText(/请直接联系该单位申请核实更正/), 'the answer on objections');
    });

    await step('missing-page', async () => {
      const response = await page.goto('/no-such-page');
      check(response?.status() === 404, `/no-such-page answered ${response?.status()}, not 404`);
      await expectVisible(page.getByRole('heading', { level: 1, name: '页面不存在' }), 'the heading 页面不存在');
    });
  },
});
