import { readFile } from 'node:fs/promises';
import type { Response } from 'playwright-core';
import { changeFirstPassword, openConsoleMenu, prepareAgencyAccount, signInThroughConsole } from '../lib/console';
import { check, defineJourney, expectUrl, expectVisible } from '../lib/journey';

/** A procurement office: the provincial finance department (the provincial administrator opens agencies of its own level, Art. 19) checks the suppliers of a tender (Art. 17). */
const AGENCY = '贵州省财政厅';
const OFFICER = 'guizhou.caigou';
const OFFICER_PASSWORD = 'Guizhou-Procure-2026!';
const MATTER = '贵州省2026年政务云设备采购项目（GZCG-2026-0188）';
const SUPPLIERS = 50;
/** As in packages/contracts/src/credit-checks.ts. */
const CHECK_NUMBER_PATTERN = /^GZHC\d{8}[0-9A-HJKMNP-TV-Z]{10}$/;
const DIGEST_PATTERN = /^[0-9a-f]{64}$/;

interface SearchResponse {
  items: Array<{ creditCode: string; name: string; badges: string[] }>;
}
interface ProfileResponse {
  sections: Array<{ records: Array<{ dishonestyLevel: string | null }> }>;
}

export default defineJourney({
  description:
    'a procurement officer pastes 50 suppliers, sees two refused by 严重失信 with the measure and its legal basis, prints the PDF and verifies it on the portal',
  async run({ page, api, step, log, baseUrl, dataDir }) {
    // Suppliers from the demo data through the public API: two on 严重违法失信名单 (黑名单), 48 without any 失信 record.
    const blacklisted: SearchResponse['items'] = [];
    for (let pageNo = 1; pageNo <= 10 && blacklisted.length < 2; pageNo++) {
      const found = await api<SearchResponse>(
        `/api/public/enterprises?q=${encodeURIComponent('公司')}&dishonest=true&page=${pageNo}&pageSize=50`,
      );
      blacklisted.push(
        ...found.items.filter((item) => item.badges.includes('blacklisted')).slice(0, 2 - blacklisted.length),
      );
    }
    check(blacklisted.length === 2, 'fewer than two blacklisted demo entities named …公司');
    const clean: SearchResponse['items'] = [];
    for (let pageNo = 1; pageNo <= 20 && clean.length < SUPPLIERS - 2; pageNo++) {
      const found = await api<SearchResponse>(
        `/api/public/enterprises?q=${encodeURIComponent('有限')}&page=${pageNo}&pageSize=50`,
      );
      for (const item of found.items) {
        if (clean.length >= SUPPLIERS - 2 || item.badges.length > 0) continue;
        const profile = await api<ProfileResponse>(`/api/public/enterprises/${item.creditCode}`);
        if (profile.sections.every((section) => section.records.every((record) => !record.dishonestyLevel)))
          clean.push(item);
      }
    }
    check(clean.length === SUPPLIERS - 2, `only ${clean.length} demo entities without 失信 records`);
    // The two listed suppliers at rows 7 and 33; one supplier given by name, as officers paste them.
    const suppliers = [...clean];
    suppliers.splice(6, 0, blacklisted[0]!);
    suppliers.splice(32, 0, blacklisted[1]!);
    const lines = suppliers.map((supplier, index) => (index === 20 ? supplier.name : supplier.creditCode));
    log(`refused expected: ${blacklisted.map((item) => `${item.name} (${item.creditCode})`).join(', ')}`);

    const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: { name: AGENCY, regionCode: '520000', level: 'province', kind: 'administrative' },
      manager: {
        name: '王敏',
        post: '政府采购监督管理科科长',
        mobile: '13985100456',
        idCardNumber: '11010519491231002X',
      },
      account: { username: OFFICER, permissions: ['record.query'] },
    });
    let checkNo = '';
    let digest = '';

    await step('sign-in', async () => {
      await signInThroughConsole(page, OFFICER, oneTimePassword);
      await changeFirstPassword(page, oneTimePassword, OFFICER_PASSWORD);
      await openConsoleMenu(page, '信用核查', '/console/checks');
      await expectVisible(page.getByRole('heading', { name: '信用核查', level: 1 }), 'the 信用核查 heading');
    });

    await step('paste-suppliers', async () => {
      await page.getByLabel('核查用途').click();
      await page.getByRole('option', { name: '政府采购', exact: true }).click();
      await page.getByLabel('核查事项（项目名称或编号）').fill(MATTER);
      await page.getByLabel(/被核查主体/).fill(lines.join('\n'));
      await expectVisible(page.getByText(`已识别 ${SUPPLIERS} 个`), `${SUPPLIERS} suppliers recognised`);
    });

    await step('check', async () => {
      const answer = page.waitForResponse(
        (response: Response) =>
          response.url().endsWith('/api/console/checks') && response.request().method() === 'POST',
      );
      await page.getByRole('button', { name: '开始核查' }).click();
      const response = await answer;
      check(response.status() === 200, `the check answered ${response.status()}: ${await response.text()}`);
      const result = (await response.json()) as {
        checkNo: string;
        digest: string;
        items: Array<{
          creditCode: string;
          verdict: string | null;
          measures: Array<{ name: string; legalBasis: string; measureClass: number }>;
        }>;
      };
      checkNo = result.checkNo;
      digest = result.digest;
      check(CHECK_NUMBER_PATTERN.test(checkNo), `the check number is “${checkNo}”`);
      check(DIGEST_PATTERN.test(digest), `the digest is “${digest}”`);
      const refused = result.items.filter((item) => item.verdict === 'refused');
      check(
        refused
          .map((item) => item.creditCode)
          .sort()
          .join() ===
          blacklisted
            .map((item) => item.creditCode)
            .sort()
            .join(),
        `refused: ${refused.map((item) => item.creditCode).join(', ')}`,
      );
      check(
        result.items.every((item) => item.verdict !== null),
        'a supplier was not resolved',
      );
      const measure = refused[0]!.measures.find((candidate) => candidate.measureClass === 1);
      check(measure, 'no class-1 measure on a refused supplier');
      log(`check ${checkNo}: 2 refused by ${measure.name}`);

      await expectVisible(page.getByText(`核查结果 ${checkNo}`), 'the result card');
      await expectVisible(page.getByText(/不予准入\/限制 2，/), 'the summary with 2 refused');
      // The refused suppliers are on the first page of the table (rows 7 and 33 of 50 per page).
      for (const supplier of blacklisted) {
        const row = page.locator('tr').filter({ hasText: supplier.creditCode });
        await expectVisible(row.getByText('不予准入/限制', { exact: true }), `不予准入/限制 on ${supplier.name}`);
        await expectVisible(row.getByText(measure.name, { exact: true }).first(), `the measure on ${supplier.name}`);
        await expectVisible(
          row.getByText(`法律依据：${measure.legalBasis}`).first(),
          `the legal basis on ${supplier.name}`,
        );
      }
      // At the desktop width the result table fits its card: the measures column is not cut off at the right edge.
      const table = await page
        .locator('.ant-card')
        .filter({ hasText: `核查结果 ${checkNo}` })
        .locator('.ant-table-content')
        .evaluate((element) => ({ scroll: element.scrollWidth, client: element.clientWidth }));
      check(
        table.scroll <= table.client,
        `the result table is ${table.scroll} px wide in a ${table.client} px card: the measures column is cut off`,
      );
      await page.locator('tr').filter({ hasText: blacklisted[0]!.creditCode }).scrollIntoViewIfNeeded();
    });

    await step('print-pdf', async () => {
      const responsePromise = page.waitForResponse((response: Response) => response.url().endsWith('/report.pdf'));
      const downloadPromise = page.waitForEvent('download');
      await page.getByRole('link', { name: /打印核查结果（PDF）/ }).click();
      const [response, download] = await Promise.all([responsePromise, downloadPromise]);
      const headers = await response.allHeaders();
      check(headers['x-check-number'] === checkNo, `the PDF's number header is ${headers['x-check-number']}`);
      check(headers['x-check-digest'] === digest, `the PDF's digest header is ${headers['x-check-digest']}`);
      const pdf = await readFile(await download.path());
      check(pdf.subarray(0, 5).toString('latin1') === '%PDF-', 'the download is not a PDF');
      check(pdf.length > 20_000, `the PDF has only ${pdf.length} bytes`);
      log(`PDF ${download.suggestedFilename()}, ${pdf.length} bytes`);
    });

    await step('verify-on-portal', async () => {
      await page.goto(`/checks/${checkNo}?digest=${digest}`);
      await expectUrl(page, (url) => url.pathname === `/checks/${checkNo}`, 'the verification page');
      await expectVisible(page.getByRole('heading', { name: '验证通过' }), '验证通过');
      await expectVisible(page.getByText(MATTER), 'the matter');
      await expectVisible(page.getByText(AGENCY, { exact: true }), 'the checking agency');
      for (const supplier of blacklisted) {
        const row = page.locator('tr').filter({ hasText: supplier.creditCode });
        await expectVisible(row.getByText('不予准入/限制', { exact: true }), `不予准入/限制 for ${supplier.name}`);
      }
    });

    await step('verify-tampered', async () => {
      const tampered = `${digest.slice(0, -1)}${digest.endsWith('0') ? '1' : '0'}`;
      await page.goto(`/checks/${checkNo}?digest=${tampered}`);
      await expectVisible(page.getByRole('heading', { name: '摘要不一致' }), '摘要不一致');
    });
  },
});
