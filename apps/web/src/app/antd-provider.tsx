import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { CARE_THEME, useCareMode } from './care-mode';
import { theme } from './theme';

/**
 * Ant Design's locale and the platform's theme, for the pages that draw Ant Design: the console (ConsoleApp) and the
 * portal pages the router wraps (router.tsx). It loads with them, never with the portal's first load: Ant Design's
 * ConfigProvider, theme algorithm and CSS-in-JS are ~40 kB gzipped, which the home page, a profile and a report's
 * verification (plain markup) do without (SPEC §6, issue 20 item 3).
 */
export function AntdProvider({ careMode = false, children }: { careMode?: boolean; children: ReactNode }) {
  return (
    // Lists are not virtual: a virtual list gives screen readers hidden stand-ins of its options that read out each
    // option's raw value ("individual", an id) where the list itself shows and announces its name.
    <ConfigProvider locale={zhCN} theme={theme} virtual={false}>
      {/* 关怀模式 draws Ant Design larger and darker (care-mode.tsx); the portal's own CSS follows <html class="care-mode">. */}
      <ConfigProvider theme={careMode ? CARE_THEME : undefined}>{children}</ConfigProvider>
    </ConfigProvider>
  );
}

/** AntdProvider in the portal, in 关怀模式 when the visitor turned it on. */
export function PortalAntdProvider({ children }: { children: ReactNode }) {
  return <AntdProvider careMode={useCareMode().on}>{children}</AntdProvider>;
}
