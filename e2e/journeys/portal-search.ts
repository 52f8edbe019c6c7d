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
    'a visitor searches an enterprise by name on the portal, opens its page, and checks the pages on a phone',
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
      const basicInformation = page.getByRole('table').first();
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

    await page.setViewportSize(DESKTOP_VIEWPORT);
  },
});
