import type { Locator, Page } from 'playwright-core';
import {
  check,
  DESKTOP_VIEWPORT,
  defineJourney,
  expectUrl,
  expectVisible,
  PHONE_VIEWPORT,
  WIDE_VIEWPORT,
} from '../lib/journey';
import { expectNoHorizontalOverflow } from '../lib/page-checks';

interface SearchResponse {
  items: Array<{ creditCode: string; name: string }>;
  total: number;
}

interface PublicPage {
  name: string;
  path: string;
  /** What shows once the page has loaded. */
  ready: (page: Page) => Locator;
}

export default defineJourney({
  description:
    'a visitor opens every public page at 1440 px and on a 375 px phone, where none scrolls sideways and the search ' +
    'filters fold into a 筛选 drawer',
  async run({ page, baseUrl, api, step, log }) {
    const listed = await api<SearchResponse>('/api/public/enterprises?q=%E5%85%AC%E5%8F%B8&dishonest=true');
    const entity = listed.items[0];
    check(entity, 'no demo entity named …公司 has a dishonesty record');
    // A credit report of it, for the verification page (the PDF's number and digest come in its headers).
    const report = await fetch(new URL(`/api/public/enterprises/${entity.creditCode}/report.pdf`, baseUrl));
    check(report.ok, `the credit report of ${entity.creditCode} answered ${report.status}`);
    await report.arrayBuffer();
    const reportNo = report.headers.get('x-report-number') ?? '';
    const digest = report.headers.get('x-report-digest') ?? '';
    check(reportNo && digest, 'the credit report came without its number and digest headers');
    log(`${entity.name} (${entity.creditCode}), report ${reportNo}`);

    const heading = (name: string | RegExp) => (current: Page) => current.getByRole('heading', { level: 1, name });
    const pages: PublicPage[] = [
      { name: 'home', path: '/', ready: heading('企业信用信息查询') },
      {
        name: 'search',
        path: `/search?q=${encodeURIComponent('公司')}`,
        ready: (current) => current.getByRole('list', { name: '市场主体列表' }),
      },
      { name: 'enterprise', path: `/enterprises/${entity.creditCode}`, ready: heading(entity.name) },
      // The lists browsed without a name (issue 20 item 1).
      ...(
        [
          ['blacklist', '严重失信主体名单（黑名单）'],
          ['abnormal', '经营异常名录'],
          ['licences', '行政许可信息（双公示）'],
          ['penalties', '行政处罚信息（双公示）'],
          ['trustworthy', '守信激励名单'],
        ] as const
      ).map(([list, title]) => ({ name: `list-${list}`, path: `/lists/${list}`, ready: heading(title) })),
      { name: 'column-laws', path: '/columns/laws', ready: heading('法律法规') },
      { name: 'column-policies', path: '/columns/policies', ready: heading('政策文件') },
      { name: 'column-news', path: '/columns/news', ready: heading('工作动态') },
      { name: 'column-notices', path: '/columns/notices', ready: heading('通知公告') },
      { name: 'report-form', path: '/reports', ready: heading('信用报告验证') },
      {
        name: 'report-verified',
        path: `/reports/${reportNo}?digest=${digest}`,
        ready: (current) => current.getByRole('heading', { name: '验证通过' }),
      },
      { name: 'not-found', path: '/no-such-page', ready: heading('页面不存在') },
    ];

    for (const { name, path, ready } of pages) {
      await step(`${name}-1440`, async () => {
        await page.setViewportSize(WIDE_VIEWPORT);
        await page.goto(path);
        await expectVisible(ready(page), `${path} loaded at 1440 px`);
      });
      await step(`${name}-375`, async () => {
        await page.setViewportSize(PHONE_VIEWPORT);
        await page.goto(path);
        await expectVisible(ready(page), `${path} loaded at 375 px`);
        await expectNoHorizontalOverflow(page);
      });
    }

    const filterButton = page.getByRole('button', { name: /^筛选/ });
    const drawer = page.getByRole('dialog', { name: '筛选' });
    await step('search-filter-drawer-375', async () => {
      await page.goto(`/search?q=${encodeURIComponent('公司')}`);
      await expectVisible(filterButton, 'the 筛选 button on a phone');
      check(
        !(await page.getByRole('combobox', { name: '主体类型' }).isVisible()),
        'the filters show inline on a phone instead of folding into the 筛选 drawer',
      );
      await filterButton.click();
      await expectVisible(drawer, 'the 筛选 drawer');
      await expectVisible(drawer.getByRole('combobox', { name: '所属地区' }), '所属地区 in the drawer');
      // A click, not check(): the box follows the drawer's choices, which change after the click returns.
      await drawer.getByRole('checkbox', { name: '有失信记录' }).click();
      await expectNoHorizontalOverflow(page);
    });

    await step('search-filtered-375', async () => {
      // A choice in the drawer waits for 确定 (Ant Design spaces a two-character button's label: 确 定).
      await drawer.getByRole('button', { name: /^确\s?定$/ }).click();
      await drawer.waitFor({ state: 'hidden' });
      await expectUrl(page, (url) => url.searchParams.get('dishonest') === 'true', 'the address with dishonest=true');
      await expectVisible(page.getByRole('button', { name: '筛选（1）' }), 'the 筛选 button counting one filter');
      await expectVisible(
        page.getByRole('list', { name: '市场主体列表' }).locator(`a[href="/enterprises/${entity.creditCode}"]`),
        `${entity.name} among the results with a dishonesty record`,
      );
      await expectNoHorizontalOverflow(page);
    });

    await step('search-filters-1440', async () => {
      await page.setViewportSize(WIDE_VIEWPORT);
      await expectVisible(page.getByRole('combobox', { name: '主体类型' }), 'the filters inline at 1440 px');
      check(!(await filterButton.isVisible()), 'the 筛选 button shows at 1440 px');
    });

    await page.setViewportSize(DESKTOP_VIEWPORT);
  },
});
