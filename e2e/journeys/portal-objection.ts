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
import { findDemoRecord } from '../lib/profiles';

const HANDLER = 'scjg-yiyi';
const HANDLER_PASSWORD = 'Yiyi-Chuli-2026!';
const DECISION_REASON = '经核实，罚款金额以缴款凭证为准，予以更正。';

export default defineJourney({
  // Issue 21's journey; the second entity's repair is portal-repair's.
  description:
    'an entity signs in with a code to its registered mobile (375 px), objects to a penalty with evidence (1440 px), ' +
    'its profile shows the record 异议处理中, the bureau corrects the record in the console, and the objector reads ' +
    'the decision (375 px)',
  async run({ page, baseUrl, dataDir, api, step, log }) {
    // A demo entity with a penalty of the bureau in public view, not under objection yet.
    const objector = await findDemoRecord(
      api,
      (record) => record.itemName === '行政处罚信息' && record.agencyName === DEMO_BUREAU && !record.underObjection,
    );
    check(objector, 'no demo entity has a penalty of the bureau to object to');
    log(`objector ${objector.name}, record ${objector.record.id}`);

    const objectionCard = () => page.locator('.objection-card').first();

    await step('objection-identity-375', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto(`/objections?creditCode=${objector.creditCode}&recordId=${objector.record.id}`);
      await expectVisible(page.getByRole('heading', { level: 1, name: '异议申请' }), 'the objection page');
      await verifyApplicantByCode(page, baseUrl, dataDir, objector.creditCode);
      await expectVisible(page.getByText('第二步：提出异议'), 'the objection form');
      await expectNoHorizontalOverflow(page);
    });
    await step('objection-filed-1440', async () => {
      await page.setViewportSize(WIDE_VIEWPORT);
      await page.getByLabel('联系人').fill('李四');
      await page.getByLabel('联系电话').fill('13912345678');
      await page.getByLabel('异议理由').fill('处罚决定书所载罚款金额与本公司实际缴纳金额不符，附缴款凭证。');
      await page.locator('input[type=file]').setInputFiles({
        name: '缴款凭证.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n% 缴款凭证\n%%EOF\n'),
      });
      await page.getByRole('button', { name: '提交异议' }).click();
      await expectVisible(objectionCard().getByText('异议处理中'), 'the filed objection, 异议处理中');
    });
    const objectionNo = /YY\w+/.exec((await objectionCard().locator('.ant-card-head-title').textContent()) ?? '')?.[0];
    check(objectionNo, 'the filed objection card shows no objection number');
    log(`objection ${objectionNo}`);
    await step('profile-under-objection-1440', async () => {
      await page.goto(`/enterprises/${objector.creditCode}`);
      await expectVisible(page.getByText('异议处理中').first(), 'the record marked 异议处理中 on the profile');
    });
    await step('objection-corrected-by-agency-1440', async () => {
      const { oneTimePassword } = await prepareAgencyAccount(baseUrl, dataDir, {
        agency: 'bureau',
        manager: { name: '王敏', post: '信用监管处干部', mobile: '13985100456', idCardNumber: '520102199003154429' },
        account: { username: HANDLER, permissions: ['record.query', 'record.correct'] },
      });
      await signInThroughConsole(page, HANDLER, oneTimePassword);
      await changeFirstPassword(page, oneTimePassword, HANDLER_PASSWORD);
      await openConsoleMenu(page, '异议处理', '/console/objections');
      await page.getByRole('button', { name: objectionNo, exact: true }).click();
      const drawer = page.getByRole('dialog', { name: `异议 ${objectionNo}` });
      await expectVisible(drawer.getByText('缴款凭证.pdf'), 'the objection with its evidence in the drawer');
      await drawer.getByRole('radio', { name: '更正' }).check();
      const amount = drawer.getByLabel('罚款金额（万元）');
      await expectVisible(amount, 'the record’s fields to correct');
      await amount.fill('0.5');
      await drawer.getByLabel('决定理由').fill(DECISION_REASON);
      await drawer.getByRole('button', { name: '提交决定' }).click();
      await expectVisible(page.getByText('已作出处理决定'), 'the decision confirmed');
      await expectVisible(
        page.getByRole('row').filter({ hasText: objectionNo }).getByText('已更正'),
        'the objection 已更正 in the queue',
      );
    });
    await step('objector-reads-decision-375', async () => {
      await page.setViewportSize(PHONE_VIEWPORT);
      await page.goto(`/objections?creditCode=${objector.creditCode}`);
      const card = page.locator('.objection-card').filter({ hasText: objectionNo });
      await expectVisible(card.getByText('已更正'), 'the objection 已更正 for the objector');
      await expectVisible(card.getByText(DECISION_REASON), 'the decision’s reason for the objector');
      await expectNoHorizontalOverflow(page);
    });
  },
});
