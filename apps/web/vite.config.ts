import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const apiServer = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist' },
  server: {
    proxy: { '/api': apiServer, '/healthz': apiServer },
  },
  preview: {
    proxy: { '/api': apiServer, '/healthz': apiServer },
  },
  test: {
    name: 'web',
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup.ts'],
    // The first render of a lazily loaded console page transforms much of Ant Design under jsdom.
    testTimeout: 60_000,
  },
});
