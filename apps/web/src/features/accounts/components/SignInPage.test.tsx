import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorResponse, meFixture, stubConsoleApi } from '../../../testing/console-fixtures';
import { jsonResponse, renderRoutes } from '../../../testing/render';
import { SignInPage } from './SignInPage';

const routes = [
  { path: '/console/login', element: <SignInPage /> },
  { path: '/console/*', element: <p>控制台已打开</p> },
];

function fillAndSubmit(username: string, password: string) {
  fireEvent.change(screen.getByLabelText('用户名'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('密码'), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
}

describe('SignInPage', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('asks for the 动态口令 after OTP_REQUIRED and resends the sign-in with it', async () => {
    const bodies: unknown[] = [];
    stubConsoleApi({
      'POST /api/console/session': (init) => {
        const body = JSON.parse(String(init?.body)) as { otp?: string };
        bodies.push(body);
        return body.otp ? jsonResponse(meFixture()) : errorResponse('OTP_REQUIRED', '请输入动态口令', 401);
      },
    });
    const router = renderRoutes(routes, '/console/login?next=%2Fconsole%2Faccounts');

    expect(screen.queryByLabelText('动态口令')).toBeNull();
    fillAndSubmit('admin', 'Right-Passw0rd');

    const otpField = await screen.findByLabelText('动态口令');
    fireEvent.change(otpField, { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: '验证并登录' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/console/accounts'));
    expect(bodies).toEqual([
      { username: 'admin', password: 'Right-Passw0rd' },
      { username: 'admin', password: 'Right-Passw0rd', otp: '123456' },
    ]);
  });

  it.each([
    ['SIGN_IN_FAILED', '用户名或密码错误', 401],
    ['ACCOUNT_LOCKED', '该用户名登录失败已达 5 次，已暂停在当前网络登录，请 30 分钟后再试', 423],
    ['RATE_LIMITED', '请求过于频繁，请稍后再试', 429],
  ])('shows the server message of %s', async (code, message, status) => {
    stubConsoleApi({ 'POST /api/console/session': () => errorResponse(code, message, status) });
    renderRoutes(routes, '/console/login');

    fillAndSubmit('admin', 'Wrong-Passw0rd');

    expect(await screen.findByText(message)).toBeTruthy();
  });

  it('shows OTP_INVALID on the 动态口令 step', async () => {
    stubConsoleApi({
      'POST /api/console/session': (init) =>
        (JSON.parse(String(init?.body)) as { otp?: string }).otp
          ? errorResponse('OTP_INVALID', '动态口令错误或已过期', 401)
          : errorResponse('OTP_REQUIRED', '请输入动态口令', 401),
    });
    renderRoutes(routes, '/console/login');
    fillAndSubmit('admin', 'Right-Passw0rd');
    fireEvent.change(await screen.findByLabelText('动态口令'), { target: { value: '000000' } });
    fireEvent.click(screen.getByRole('button', { name: '验证并登录' }));

    expect(await screen.findByText('动态口令错误或已过期')).toBeTruthy();
  });

  it('files a password reset request and shows the server answer', async () => {
    const fetchMock = stubConsoleApi({
      'POST /api/console/password-reset-requests': () =>
        jsonResponse({ ok: true, message: '申请已提交，请联系本级市场监管部门系统管理员' }),
    });
    renderRoutes(routes, '/console/login');

    fireEvent.click(screen.getByRole('button', { name: '忘记密码？' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('用户名'), { target: { value: 'zhang' } });
    fireEvent.change(within(dialog).getByLabelText('申请原因'), { target: { value: '忘记密码' } });
    fireEvent.click(screen.getByRole('button', { name: /提交申请/ }));

    expect(await screen.findByText('申请已提交，请联系本级市场监管部门系统管理员')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledWith(
      '/api/console/password-reset-requests',
      expect.objectContaining({ body: JSON.stringify({ username: 'zhang', reason: '忘记密码' }) }),
    );
  });
});
