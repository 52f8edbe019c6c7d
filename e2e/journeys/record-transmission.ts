import { readFile } from 'node:fs/promises';
import { buildCreditCode, chinaToday, organizationCodeCheckCharacter, RECORD_COMMON_FIELDS } from '@gzcredit/domain';
import ExcelJS from 'exceljs';
import type { Download, Locator, Page } from 'playwright-core';
import { expectSelectAnnouncesNames } from '../lib/accessibility';
import { changeFirstPassword, openConsoleMenu, prepareAgencyAccount, signInThroughConsole } from '../lib/console';
import { check, defineJourney, expectUrl, expectVisible } from '../lib/journey';

/** A prefecture market regulator: the provincial administrator opens accounts for its own level and the next market regulators down (Art. 19). */
const AGENCY = '贵阳市市场监督管理局';
const SUBMITTER = 'guiyang.shichang';
const SUBMITTER_PASSWORD = 'Guiyang-Submit-2026!';
const ITEM = '行政处罚信息';
/** Headers the 行政处罚信息 template must carry (the common columns and the 双公示 penalty items). */
const PENALTY_HEADERS = [
  RECORD_COMMON_FIELDS.creditCode,
  RECORD_COMMON_FIELDS.entityName,
  RECORD_COMMON_FIELDS.dishonestyLevel,
  '行政处罚决定书文号',
  '违法行为类型',
  '违法事实',
  '处罚依据',
  '处罚类别',
  '处罚内容',
  '罚款金额（万元）',
  '处罚决定日期',
  '处罚机关',
];
const ROW_HEADER = '行号';
const MESSAGE_HEADER = '错误说明';

/** A valid Guizhou enterprise code (GB 32100, registered in 南明区 520102) around a GB 11714 organisation code. */
function creditCode(organizationBody: string): string {
  return buildCreditCode(`91520102${organizationBody}${organizationCodeCheckCharacter(organizationBody)}`);
}

/** The same code with a wrong 18th (check) character. */
function withWrongCheckCharacter(code: string): string {
  return `${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`;
}

interface Penalty {
  code: string;
  name: string;
  level: string;
  number: string;
  content: string;
}

const PENALTIES: Penalty[] = [
  ['E2E10001', '贵阳筑信商贸有限公司', '一般失信', '罚款人民币 2 万元'],
  ['E2E10002', '贵阳黔南明食品有限公司', '一般失信', '警告并罚款人民币 5000 元'],
  ['E2E10003', '贵州花果园建材有限公司', '较重失信', '罚款人民币 8 万元，没收违法所得'],
  ['E2E10004', '贵阳甲秀楼餐饮管理有限公司', '一般失信', '罚款人民币 1 万元'],
  ['E2E10005', '贵州青云路医药连锁有限公司', '一般失信', '罚款人民币 3 万元'],
].map(([organization, name, level, content], index) => ({
  code: creditCode(organization!),
  name: name!,
  level: level!,
  number: `筑市监罚〔2026〕${101 + index}号`,
  content: content!,
}));
/** Row 2 of the file: its code fails the GB 32100 check character. */
const BAD_CODE = PENALTIES[1]!;
/** Row 4 of the file: a 不良 record without 失信等级. */
const NO_LEVEL = PENALTIES[3]!;
/** The record corrected through the console, and how. */
const CORRECTED = PENALTIES[0]!;
const CORRECTED_CONTENT = '罚款人民币 2.5 万元';
const CORRECTION_REASON = '处罚内容录入错误，依据原处罚决定书更正罚款金额';

