import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import type { MeDto } from '@gzcredit/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { Button, Drawer, Grid, Layout, Menu, Result, Space, Typography } from 'antd';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { PageLoading } from '../../components/PageLoading';
import { useSignOut } from '../../features/accounts/api/account-queries';
import { ApiError, onSessionLost } from '../../lib/api-client';
import { forgetSession, holdsPermission, type PermissionRequirement, useCurrentAccount } from '../../lib/session';
import { PLATFORM_NAME } from '../../lib/use-document-title';
import type { ConsoleOutletContext } from './ConsoleHomePage';
import { type ConsoleMenuEntry, menuEntriesFor } from './console-menu';

export const PASSWORD_PATH = '/console/password';
export const TOTP_PATH = '/console/totp';

/** Where a signed-in account must go first: the password change, then TOTP enrolment (SPEC §6); none when set up. */
export function setupPathFor(me: MeDto): string | undefined {
  if (me.mustChangePassword) return PASSWORD_PATH;
  if (me.totpRequired && !me.totpEnabled) return TOTP_PATH;
  return undefined;
}

export function signInPathFor(location: { pathname: string; search: string }): string {
  return `/console/login?next=${encodeURIComponent(location.pathname + location.search)}`;
}

type MenuItems = NonNullable<React.ComponentProps<typeof Menu>['items']>;

/** The entries as menu items; consecutive entries of one group sit under its title, set apart by dividers. */
function menuItems(entries: readonly ConsoleMenuEntry[]): MenuItems {
  const items: MenuItems = [];
  let group: { key: string; type: 'group'; label: string; children: MenuItems } | undefined;
  for (const entry of entries) {
    const item = { key: entry.path, label: <Link to={entry.path}>{entry.label}</Link> };
    if (entry.group && group?.label === entry.group) {
      group.children.push(item);
      continue;
    }
    if (group || (entry.group && items.length > 0)) items.push({ type: 'divider', key: `divider-${entry.path}` });
    if (entry.group) {
      group = { key: `group-${entry.group}`, type: 'group', label: entry.group, children: [item] };
      items.push(group);
    } else {
      group = undefined;
      items.push(item);
    }
  }
  return items;
}

/** The session guard and the console's frame: header with the account, Sider menu filtered by permissions. */
export function ConsoleLayout() {
  const me = useCurrentAccount();
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const locationRef = useRef(location);
  locationRef.current = location;

  useEffect(
    () =>
      onSessionLost((error) => {
        forgetSession(queryClient);
        navigate(signInPathFor(locationRef.current), { replace: true, state: { message: error.message } });
      }),
    [navigate, queryClient],
  );

  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) {
      return <Navigate to={signInPathFor(location)} replace state={{ message: me.error.message }} />;
    }
    return (
      <Result
        status="error"
        title="无法加载账户信息"
        subTitle={me.error.message}
        extra={
          <Button type="primary" onClick={() => void me.refetch()}>
            重试
          </Button>
        }
      />
    );
  }
  if (!me.data) return <PageLoading />;

  const setupPath = setupPathFor(me.data);
  const onSetupPage = location.pathname === PASSWORD_PATH || location.pathname === TOTP_PATH;
  if (setupPath && !onSetupPage) return <Navigate to={setupPath} replace />;
  if (setupPath === TOTP_PATH && location.pathname === PASSWORD_PATH && !me.data.mustChangePassword) {
    return <Navigate to={TOTP_PATH} replace />;
  }

  return <ConsoleFrame me={me.data} inSetup={setupPath !== undefined} />;
}

function ConsoleFrame({ me, inSetup }: { me: MeDto; inSetup: boolean }) {
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const screens = Grid.useBreakpoint();
  const narrow = !screens.lg;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const entries = menuEntriesFor(me.permissions);
  const selected =
    [...entries]
      .sort((a, b) => b.path.length - a.path.length)
      .find((entry) =>
        entry.path === '/console' ? location.pathname === '/console' : location.pathname.startsWith(entry.path),
      )?.path ?? '';

  const menu = (
    <nav aria-label="控制台菜单">
      <Menu
        mode="inline"
        theme="dark"
        selectedKeys={[selected]}
        items={menuItems(entries)}
        onClick={() => setDrawerOpen(false)}
      />
    </nav>
  );

  const leave = () => signOut.mutate(undefined, { onSettled: () => navigate('/console/login', { replace: true }) });

  return (
    <Layout className="console">
      <a className="skip-link" href="#console-main">
        跳到主要内容
      </a>
      {!inSetup && !narrow && (
        <Layout.Sider width={208} className="console-sider">
          <Link to="/console" className="console-brand">
            管理控制台
          </Link>
          {menu}
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header className="console-header">
          <Space>
            {!inSetup && narrow && (
              <Button icon={<MenuOutlined />} aria-label="打开菜单" onClick={() => setDrawerOpen(true)} />
            )}
            <span className="console-header-title">{PLATFORM_NAME} · 管理控制台</span>
          </Space>
          <Space className="console-header-account" size="middle" wrap={false}>
            <span>
              <UserOutlined aria-hidden="true" /> <Typography.Text strong>{me.displayName}</Typography.Text>
              {screens.md && <Typography.Text type="secondary">（{me.agency.name}）</Typography.Text>}
            </span>
            <Button icon={<LogoutOutlined />} onClick={leave} loading={signOut.isPending}>
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content id="console-main" className="console-content" tabIndex={-1}>
          <Suspense fallback={<PageLoading />}>
            <Outlet context={{ menu: entries } satisfies ConsoleOutletContext} />
          </Suspense>
        </Layout.Content>
      </Layout>
      <Drawer
        open={drawerOpen}
        onClose={() => setDrawerOpen(false)}
        placement="left"
        size={240}
        title="管理控制台"
        className="console-drawer"
      >
        {menu}
      </Drawer>
    </Layout>
  );
}

/** A page for holders of `permission` (or any of the list) only; others see a 403 answer inside the console. */
export function RequirePermission({
  permission,
  children,
}: {
  permission: PermissionRequirement;
  children: React.ReactNode;
}) {
  const { data: me } = useCurrentAccount();
  if (!me) return null;
  if (!holdsPermission(me.permissions, permission)) {
    return <Result status="403" title="无权访问" subTitle="您的账户没有访问此页面的权限。" />;
  }
  return children;
}
