import { createHmac } from 'node:crypto';
import type { Page } from 'playwright-core';
import { check, expectUrl, expectVisible } from './journey';

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s), as an authenticator app computes it from the Base32 secret. */
export function totp(base32Secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32Secret.replace(/=+$/, '').toUpperCase()) {
    const value = alphabet.indexOf(char);
    check(value >= 0, `the TOTP secret has a character outside Base32: ${char}`);
    bits += value.toString(2).padStart(5, '0');
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = hmac[hmac.length - 1]! & 0x0f;
  const code = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(code).padStart(6, '0');
}

/** The 30-second TOTP step a moment falls in (a code is accepted once per step). */
export const totpStep = (at = Date.now()) => Math.floor(at / 1000 / 30);

/** Waits until the TOTP step is later than `usedStep`, so that a fresh code is not refused as replayed. */
export async function waitForFreshTotpStep(usedStep: number): Promise<void> {
  while (totpStep() <= usedStep) await new Promise((resolve) => setTimeout(resolve, 500));
}

/** Signs in on /console/login; with `otp`, answers the 动态口令 step that administrators get. */
export async function signInThroughConsole(page: Page, username: string, password: string, otp?: () => string) {
  await page.goto('/console/login');
  await expectVisible(page.getByRole('heading', { name: '管理控制台登录' }), 'the sign-in heading');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /^登\s*录$/ }).click();
  if (otp) {
    await expectVisible(page.getByLabel('动态口令'), 'the 动态口令 field');
    await page.getByLabel('动态口令').fill(otp());
    await page.getByRole('button', { name: '验证并登录' }).click();
  }
  await expectUrl(
    page,
    (url) => url.pathname.startsWith('/console') && url.pathname !== '/console/login',
    'the console',
  );
}

/** Changes the password on /console/password (first sign-in with a one-time password). */
export async function changeFirstPassword(page: Page, oneTimePassword: string, newPassword: string) {
  await expectUrl(page, (url) => url.pathname === '/console/password', '/console/password (first sign-in)');
  await page.getByLabel('当前密码').fill(oneTimePassword);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码').fill(newPassword);
  await page.getByRole('button', { name: '修改密码' }).click();
  await expectUrl(page, (url) => url.pathname !== '/console/password', 'away from /console/password');
}

export async function signOutOfConsole(page: Page) {
  await page.getByRole('button', { name: /退出登录/ }).click();
  await expectUrl(page, (url) => url.pathname === '/console/login', '/console/login after signing out');
}

/** Opens a console page through the side menu. */
export async function openConsoleMenu(page: Page, label: string, path: string) {
  await page.getByRole('navigation', { name: '控制台菜单' }).getByRole('link', { name: label, exact: true }).click();
  await expectUrl(page, (url) => url.pathname === path, path);
}

/**
 * The first administrator's credentials once a journey has set them up (journeys run one after another in one process):
 * a later journey signs in with them when the one-time password file is gone.
 */
export const consoleAdmin: { password?: string; totpSecret?: string; lastTotpStep?: number } = {};
