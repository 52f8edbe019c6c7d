import { QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { createQueryClient } from '../lib/query-client';
import { CareModeProvider } from './care-mode';

/**
 * What every page shares. Ant Design's ConfigProvider is not here: it wraps the pages that draw Ant Design
 * (antd-provider.tsx), so the portal's first load carries none of it (SPEC §6).
 */
export function AppProviders({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <CareModeProvider>{children}</CareModeProvider>
    </QueryClientProvider>
  );
}
