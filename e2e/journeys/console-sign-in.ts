import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { consoleAdmin, totp, totpStep } from '../lib/console';
import { check, defineJourney, expectUrl, expectVisible } from '../lib/journey';

const NEW_PASSWORD = 'Guizhou-Credit-2026!';

export default defineJourney({
  description:
    'the first administrator signs in with the one-time password, changes it, binds TOTP, and opens 账户管理',
  usesFirstStart: true,
  async run({ page, dataDir, step, log }) {
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

    await step('accounts', async () => {
      await page.getByRole('navigation', { name: '控制台菜单' }).getByRole('link', { name: '账户管理' }).click();
      await expectUrl(page, (url) => url.pathname === '/console/accounts', '/console/accounts');
      await expectVisible(page.getByRole('heading', { name: '账户管理' }), 'the 账户管理 heading');
      await expectVisible(page.getByRole('cell', { name: 'admin', exact: true }), 'the admin account in the table');
    });
  },
});
