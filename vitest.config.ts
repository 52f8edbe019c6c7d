import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', root: 'packages/domain', environment: 'node' } },
      { test: { name: 'verify', root: 'packages/verify', environment: 'node' } },
      { test: { name: 'contracts', root: 'packages/contracts', environment: 'node', passWithNoTests: true } },
      {
        test: {
          name: 'server',
          root: 'apps/server',
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['./test/global-setup.ts'],
        },
      },
      './apps/web/vite.config.ts',
    ],
  },
});
