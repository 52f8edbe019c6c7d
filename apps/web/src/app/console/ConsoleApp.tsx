import { App } from 'antd';
import type { ReactNode } from 'react';

/** Ant Design's App for the console's pages (App.useApp: message, notification, modal), loaded with the console. */
export function ConsoleApp({ children }: { children: ReactNode }) {
  return <App>{children}</App>;
}
