import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  changeFirstPassword,
  consoleAdmin,
  openConsoleMenu,
  prepareAgencyAccount,
  signInThroughConsole,
  signOutOfConsole,
  totp,
  totpStep,
} from '../lib/console';
import { check, defineJourney, expectUrl, expectVisible } from '../lib/journey';

const NEW_PASSWORD = 'Guizhou-Credit-2026!';
const AUDITOR = 'shenji01';
const AUDITOR_PASSWORD = 'Audit-Guizhou-2026!';

export default defineJourney({
  description:
    'the first administrator signs in with the one-time password, changes it, binds TOTP, sees its to-do counts, and opens 账户管理; an auditor reads the audit log in Chinese',
  usesFirstStart: true,
  async run({ page, baseUrl, dataDir, step, log }) {
    const oneTimePassword = (await readFile(join(dataDir, 'initial-admin-password'), 'utf8')).trim();
    check(oneTimePassword.length > 0, 'the initial-admin-password file is empty');

    await step('portal-entrance', async () => {
      await page.goto('/');
      await page.getByRole('banner').getByRole('link', { name: '管理控制台' }).click();
      await expectUrl(page, (url) => url.pathname === '/console/login', '/console/login');
      await expectVisible(page.getByRole('heading', { name: '管理控制台登录' }), 'the sign-in heading');
    });

    await step('sign-in', async () => {
      await page.getByLabel('用户名').fill('admin');
      await page.getByLabel('密码', { exact: true }).fill(oneTimePassword);
      await page.getByRole('button', { name: /^登\s*录$/ }).click();
      await expectUrl(page, (url) => url.pathname === '/console/password', '/console/password (first sign-in)');
      await expectVisible(page.getByText('首次登录或密码重置后须先修改密码'), 'the must-change-password notice');
    });

    await step('change-password', async () => {
      await page.getByLabel('当前密码').fill(oneTimePassword);
      await page.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD);
      await page.getByLabel('确认新密码').fill(NEW_PASSWORD);
      await page.getByRole('button', { name: '修改密码' }).click();
      await expectUrl(page, (url) => url.pathname === '/console/totp', '/console/totp (administrators bind TOTP)');
    });

    await step('enrol-totp', async () => {
      await page.getByRole('button', { name: '生成绑定二维码' }).click();
      await expectVisible(page.getByRole('img', { name: '动态口令绑定二维码' }), 'the TOTP QR code');
      const secret = (await page.getByTestId('totp-secret').textContent())?.match(/[A-Z2-7]{16,}=*/)?.[0] ?? '';
      check(/^[A-Z2-7]+=*$/.test(secret), `the secret shown is not Base32: ${secret}`);
      log(`TOTP secret of ${secret.length} characters`);
      await page.getByLabel('6 位动态口令').fill(totp(secret));
      Object.assign(consoleAdmin, { password: NEW_PASSWORD, totpSecret: secret, lastTotpStep: totpStep() });
      await page.getByRole('button', { name: '完成绑定' }).click();
      await expectUrl(page, (url) => url.pathname === '/console', 'the console home');
      await expectVisible(page.getByRole('heading', { name: /^您好/ }), 'the console home greeting');
      await expectVisible(page.getByRole('button', { name: /退出登录/ }), 'the 退出登录 button');
    });

    await step('home-todos', async () => {
      // The provincial bureau's administrator works 备案审核 and 密码重置申请: their counts open those pages.
      const todos = page.getByRole('region', { name: '待办事项' });
      await expectVisible(todos.getByText('待审核的管理人员备案'), 'the 待审核的管理人员备案 card');
      await expectVisible(todos.getByText('待处理的密码重置申请'), 'the 待处理的密码重置申请 card');
      await todos.getByRole('link', { name: /待处理的密码重置申请/ }).click();
      await expectUrl(page, (url) => url.pathname === '/console/reset-requests', '/console/reset-requests');
      await page.goBack();
      await expectVisible(todos.getByText('待审核的管理人员备案'), 'the to-do cards again');
    });

    await step('accounts', async () => {
      await page.getByRole('navigation', { name: '控制台菜单' }).getByRole('link', { name: '账户管理' }).click();
      await expectUrl(page, (url) => url.pathname === '/console/accounts', '/console/accounts');
      await expectVisible(page.getByRole('heading', { name: '账户管理' }), 'the 账户管理 heading');
      await expectVisible(page.getByRole('cell', { name: 'admin', exact: true }), 'the admin account in the table');
    });
    await step('audit-log', async () => {
      // 三员分立: the audit administrator is another account of the bureau, with a second factor of its own.
      const { oneTimePassword: auditorPassword } = await prepareAgencyAccount(baseUrl, dataDir, {
        agency: 'bureau',
        manager: { name: '周敏', post: '审计管理员', mobile: '13985100741', idCardNumber: '11010519491231002X' },
        account: { username: AUDITOR, permissions: ['audit.admin'] },
      });
      await signOutOfConsole(page);
      await signInThroughConsole(page, AUDITOR, auditorPassword);
      await changeFirstPassword(page, auditorPassword, AUDITOR_PASSWORD);
      await expectUrl(page, (url) => url.pathname === '/console/totp', '/console/totp (the auditor binds TOTP)');
      await page.getByRole('button', { name: '生成绑定二维码' }).click();
      await expectVisible(page.getByRole('img', { name: '动态口令绑定二维码' }), 'the auditor’s TOTP QR code');
      const secret = (await page.getByTestId('totp-secret').textContent())?.match(/[A-Z2-7]{16,}=*/)?.[0] ?? '';
      await page.getByLabel('6 位动态口令').fill(totp(secret));
      await page.getByRole('button', { name: '完成绑定' }).click();
      await expectUrl(page, (url) => url.pathname === '/console', 'the auditor’s console home');

      await openConsoleMenu(page, '审计日志', '/console/audit');
      // Filtered by a Chinese action name; the rows name the action, the agency and the object in Chinese.
      await page.getByRole('combobox', { name: '操作' }).fill('分配账户');
      await page.getByRole('button', { name: /查\s*询/ }).click();
      const row = page.getByRole('row').filter({ hasText: '分配账户' }).first();
      await expectVisible(row.getByText('贵州省市场监督管理局'), 'the agency’s name in the 分配账户 row');
      await expectVisible(row.getByText(/^账户 #\d+$/), 'the object as 账户 #id');
      await row.getByRole('button', { name: /展开/ }).click();
      await expectVisible(
        page.getByText('审计管理员（audit.admin）'),
        'the expanded row’s 权限 in words (审计管理员) instead of JSON',
      );
      check((await page.getByText('"permissions"').count()) === 0, 'the expanded row still shows raw JSON');
    });
  },
});
