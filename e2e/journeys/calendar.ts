import { buildCreditCode, organizationCodeCheckCharacter } from '@gzcredit/domain';
import { type Page, request } from 'playwright-core';
import {
  changeFirstPassword,
  consoleAdmin,
  consoleApiCall,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
  signOutOfConsole,
  totp,
  totpStep,
  waitForFreshTotpStep,
} from '../lib/console';
import { check, defineJourney, expectVisible } from '../lib/journey';

const AGENCY = '贵州省林业局';
const SUBMITTER = 'linye.zhifa';
const SUBMITTER_PASSWORD = 'Linye-Zhifa-2026!';
/** An example notice number (the journey does not copy the State Council's actual 2027 notice). */
const NOTICE = '国办发明电〔2026〕9号';
const ENTITY = '贵州乌江林木开发有限公司';
/**
 * Arose Fri 2026-12-04: 20 working days later is 2027-01-01 while 2027 is unknown (元旦 counted as a working day), and
 * 2027-01-04 once 元旦 (01-01 – 01-03) is entered. (A record arising on 2026-12-15, the example, cannot be sent
 * before that day; the route test records-deadlines.test.ts covers it.)
 */
const AROSE_ON = '2026-12-04';
const PROVISIONAL_DUE = '2027-01-01';
const FINAL_DUE = '2027-01-04';

/** A valid code of 南明区 around a GB 11714 organisation code. */
const CREDIT_CODE = buildCreditCode(`91520102E2E20001${organizationCodeCheckCharacter('E2E20001')}`);

async function signInAsAdmin(page: Page) {
  await waitForFreshTotpStep(consoleAdmin.lastTotpStep ?? 0);
  await signInThroughConsole(page, 'admin', consoleAdmin.password!, () => {
    consoleAdmin.lastTotpStep = totpStep();
    return totp(consoleAdmin.totpSecret!);
  });
}

/** Answers 确认 in the confirmation dialog once its opening animation is over (a click during it can be lost). */
async function confirmInModal(page: Page) {
  const modal = page.locator('.ant-modal-confirm');
  await expectVisible(modal, 'the confirmation dialog');
  await page.waitForFunction(() => {
    const element = document.querySelector('.ant-modal-confirm');
    return element !== null && !/ant-zoom-(appear|enter)/.test(element.className);
  });
  await modal.getByRole('button', { name: /^确\s*认$/ }).click();
  await modal.waitFor({ state: 'hidden' });
}

/** The record's row on 本单位信息, as the submitting agency sees it. */
async function recordRow(page: Page) {
  await openConsoleMenu(page, '本单位信息', '/console/records');
  const row = page.getByRole('row').filter({ hasText: ENTITY });
  await expectVisible(row, `the record of ${ENTITY}`);
  return row;
}

