import { readFile } from 'node:fs/promises';
import { formatCount } from '@gzcredit/domain';
import type { Response } from 'playwright-core';
import { check, DESKTOP_VIEWPORT, defineJourney, expectUrl, expectVisible, PHONE_VIEWPORT } from '../lib/journey';
import { expectNoHorizontalOverflow } from '../lib/page-checks';

const SEARCH_BOX_LABEL = '企业名称或统一社会信用代码';
const HOST_DEPARTMENT = '主办单位：贵州省市场监督管理局';

interface SearchResponse {
  items: Array<{ creditCode: string; name: string }>;
  total: number;
}
interface ProfileResponse {
  name: string;
  sections: Array<{ key: string; title: string; records: Array<{ itemName: string; agencyName: string }> }>;
}
interface StatisticsResponse {
  entities: number;
  publicRecords: number;
  blacklistedEntities: number;
}

/** As in packages/contracts/src/reports.ts: GZXY + date + 10 base-32 characters; SM3 as 64 lowercase hex digits. */
const REPORT_NUMBER_PATTERN = /^GZXY\d{8}[0-9A-HJKMNP-TV-Z]{10}$/;
const REPORT_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

export default defineJourney({
  description:
    'a visitor searches a fragment of a sanctioned enterprise, opens its page, downloads its credit report and verifies it',
  async run({ page, api, step, log }) {
    // Setup through the public API: a demo entity with a public 行政处罚 record, and a fragment that finds it on page 1.
    let target: { creditCode: string; name: string; agencyName: string; itemName: string } | undefined;
    for (let pageNo = 1; pageNo <= 10 && !target; pageNo++) {
      const found = await api<SearchResponse>(
        `/api/public/enterprises?q=${encodeURIComponent('公司')}&page=${pageNo}&pageSize=50`,
      );
      for (const item of found.items) {
        const profile = await api<ProfileResponse>(`/api/public/enterprises/${item.creditCode}`);
        const record = profile.sections.find((section) => section.key === 'penalties')?.records[0];
        if (record) {
          target = { ...item, agencyName: record.agencyName, itemName: record.itemName };
          break;
        }
      }
    }
    check(target, 'no demo entity named …公司 with a public 行政处罚 record in the first 500 results');
    const { creditCode, name, agencyName } = target;
    let fragment: string | undefined;
    for (const candidate of [name.slice(2, 8), name.slice(2), name.slice(0, -2), name]) {
      const found = await api<SearchResponse>(`/api/public/enterprises?q=${encodeURIComponent(candidate)}`);
      if (found.items.some((item) => item.creditCode === creditCode)) {
        fragment = candidate;
        break;
      }
    }
    check(fragment, `no fragment of ${name} finds it on the first page`);
    log(`${name} (${creditCode}), 行政处罚 by ${agencyName}; searching “${fragment}”`);

    const resultLink = page.getByRole('list', { name: '市场主体列表' }).locator(`a[href="/enterprises/${creditCode}"]`);
    const reportLink = page.getByRole('link', { name: '下载信用报告（PDF）' });
    let reportNo = '';
    let digest = '';

    await step('home', async () => {
      const figures = await api<StatisticsResponse>('/api/public/statistics');
      check(figures.entities >= 2000, `the statistics count ${figures.entities} entities, the demo data has 2,000`);
      check(figures.publicRecords > 0, 'the statistics count no public record');
      await page.goto('/');
      const region = page.getByRole('region', { name: '平台概况' });
      await expectVisible(region, 'the 平台概况 figures');
      for (const [label, value] of [
        ['市场主体', figures.entities],
        ['公示信用信息', figures.publicRecords],
        ['严重失信主体（黑名单）', figures.blacklistedEntities],
      ] as const) {
        const figure = region.locator('.home-figure').filter({ hasText: label });
        await expectVisible(figure.getByText(formatCount(value), { exact: true }), `${label} ${value}`);
      }
      await expectVisible(region.getByRole('link', { name: '信用报告验证' }), 'the 信用报告验证 link');
      await expectVisible(
        page.getByRole('contentinfo').getByText(HOST_DEPARTMENT),
        'the host department in the footer',
      );
    });

    await step('search-fragment', async () => {
      // Keyboard only: the labelled field, then Enter.
      await page.getByLabel(SEARCH_BOX_LABEL).focus();
      await page.keyboard.type(fragment);
      await page.keyboard.press('Enter');
      await expectUrl(page, (url) => url.pathname === '/search' && url.searchParams.get('q') === fragment, '/search');
      await expectVisible(resultLink, `the result ${name}`);
      const marked = await resultLink.locator('mark').allTextContents();
      check(marked.join('') === fragment, `the result highlights “${marked.join('|')}”, expected “${fragment}”`);
    });

    await step('profile', async () => {
      await resultLink.click();
      await expectUrl(page, (url) => url.pathname === `/enterprises/${creditCode}`, `/enterprises/${creditCode}`);
      await expectVisible(page.getByRole('heading', { level: 1, name, exact: true }), `the heading ${name}`);
      const penalties = page
        .locator('.profile-card')
        .filter({ has: page.getByRole('heading', { level: 2, name: '行政处罚信息', exact: true }) });
      const record = penalties.locator('.profile-record').first();
      await expectVisible(record.getByText('提供单位', { exact: true }), 'the 提供单位 label of the 行政处罚 record');
      await expectVisible(
        record.getByText(agencyName, { exact: true }),
        `the 行政处罚 record provided by ${agencyName}`,
      );
    });

    await step('download-report', async () => {
      const responsePromise = page.waitForResponse((response: Response) => response.url().endsWith('/report.pdf'));
      const downloadPromise = page.waitForEvent('download');
      await reportLink.click();
      const [response, download] = await Promise.all([responsePromise, downloadPromise]);
      const headers = await response.allHeaders();
      reportNo = headers['x-report-number'] ?? '';
      digest = headers['x-report-digest'] ?? '';
      check(REPORT_NUMBER_PATTERN.test(reportNo), `the report number header is “${reportNo}”`);
      check(REPORT_DIGEST_PATTERN.test(digest), `the report digest header is “${digest}”`);
      const path = await download.path();
      const pdf = await readFile(path);
      check(pdf.subarray(0, 5).toString('latin1') === '%PDF-', 'the download does not start with %PDF-');
      check(pdf.length > 10_000, `the PDF has only ${pdf.length} bytes`);
      check(
        download.suggestedFilename().endsWith('.pdf'),
        `the suggested file name is ${download.suggestedFilename()}`,
      );
      log(`report ${reportNo}, ${pdf.length} bytes, digest ${digest.slice(0, 12)}…`);
      await expectUrl(page, (url) => url.pathname === `/enterprises/${creditCode}`, 'still on the profile');
    });

    await step('verify-report', async () => {
      await page.goto(`/reports/${reportNo}?digest=${digest}`);
      await expectVisible(page.getByRole('heading', { name: '验证通过' }), '验证通过');
      await expectVisible(page.getByText(reportNo).first(), `the report number ${reportNo}`);
      await expectVisible(page.getByRole('link', { name }), `the entity ${name} on the verification page`);
      // Issue 23: the report's leaf proved in the latest checkpoint, and the attested records to compare with the paper.
      await expectVisible(page.getByRole('heading', { name: '可验证日志证明' }), 'the log proof');
      await expectVisible(page.getByText('证明成立'), '证明成立');
      await expectVisible(page.getByRole('link', { name: '下载签名文件' }), 'the signature file link');
    });

    await step('verify-tampered', async () => {
      const tampered = `${digest.slice(0, -1)}${digest.endsWith('0') ? '1' : '0'}`;
      await page.goto(`/reports/${reportNo}?digest=${tampered}`);
      await expectVisible(page.getByRole('heading', { name: '摘要不一致' }), '摘要不一致');
    });

    await step('profile-phone', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto(`/enterprises/${creditCode}`);
      await expectVisible(page.getByRole('heading', { level: 1, name, exact: true }), `the heading ${name} on a phone`);
      await expectVisible(reportLink, 'the report link on a phone');
      await expectNoHorizontalOverflow(page);
    });

    await page.setViewportSize(DESKTOP_VIEWPORT);
  },
});
