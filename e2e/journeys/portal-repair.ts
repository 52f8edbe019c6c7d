import type { Page } from 'playwright-core';
import {
  changeFirstPassword,
  DEMO_BUREAU,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
  verifyApplicantByCode,
} from '../lib/console';
import { check, defineJourney, expectVisible, PHONE_VIEWPORT, WIDE_VIEWPORT } from '../lib/journey';
import { expectNoHorizontalOverflow } from '../lib/page-checks';
import { findDemoRecord, type ProfileResponse, shownRecords } from '../lib/profiles';

const HANDLER = 'scjg-xiufu';
const HANDLER_PASSWORD = 'Xiufu-Jueding-2026!';

export default defineJourney({
  description:
    'a visitor sees on a profile whether each 不良 record may be repaired (申请信用修复, or why not and from when) and ' +
    'opens the credit-repair application page at 1440 px and on a 375 px phone; the entity applies, the bureau ' +
    'accepts and approves in the console, and the record leaves the portal',
  async run({ page, baseUrl, dataDir, api, step, log }) {
    // A record of the bureau that may be repaired now, of an entity with no correction yet (not portal-objection's
    // objector, whose applicant codes are still rate-limited): the bureau decides in the console.
    const found = await findDemoRecord(
      api,
      (record, profile) =>
        record.repairTerms?.eligible === true &&
        record.agencyName === DEMO_BUREAU &&
        !record.underObjection &&
        !profile.sections.some((section) => section.key === 'corrections' && section.records.length > 0),
    );
    check(found, 'no demo entity has a 不良 record of the bureau that may be repaired now');
    const { creditCode, name, record } = found;
    const recordId = record.id;
    log(`${name} (${creditCode}), record ${recordId}, repairable now`);
    // And a record that may not be repaired yet: its profile says why and from which day.
    const waiting = await findDemoRecord(api, (each) => each.repairTerms?.eligible === false);
    check(waiting, 'no demo entity has a 不良 record that may not be repaired yet');

    const applicationPage = `/repairs/apply?record=${recordId}&creditCode=${creditCode}`;
    const identityStep = (current: Page) => current.getByRole('heading', { level: 1, name: '信用修复申请' });

    await step('profile-1440', async () => {
      await page.setViewportSize(WIDE_VIEWPORT);
      await page.goto(`/enterprises/${creditCode}`);
      await expectVisible(page.getByRole('link', { name: '申请信用修复' }).first(), 'the record’s repair link');
    });
    await step('profile-not-yet-375', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto(`/enterprises/${waiting.creditCode}`);
      await expectVisible(page.locator('.profile-repair-note').first(), 'why the record cannot be repaired yet');
      await expectNoHorizontalOverflow(page);
    });
    for (const [viewport, size] of [
      ['1440', WIDE_VIEWPORT],
      ['375', PHONE_VIEWPORT],
    ] as const) {
      await step(`application-${viewport}`, async () => {
        await page.setViewportSize(size);
        if (viewport === '1440') {
          await page.goto(`/enterprises/${creditCode}`);
          await page.getByRole('link', { name: '申请信用修复' }).first().click();
        } else {
          await page.goto(applicationPage);
        }
        await expectVisible(identityStep(page), 'the application page');
        await expectVisible(page.getByText('第一步：验证申请人身份'), 'the identity step');
        const code = page.getByLabel('统一社会信用代码');
        check((await code.inputValue()) === creditCode, 'the application page did not take the entity’s credit code');
        if (viewport === '375') await expectNoHorizontalOverflow(page);
      });
    }
    await step('verified-375', async () => {
      await verifyApplicantByCode(page, baseUrl, dataDir, creditCode);
      await expectVisible(page.getByText('第二步：申请信用修复'), 'the application form');
      await expectVisible(page.getByText(/可以申请（最短公示期/), 'the record’s terms');
      await expectNoHorizontalOverflow(page);
    });
    await step('filed-1440', async () => {
      await page.setViewportSize(WIDE_VIEWPORT);
      await page.getByLabel('纠正失信行为、履行法定义务的情况').fill('已足额缴纳罚款，并完成整改');
      await page.locator('input[type=file]').setInputFiles({
        name: '罚款缴纳凭证.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% 缴纳凭证\n%%EOF\n'),
      });
      await page.getByLabel(/承诺书签署人/).fill('李四');
      await page.getByRole('button', { name: '签署承诺并提交申请' }).click();
      await expectVisible(page.getByText(/申请已提交，编号 XF/), 'the application’s number');
      await expectVisible(page.locator('.repair-progress').getByText('待受理'), 'the application’s progress');
    });
    const repairNo = /XF\w+/.exec((await page.getByText(/申请已提交，编号 XF/).textContent()) ?? '')?.[0];
    check(repairNo, 'the filed application shows no number');
    log(`application ${repairNo}`);

    await step('accepted-and-approved-1440', async () => {
      const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
        agency: 'bureau',
        manager: { name: '赵磊', post: '信用修复科干部', mobile: '13985100789', idCardNumber: '52010219880621331X' },
        account: { username: HANDLER, permissions: ['platform.operator', 'record.query', 'record.correct'] },
      });
      await signInThroughConsole(page, HANDLER, oneTimePassword);
      await changeFirstPassword(page, oneTimePassword, HANDLER_PASSWORD);
      const decide = async (action: string, done: string) => {
        await page.getByRole('button', { name: repairNo, exact: true }).click();
        const drawer = page.getByRole('dialog', { name: `信用修复申请 ${repairNo}` });
        await drawer.getByRole('button', { name: action, exact: true }).click();
        await expectVisible(page.getByText(done), `the application ${done}`);
      };
      await openConsoleMenu(page, '信用修复受理', '/console/repair-queue');
      await decide('受 理', '已受理');
      await page.goto('/console/repairs');
      await decide('准予修复', '已准予修复');
    });
    await step('repaired-record-left-portal-1440', async () => {
      const profile = await api<ProfileResponse>(`/api/public/enterprises/${creditCode}`);
      check(
        !shownRecords(profile).some((record) => record.id === recordId),
        `the repaired record ${recordId} is still shown on the profile`,
      );
      await page.goto(`/enterprises/${creditCode}`);
      await expectVisible(page.getByText('准予修复').first(), 'the approved repair in 更正与修复记录');
    });
  },
});