export default defineJourney({
  description:
    'the provincial bureau is warned that 2027 has no holidays yet, enters 2027 from the State Council notice in 工作日历 ' +
    '(a date outside the year refused first), and a record due in January 2027 gets its final due date',
  async run({ page, baseUrl, dataDir, step, log }) {
    const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
      agency: { name: AGENCY, regionCode: '520000', level: 'province', kind: 'administrative' },
      manager: { name: '赵磊', post: '政策法规处科员', mobile: '13908512345', idCardNumber: '11010519491231002X' },
      account: { username: SUBMITTER, permissions: ['record.submit', 'record.query'] },
    });

    await step('record-with-provisional-due-date', async () => {
      await signInThroughConsole(page, SUBMITTER, oneTimePassword);
      await changeFirstPassword(page, oneTimePassword, SUBMITTER_PASSWORD);
      // The record itself goes in through the console API in the submitter's session (在线填报 has its own journey).
      const api = await request.newContext({ baseURL: baseUrl });
      try {
        await consoleApiCall(api, 'POST', '/api/console/session', {
          username: SUBMITTER,
          password: SUBMITTER_PASSWORD,
        });
        const record = await consoleApiCall<{ dueOn: string; dueProvisional: boolean }>(
          api,
          'POST',
          '/api/console/records',
          {
            record: {
              itemCode: 'penalty',
              creditCode: CREDIT_CODE,
              entityName: ENTITY,
              dishonestyLevel: '一般失信',
              fields: {
                decisionNumber: '黔林罚〔2026〕88号',
                violationType: '违法占用林地',
                violationFacts: '未经批准擅自改变林地用途',
                legalBasis: '《中华人民共和国森林法》第七十三条',
                penaltyCategory: '罚款',
                penaltyContent: '罚款人民币十万元',
                fineAmount: '10',
                decisionDate: AROSE_ON,
                authority: AGENCY,
              },
            },
          },
        );
        check(
          record.dueOn === PROVISIONAL_DUE && record.dueProvisional,
          `the record is due ${record.dueOn} (provisional: ${record.dueProvisional}), not ${PROVISIONAL_DUE} provisionally`,
        );
      } finally {
        await api.dispose();
      }
      const row = await recordRow(page);
      await expectVisible(row.getByText(PROVISIONAL_DUE), `the provisional due date ${PROVISIONAL_DUE}`);
      await expectVisible(row.getByText('暂定'), 'the 暂定 tag');
      await signOutOfConsole(page);
    });

    await step('operator-warned', async () => {
      await signInAsAdmin(page);
      await expectVisible(page.getByText('2027 年的节假日安排尚未录入'), 'the warning on the console home');
      await openConsoleMenu(page, '工作日历', '/console/calendar');
      await expectVisible(page.getByRole('heading', { name: '工作日历' }), 'the 工作日历 heading');
      await expectVisible(page.getByRole('cell', { name: '2026', exact: true }), 'the 2026 row');
      check((await page.getByRole('cell', { name: '2027', exact: true }).count()) === 0, '2027 is listed already');
    });

    await step('year-refused', async () => {
      await page.getByRole('button', { name: '录入年度安排' }).click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '录入年度节假日安排' });
      await expectVisible(drawer, 'the 录入年度节假日安排 drawer');
      check(
        (await drawer.getByLabel('年度', { exact: true }).inputValue()) === '2027',
        'the year is not 2027 by default',
      );
      await drawer.getByLabel('通知文号').fill(NOTICE);
      await drawer.getByLabel('第 1 条 开始日期').fill('2027-01-01');
      await drawer.getByLabel('结束日期（可空）').first().fill('2027-01-03');
      await drawer.getByLabel('说明', { exact: true }).first().fill('元旦');
      await drawer.getByRole('button', { name: '添加一条' }).click();
      await drawer.getByLabel('第 2 条 开始日期').fill('2028-01-01');
      await drawer.getByRole('button', { name: '确认该年度安排' }).click();
      await confirmInModal(page);
      await expectVisible(drawer.getByText('第 2 条：2028-01-01 不在 2027 年内'), 'the refusal naming 第 2 条');
    });

    await step('year-confirmed', async () => {
      const drawer = page.locator('.ant-drawer').filter({ hasText: '录入年度节假日安排' });
      await drawer.getByLabel('第 2 条 开始日期').fill('2027-02-20');
      await drawer.getByLabel('第 2 条类型').click();
      await page.locator('.ant-select-item-option').filter({ hasText: '调休上班' }).click();
      await drawer.getByLabel('说明', { exact: true }).nth(1).fill('春节调休');
      await drawer.getByRole('button', { name: '确认该年度安排' }).click();
      await confirmInModal(page);
      const row = page.getByRole('row').filter({ hasText: NOTICE });
      await expectVisible(row, `the 2027 row with ${NOTICE}`);
      await expectVisible(row.getByText('已重新计算'), 'the recomputation done', 30_000);
      check((await page.getByText('2027 年的节假日安排尚未录入').count()) === 0, 'the warning is still shown');
      log(`2027 confirmed under ${NOTICE}; provisional due dates recomputed`);
    });

    await step('record-with-final-due-date', async () => {
      await signOutOfConsole(page);
      await signInThroughConsole(page, SUBMITTER, SUBMITTER_PASSWORD);
      const row = await recordRow(page);
      await expectVisible(row.getByText(FINAL_DUE), `the final due date ${FINAL_DUE}`);
      check((await row.getByText('暂定').count()) === 0, 'the due date is still marked 暂定');
      await row.getByRole('button', { name: ENTITY }).click();
      const drawer = page.locator('.ant-drawer').filter({ hasText: '应报送日期' });
      await expectVisible(drawer.getByText(FINAL_DUE), 'the due date in the record drawer');
    });
  },
});