/** Three days ago in China: a decision date within the 20-working-day deadline, never in the future. */
function decisionDate(): string {
  const day = new Date(`${chinaToday()}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 3);
  return day.toISOString().slice(0, 10);
}

/** The row of a penalty in the template's column order; columns the journey does not know stay empty. */
function penaltyRow(headers: readonly string[], penalty: Penalty, date: string): string[] {
  const values: Record<string, string> = {
    [RECORD_COMMON_FIELDS.creditCode]: penalty.code,
    [RECORD_COMMON_FIELDS.entityName]: penalty.name,
    [RECORD_COMMON_FIELDS.dishonestyLevel]: penalty.level,
    行政处罚决定书文号: penalty.number,
    违法行为类型: '销售不合格产品',
    违法事实: '经抽样检验，当事人销售的产品质量不合格，货值金额 1.2 万元。',
    处罚依据: '《中华人民共和国产品质量法》第四十九条',
    处罚类别: '罚款',
    处罚内容: penalty.content,
    '罚款金额（万元）': '2',
    处罚决定日期: date,
    处罚机关: AGENCY,
  };
  return headers.map((header) => values[header] ?? '');
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** A CSV file as the templates are: UTF-8 with a byte-order mark, CRLF lines. */
function toCsv(rows: readonly (readonly string[])[]): Buffer {
  return Buffer.from(`\uFEFF${rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('')}`, 'utf8');
}

/** RFC 4180 CSV (quoted cells, doubled quotes, CRLF), the byte-order mark dropped. */
function parseCsv(text: string): string[][] {
  const input = text.replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < input.length; index++) {
    const char = input[index]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (input[index + 1] === '"') {
        cell += '"';
        index++;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && input[index + 1] === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/** Clicks a link that the browser downloads, and returns the download. */
async function download(page: Page, link: Locator, what: string): Promise<Download> {
  await expectVisible(link, what);
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const failure = await file.failure();
  check(failure === null, `downloading ${what} failed: ${failure}`);
  return file;
}

async function uploadFile(page: Page, name: string, contents: Buffer): Promise<Locator> {
  await page.locator('input[type="file"]').setInputFiles({ name, mimeType: 'text/csv', buffer: contents });
  const result = page.locator('section[aria-label="导入结果"]').filter({ hasText: name });
  await expectVisible(result, `the result of ${name} (the import job finished)`, 60_000);
  return result;
}

/** Waits for the CSS transitions inside `locator` (a drawer sliding in) to end, so that a screenshot shows it in place. */
async function animationsDone(locator: Locator): Promise<void> {
  await locator.evaluate((element) =>
    Promise.all(element.getAnimations({ subtree: true }).map((animation) => animation.finished.catch(() => undefined))),
  );
}

/** The texts of a table row's cells. */
const cellTexts = (row: Locator) => row.getByRole('cell').allInnerTexts();

export default defineJourney({
  description:
    'a market regulator downloads the penalty template, uploads a file with two bad rows, reads the error report, ' +
    'fixes and re-uploads them, corrects one record and sees both versions and the exchange log',
  async run({ page, baseUrl, dataDir, step, log }) {
    const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: { name: AGENCY, regionCode: '520100', level: 'prefecture', kind: 'market_regulation' },
      manager: { name: '李娟', post: '信用监管科科长', mobile: '13985100123', idCardNumber: '520102198506124411' },
      account: { username: SUBMITTER, permissions: ['record.submit', 'record.query', 'record.correct'] },
    });
    log(`submitter ${SUBMITTER} of ${AGENCY} created by admin`);

    await step('submitter-first-sign-in', async () => {
      await signInThroughConsole(page, SUBMITTER, oneTimePassword);
      await changeFirstPassword(page, oneTimePassword, SUBMITTER_PASSWORD);
      await expectUrl(page, (url) => url.pathname === '/console', 'the console home');
      const menu = page.getByRole('navigation', { name: '控制台菜单' });
      for (const entry of ['本单位信息', '数据上传', '交换日志'])
        await expectVisible(menu.getByRole('link', { name: entry, exact: true }), `the ${entry} menu entry`);
      check((await menu.getByRole('link', { name: '账户管理' }).count()) === 0, 'a submitter sees 账户管理');
    });

    let headers: string[] = [];
    await step('download-template', async () => {
      await openConsoleMenu(page, '数据上传', '/console/uploads');
      await page.getByLabel('1. 信息项').click();
      await page.locator(`.ant-select-item-option[title="${ITEM}"]`).click();

      const xlsx = await download(
        page,
        page.getByRole('link', { name: `下载“${ITEM}”Excel 模板` }),
        'the XLSX template',
      );
      check(
        xlsx.suggestedFilename().endsWith('.xlsx') && xlsx.suggestedFilename().includes(ITEM),
        `the XLSX template is named ${xlsx.suggestedFilename()}`,
      );
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(await xlsx.path());
      const sheets = workbook.worksheets.map((sheet) => sheet.name);
      check(sheets.includes('填写说明'), `the XLSX template has no 填写说明 sheet (sheets: ${sheets.join(', ')})`);
      const data = workbook.worksheets[0]!;
      const cells = (rowNumber: number) =>
        Array.from({ length: data.getRow(rowNumber).cellCount }, (_, index) =>
          String(data.getRow(rowNumber).getCell(index + 1).text ?? '').trim(),
        );
      headers = cells(1);
      const missing = PENALTY_HEADERS.filter((header) => !headers.includes(header));
      check(missing.length === 0, `the XLSX template lacks ${missing.join('、')} (headers: ${headers.join(' | ')})`);
      const example = cells(2)[headers.indexOf(RECORD_COMMON_FIELDS.entityName)] ?? '';
      check(example.startsWith('【示例】'), `the template's second row is not the 【示例】 row: ${example}`);

      const csv = await download(page, page.getByRole('link', { name: `下载“${ITEM}”CSV 模板` }), 'the CSV template');
      const csvBytes = await readFile(await csv.path());
      check(
        csvBytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])),
        'the CSV template does not start with a UTF-8 byte-order mark',
      );
      const csvHeaders = parseCsv(csvBytes.toString('utf8'))[0] ?? [];
      check(
        csvHeaders.join('|') === headers.join('|'),
        `the CSV template's headers differ from the XLSX template's: ${csvHeaders.join(' | ')}`,
      );
      log(`template: ${headers.length} columns, ${headers.join(' | ')}`);
    });

    const date = decisionDate();
    const firstFile = `${ITEM}-2026年第1批.csv`;
    let firstResult: Locator | undefined;
    await step('upload-with-two-bad-rows', async () => {
      const rows = PENALTIES.map((penalty) => {
        if (penalty === BAD_CODE)
          return penaltyRow(headers, { ...penalty, code: withWrongCheckCharacter(penalty.code) }, date);
        if (penalty === NO_LEVEL) return penaltyRow(headers, { ...penalty, level: '' }, date);
        return penaltyRow(headers, penalty, date);
      });
      firstResult = await uploadFile(page, firstFile, toCsv([headers, ...rows]));
      await expectVisible(firstResult.getByText('导入成功 3 条 / 失败 2 条'), 'the result 3 accepted, 2 failed');
      const history = page.getByRole('row').filter({ hasText: firstFile });
      await expectVisible(history.getByText('已完成'), `${firstFile} as 已完成 in 本单位上传记录`);
    });

    let report: string[][] = [];
    await step('error-report', async () => {
      const file = await download(
        page,
        firstResult!.getByRole('link', { name: /错误报告（CSV）/ }),
        'the error report',
      );
      check(file.suggestedFilename().endsWith('.csv'), `the error report is named ${file.suggestedFilename()}`);
      report = parseCsv(await readFile(await file.path(), 'utf8'));
      const [header, ...rows] = report;
      check(
        header?.[0] === ROW_HEADER && header.at(-1) === MESSAGE_HEADER,
        `the error report's header is not 行号, the template's columns, 错误说明: ${header?.join(' | ')}`,
      );
      check(
        header.slice(1, -1).join('|') === headers.join('|'),
        `the error report's columns differ from the template's: ${header.join(' | ')}`,
      );
      check(rows.length === 2, `the error report has ${rows.length} rows, not 2: ${JSON.stringify(rows)}`);
      const byName = (name: string) =>
        rows.find((row) => row[header.indexOf(RECORD_COMMON_FIELDS.entityName)] === name);
      const codeRow = byName(BAD_CODE.name);
      const levelRow = byName(NO_LEVEL.name);
      check(codeRow && levelRow, `the error report does not list ${BAD_CODE.name} and ${NO_LEVEL.name}`);
      check(
        codeRow[0] === '3' && levelRow[0] === '5',
        `the rows are numbered ${codeRow[0]} and ${levelRow[0]}, not 3 and 5`,
      );
      const codeMessage = codeRow.at(-1) ?? '';
      const levelMessage = levelRow.at(-1) ?? '';
      check(
        codeMessage.startsWith(`${RECORD_COMMON_FIELDS.creditCode}：`),
        `row 3's 错误说明 does not name 统一社会信用代码: ${codeMessage}`,
      );
      check(
        levelMessage.startsWith(`${RECORD_COMMON_FIELDS.dishonestyLevel}：`),
        `row 5's 错误说明 does not name 失信等级: ${levelMessage}`,
      );
      log(`error report: row 3 ${codeMessage}; row 5 ${levelMessage}`);
    });

    await step('re-upload-fixed-rows', async () => {
      // The error report itself, corrected: 行号 and 错误说明 are accepted and ignored on upload.
      const [header, ...rows] = report;
      const codeColumn = header!.indexOf(RECORD_COMMON_FIELDS.creditCode);
      const levelColumn = header!.indexOf(RECORD_COMMON_FIELDS.dishonestyLevel);
      const nameColumn = header!.indexOf(RECORD_COMMON_FIELDS.entityName);
      const fixed = rows.map((row) => {
        const copy = [...row];
        if (row[nameColumn] === BAD_CODE.name) copy[codeColumn] = BAD_CODE.code;
        if (row[nameColumn] === NO_LEVEL.name) copy[levelColumn] = NO_LEVEL.level;
        return copy;
      });
      const secondFile = `${ITEM}-2026年第1批-修改.csv`;
      const result = await uploadFile(page, secondFile, toCsv([header!, ...fixed]));
      await expectVisible(result.getByText('导入成功 2 条 / 失败 0 条'), 'the result 2 accepted, 0 failed');
      check(
        (await result.getByRole('link', { name: /错误报告/ }).count()) === 0,
        'an upload without failures offers an error report',
      );
      await expectVisible(
        page.getByRole('row').filter({ hasText: secondFile }).getByText('已完成'),
        `${secondFile} as 已完成 in 本单位上传记录`,
      );
    });

    const drawer = page.locator('.ant-drawer-open');
    await step('find-record', async () => {
      await openConsoleMenu(page, '本单位信息', '/console/records');
      // The filters' selects read out names, not raw values (item ids, level codes).
      const items = await expectSelectAnnouncesNames(page, '信息项');
      check(items.includes(ITEM), `the 信息项 select reads ${items.join('、')}, not ${ITEM}`);
      const levels = await expectSelectAnnouncesNames(page, '失信等级');
      check(levels.join('、') === '一般失信、较重失信、严重失信', `the 失信等级 select reads ${levels.join('、')}`);
      await page.getByLabel('关键词').fill(CORRECTED.code);
      await page.getByRole('button', { name: /^查\s*询$/ }).click();
      const row = page.getByRole('row').filter({ hasText: CORRECTED.code });
      await expectVisible(row, `the record of ${CORRECTED.code}`);
      await expectVisible(page.getByText('共 1 条'), 'one record for the credit code');
      await row.getByRole('button', { name: CORRECTED.name }).click();
      await expectVisible(drawer.getByText(`${ITEM}：${CORRECTED.name}`), 'the record detail');
      await animationsDone(drawer);
      await expectVisible(drawer.getByText(CORRECTED.content, { exact: true }), `the 处罚内容 ${CORRECTED.content}`);
      await expectVisible(drawer.getByText('第 1 版', { exact: false }), 'version 1');
    });

    await step('correction-form', async () => {
      await drawer.getByRole('button', { name: /^更\s*正$/ }).click();
      const dialog = page.getByRole('dialog').filter({ hasText: `更正：${ITEM}` });
      await expectVisible(dialog, 'the correction form');
      const content = dialog.getByLabel('处罚内容', { exact: true });
      const current = await content.inputValue();
      check(current === CORRECTED.content, `the correction form shows 处罚内容 ${current}, not ${CORRECTED.content}`);
      await content.fill(CORRECTED_CONTENT);
      await dialog.getByLabel('更正原因').fill(CORRECTION_REASON);
    });

    await step('both-versions', async () => {
      await page.getByRole('button', { name: '提交更正' }).click();
      await expectVisible(page.getByText('已更正，生成第 2 版'), 'the message 已更正，生成第 2 版');
      // The drawer still shows version 1, now superseded, with the comparison of both versions.
      await expectVisible(drawer.getByText('已更正（历史版本）'), 'version 1 as 已更正（历史版本）');
      const history = drawer.locator('section[aria-label="版本历史"]');
      await expectVisible(history.getByText('版本历史（共 2 版）'), 'the version history of 2 versions');
      await expectVisible(history.getByText(`原因：${CORRECTION_REASON}`), 'the reason in the version history');
      await expectVisible(
        history.getByText('第 1 版 → 第 2 版：1 项更正'),
        'one corrected item between versions 1 and 2',
      );
      const changed = history.getByRole('row').filter({ hasText: '处罚内容' });
      await expectVisible(changed.getByText('已更正'), 'the 处罚内容 row marked 已更正');
      const before = await changed.locator('del').textContent();
      const after = await changed.locator('ins').textContent();
      check(before === CORRECTED.content, `更正前（第 1 版） shows ${before}, not ${CORRECTED.content}`);
      check(after === CORRECTED_CONTENT, `更正后（第 2 版） shows ${after}, not ${CORRECTED_CONTENT}`);
      const changes = drawer.locator('section[aria-label="变更记录"]');
      await expectVisible(changes.getByText(`理由：${CORRECTION_REASON}`), 'the correction in 变更记录');
      // The drawer scrolls by itself: bring the comparison into the screenshot.
      await history.scrollIntoViewIfNeeded();
    });

    await step('current-version', async () => {
      await page.keyboard.press('Escape');
      await expectUrl(page, (url) => !url.searchParams.has('record'), 'the list without an open record');
      const row = page.getByRole('row').filter({ hasText: CORRECTED.code });
      await expectVisible(row.getByText('第 2 版'), 'the record at 第 2 版 in the list');
      await expectVisible(row.getByText('有效'), 'the current version as 有效');
      await row.getByRole('button', { name: CORRECTED.name }).click();
      await expectVisible(
        drawer.getByText(CORRECTED_CONTENT, { exact: true }).first(),
        `the 处罚内容 ${CORRECTED_CONTENT}`,
      );
      await expectVisible(drawer.getByText(/^第 2 版（目录/), 'the detail of version 2');
      await animationsDone(drawer);
      await expectVisible(drawer.getByText(`原因：${CORRECTION_REASON}`), 'the reason in version 2');
    });

    await step('record-list', async () => {
      await page.keyboard.press('Escape');
      await expectUrl(page, (url) => !url.searchParams.has('record'), 'the list without an open record');
      await page.getByRole('button', { name: /^重\s*置$/ }).click();
      await expectVisible(page.getByText('共 5 条'), '5 records of the agency');
      for (const penalty of PENALTIES)
        await expectVisible(page.getByRole('row').filter({ hasText: penalty.code }), `the record of ${penalty.name}`);
    });

    await step('exchange-log', async () => {
      await openConsoleMenu(page, '交换日志', '/console/exchange-log');
      const card = page.locator('.ant-card').filter({ has: page.getByRole('heading', { name: '交换日志' }) });
      const rows = card.locator('.ant-table-tbody tr.ant-table-row');
      await expectVisible(rows.filter({ hasText: '更正' }), 'the correction in the exchange log');
      await card.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
      const texts = await Promise.all((await rows.all()).map(cellTexts));
      const counts = (channel: string) =>
        texts.filter((cells) => cells[1] === channel).map((cells) => `${cells[2]} ${cells.slice(4).join('/')}`);
      const uploads = counts('文件上传').sort();
      const corrections = counts('更正');
      const downloads = counts('下载');
      const expectedUploads = [`${ITEM} 2/2/0`, `${ITEM} 5/3/2`];
      check(
        uploads.join(';') === expectedUploads.join(';'),
        `the log shows the uploads ${uploads.join('; ') || '(none)'}, not ${expectedUploads.join('; ')}`,
      );
      check(
        corrections.join(';') === `${ITEM} 1/1/0`,
        `the log shows the corrections ${corrections.join('; ') || '(none)'}, not one of 1 record`,
      );
      check(downloads.length === 1, `the log shows ${downloads.length} downloads, not the error report's 1`);
      check(
        texts.every((cells) => cells[3] === '李娟'),
        `not every exchange names 李娟: ${texts.map((cells) => cells[3]).join(', ')}`,
      );
      log(`exchange log: ${texts.map((cells) => `${cells[1]} ${cells.slice(4).join('/')}`).join('; ')}`);
    });
  },
});
