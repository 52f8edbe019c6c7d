import { readFile } from 'node:fs/promises';
import { formatCount } from '@gzcredit/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Response } from 'playwright-core';
import { check, DESKTOP_VIEWPORT, defineJourney, expectUrl, expectVisible, PHONE_VIEWPORT } from '../lib/journey';
import { expectNoHorizontalOverflow } from '../lib/page-checks';

const WIDE_VIEWPORT = { width: 1440, height: 900 } as const;
const BLACKLIST_BADGE = '列入严重违法失信名单';
const BLACKLIST_SENTENCE = '该主体列入严重违法失信名单（黑名单），列入信息见“严重违法失信名单”。';

interface ListResponse {
  items: Array<{ creditCode: string; entityName: string; itemName: string }>;
  total: number;
}
interface ProfileResponse {
  badges: string[];
  sections: Array<{ key: string; records: Array<{ itemName: string }> }>;
}

/** The text of a PDF as a reader's copy and paste gives it, runs joined and line ends dropped (as test/pdf.ts). */
async function pdfText(pdf: Buffer): Promise<string> {
  const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false })
    .promise;
  try {
    const pages: string[] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const content = await (await document.getPage(number)).getTextContent();
      pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
    }
    return pages.join('');
  } finally {
    await document.destroy();
  }
}

export default defineJourney({
  description:
    'a visitor goes from the home page to the blacklist and on to a listed entity, whose badge, section and credit report agree',
  async run({ page, api, step, log }) {
    const blacklist = await api<ListResponse>('/api/public/lists/blacklist?pageSize=10');
    check(blacklist.items.length > 0, 'the demo data has no entity on 严重违法失信名单');
    const { creditCode, entityName } = blacklist.items[0]!;
    const profile = await api<ProfileResponse>(`/api/public/enterprises/${creditCode}`);
    check(profile.badges.includes('blacklisted'), `${entityName} is first on the blacklist but not badged blacklisted`);
    const listings = profile.sections.find((section) => section.key === 'serious_illegal')?.records ?? [];
    check(listings.length > 0, `${entityName}'s profile has no 严重违法失信名单 record`);
    log(`${blacklist.total} entries on the blacklist; following ${entityName} (${creditCode})`);

    const entityLink = page
      .getByRole('list', { name: '严重失信主体名单（黑名单）' })
      .locator(`a[href="/enterprises/${creditCode}"]`);

    await page.setViewportSize(WIDE_VIEWPORT);
    await step('home', async () => {
      await page.goto('/');
      await expectVisible(
        page.getByRole('link', { name: '严重失信主体名单（黑名单）' }),
        'the 失信信息公示 card’s link to the blacklist',
      );
      await expectVisible(page.getByRole('link', { name: /^查看严重失信主体名单：/ }), 'the blacklist figure’s link');
    });

    await step('blacklist', async () => {
      await page.getByRole('link', { name: '严重失信主体名单（黑名单）' }).click();
      await expectUrl(page, (url) => url.pathname === '/lists/blacklist', '/lists/blacklist');
      await expectVisible(
        page.getByRole('heading', { level: 1, name: '严重失信主体名单（黑名单）' }),
        'the list’s heading',
      );
      await expectVisible(entityLink, `the entry of ${entityName}`);
      await expectVisible(
        page.getByText(`共 ${formatCount(blacklist.total)} 条`).first(),
        `the count ${blacklist.total}`,
      );
    });

    await step('blacklist-filtered', async () => {
      await page.getByLabel('列入日期自').first().fill('2000-01-01');
      await expectUrl(page, (url) => url.searchParams.get('from') === '2000-01-01', 'the date filter in the address');
      await expectVisible(entityLink, `the entry of ${entityName} after filtering from 2000-01-01`);
    });

    await step('blacklist-phone', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto('/lists/blacklist');
      await expectVisible(entityLink, `the entry of ${entityName} on a phone`);
      await expectVisible(page.getByRole('button', { name: '筛选' }), 'the 筛选 button on a phone');
      await expectNoHorizontalOverflow(page);
    });

    // The list's filters in the 筛选 drawer (checked by axe while open), applied with 确定.
    const drawer = page.getByRole('dialog', { name: '筛选' });
    await step('blacklist-phone-drawer', async () => {
      await page.getByRole('button', { name: '筛选' }).click();
      await expectVisible(drawer.getByRole('combobox', { name: '提供单位' }), '提供单位 in the drawer');
      await drawer.getByLabel('列入日期自').fill('2000-01-01');
      check(new URL(page.url()).searchParams.get('from') === null, 'a choice in the drawer applied before 确定');
    });

    await step('blacklist-phone-filtered', async () => {
      await drawer.getByRole('button', { name: /^确\s?定$/ }).click();
      await drawer.waitFor({ state: 'hidden' });
      await expectUrl(page, (url) => url.searchParams.get('from') === '2000-01-01', 'the date filter in the address');
      await expectVisible(page.getByRole('button', { name: '筛选（1）' }), 'the 筛选 button counting one filter');
      await expectVisible(entityLink, `the entry of ${entityName} after filtering on a phone`);
      await expectNoHorizontalOverflow(page);
      await page.setViewportSize(WIDE_VIEWPORT);
    });

    await step('listed-entity', async () => {
      await entityLink.click();
      await expectUrl(page, (url) => url.pathname === `/enterprises/${creditCode}`, `/enterprises/${creditCode}`);
      await expectVisible(page.locator('.profile-tags').getByText(BLACKLIST_BADGE, { exact: true }), 'the badge');
      await expectVisible(page.getByText(BLACKLIST_SENTENCE), 'the standing in words');
      const section = page
        .locator('.profile-card')
        .filter({ has: page.getByRole('heading', { level: 2, name: '严重违法失信名单', exact: true }) });
      await expectVisible(section.locator('.profile-record').first(), 'a record in the 严重违法失信名单 section');
    });

    await step('credit-report', async () => {
      const responsePromise = page.waitForResponse((response: Response) => response.url().endsWith('/report.pdf'));
      const downloadPromise = page.waitForEvent('download');
      await page.getByRole('link', { name: '下载信用报告（PDF）' }).click();
      const [response, download] = await Promise.all([responsePromise, downloadPromise]);
      check(response.status() === 200, `the report answered ${response.status()}`);
      const text = await pdfText(await readFile(await download.path()));
      // The 信用标识 row prints the badge; the sentence under it holds the same words again: at least twice.
      check(text.includes('信用标识'), 'the report has no 信用标识 row');
      check(text.split(BLACKLIST_BADGE).length - 1 >= 2, 'the report’s 信用标识 does not say 列入严重违法失信名单');
      check(text.includes(BLACKLIST_SENTENCE), 'the report does not give the standing in the profile’s words');
      check(text.includes('严重违法失信名单'), 'the report has no 严重违法失信名单 section');
      check(text.includes(listings[0]!.itemName), `the report does not show the listing (${listings[0]!.itemName})`);
      log(`report ${response.headers()['x-report-number']}: badge, sentence and listing agree with the page`);
    });

    await step('listed-entity-phone', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto(`/enterprises/${creditCode}`);
      await expectVisible(page.getByText(BLACKLIST_SENTENCE), 'the standing in words on a phone');
      await expectNoHorizontalOverflow(page);
    });

    await page.setViewportSize(DESKTOP_VIEWPORT);
  },
});
