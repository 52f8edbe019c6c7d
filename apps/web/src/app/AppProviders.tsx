import { QueryClientProvider } from '@tanstack/react-query';
import { ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { type ReactNode, useState } from 'react';
import { createQueryClient } from '../lib/query-client';
import { CareModeProvider } from './care-mode';
import { theme } from './theme';

export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    // Lists are not virtual: a virtual list gives screen readers hidden stand-ins of its options that read out each
    // option's raw value ("individual", an id) where the list itself shows and announces its name.
    // Ant Design's App (message, notification and modal hooks) wraps the console only (ConsoleRoot): the portal uses
    // none of them, and they would weigh on its first load (SPEC §6).
    <ConfigProvider locale={zhCN} theme={theme} virtual={false}>
      <QueryClientProvider client={queryClient}>
        <CareModeProvider>{children}</CareModeProvider>
      </QueryClientProvider>
    </ConfigProvider>
  );
}
