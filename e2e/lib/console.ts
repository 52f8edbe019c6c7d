import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type APIRequestContext, type Page, request } from 'playwright-core';
import { check, expectUrl, expectVisible, JourneyAssertionError } from './journey';

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

/** The password the first administrator gets when a journey prepares it through the API. */
const ADMIN_PASSWORD = 'Guizhou-Credit-2026!';

/** JSON call of the console API in `api`'s own cookie jar (apart from the browser's), with the CSRF token. */
export async function consoleApiCall<T>(
  api: APIRequestContext,
  method: 'POST' | 'PUT' | 'GET',
  path: string,
  body?: unknown,
): Promise<T> {
  const me =
    method === 'GET' || path === '/api/console/session'
      ? undefined
      : await consoleApiCall<{ csrfToken: string }>(api, 'GET', '/api/console/me');
  const response = await api.fetch(path, {
    method,
    headers: { accept: 'application/json', ...(me ? { 'x-csrf-token': me.csrfToken } : {}) },
    data: body,
  });
  if (!response.ok()) {
    throw new JourneyAssertionError(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
  }
  return (await response.json()) as T;
}

/**
 * Signs the administrator in through the API: on the server's first start with the one-time password file in
 * DATA_DIR (password change, then TOTP binding; the credentials are kept in `consoleAdmin`), later with the
 * credentials an earlier journey kept.
 */
async function signInAdminThroughApi(api: APIRequestContext, dataDir: string): Promise<void> {
  const passwordFile = join(dataDir, 'initial-admin-password');
  if (existsSync(passwordFile)) {
    const oneTimePassword = (await readFile(passwordFile, 'utf8')).trim();
    await consoleApiCall(api, 'POST', '/api/console/session', { username: 'admin', password: oneTimePassword });
    await consoleApiCall(api, 'PUT', '/api/console/me/password', {
      currentPassword: oneTimePassword,
      newPassword: ADMIN_PASSWORD,
    });
    const { secret } = await consoleApiCall<{ secret: string }>(api, 'POST', '/api/console/me/totp');
    await consoleApiCall(api, 'PUT', '/api/console/me/totp', { otp: totp(secret) });
    Object.assign(consoleAdmin, { password: ADMIN_PASSWORD, totpSecret: secret, lastTotpStep: totpStep() });
    return;
  }
  check(
    consoleAdmin.password && consoleAdmin.totpSecret,
    'the admin one-time password is used up and no journey kept the new one',
  );
  await waitForFreshTotpStep(consoleAdmin.lastTotpStep ?? 0);
  await consoleApiCall(api, 'POST', '/api/console/session', {
    username: 'admin',
    password: consoleAdmin.password,
    otp: totp(consoleAdmin.totpSecret),
  });
  consoleAdmin.lastTotpStep = totpStep();
}

/** The newest code the development SMS sink holds for an entity, read as the console's 开发环境短信 page reads it. */
export async function readSmsSinkCode(baseUrl: string, dataDir: string, creditCode: string): Promise<string> {
  const api = await request.newContext({ baseURL: baseUrl });
  try {
    await signInAdminThroughApi(api, dataDir);
    const sink = await consoleApiCall<{ messages: Array<{ creditCode: string; text: string }> }>(
      api,
      'GET',
      '/api/console/sms-sink',
    );
    const text = sink.messages.find((message) => message.creditCode === creditCode)?.text ?? '';
    const code = /验证码：(\d{6})/.exec(text)?.[1];
    check(code, `no code in the SMS sink for ${creditCode}`);
    return code;
  } finally {
    await api.dispose();
  }
}

/** The identity step of the objection and repair pages: a code to the entity's registered mobile, read from the sink. */
export async function verifyApplicantByCode(page: Page, baseUrl: string, dataDir: string, creditCode: string) {
  await page.getByLabel('申请人姓名').fill('李四');
  await page.getByRole('button', { name: '获取验证码' }).click();
  await expectVisible(page.getByText(/验证码已发送至登记的联系电话/), 'the code sent to the registered mobile');
  await page.getByLabel('短信验证码').fill(await readSmsSinkCode(baseUrl, dataDir, creditCode));
  await page.getByRole('button', { name: /^验\s?证$/ }).click();
}

/** The provincial market-regulation bureau of the first start (the administrator's agency, `agency: 'bureau'`). */
export const DEMO_BUREAU = '贵州省市场监督管理局';

export interface AgencyAccountSpec {
  /** A new agency, or `'bureau'`: the provincial market-regulation bureau of the first start (the administrator's). */
  agency: { name: string; regionCode: string; level: 'province' | 'prefecture' | 'county'; kind: string } | 'bureau';
  /** The manager filed for the agency (Rules Art. 20) whom the account belongs to. */
  manager: { name: string; post: string; mobile: string; idCardNumber: string };
  account: { username: string; permissions: string[] };
}

/**
 * What a journey cannot do in its browser without the administrator's TOTP: signs the administrator in through the
 * API, creates the agency (or takes the bureau), files its manager and opens an account for them with the given permissions. Returns the
 * account's one-time password (its first sign-in, with the password change, is the journey's).
 */
export async function prepareAgencyAccount(
  baseUrl: string,
  dataDir: string,
  spec: AgencyAccountSpec,
): Promise<{ agencyId: number; oneTimePassword: string }> {
  const api = await request.newContext({ baseURL: baseUrl });
  try {
    await signInAdminThroughApi(api, dataDir);
    const agency =
      spec.agency === 'bureau'
        ? (await consoleApiCall<{ agency: { id: number } }>(api, 'GET', '/api/console/me')).agency
        : await consoleApiCall<{ id: number }>(api, 'POST', '/api/console/agencies', spec.agency);
    const filing = await consoleApiCall<{ managers: Array<{ id: number }> }>(
      api,
      'POST',
      `/api/console/agencies/${agency.id}/filings`,
      { managers: [spec.manager] },
    );
    const created = await consoleApiCall<{ oneTimePassword: string }>(api, 'POST', '/api/console/accounts', {
      username: spec.account.username,
      displayName: spec.manager.name,
      agencyId: agency.id,
      managerId: filing.managers[0]!.id,
      permissions: spec.account.permissions,
    });
    return { agencyId: agency.id, oneTimePassword: created.oneTimePassword };
  } finally {
    await api.dispose();
  }
}
