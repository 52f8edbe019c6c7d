import { App } from 'antd';
import type { ReactNode } from 'react';
import { AntdProvider } from '../antd-provider';

/**
 * Ant Design's locale and theme and its App (App.useApp: message, notification, modal) for the console's pages,
 * loaded with the console.
 */
export function ConsoleApp({ children }: { children: ReactNode }) {
  return (
    <AntdProvider>
      <App>{children}</App>
    </AntdProvider>
  );
}
