import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import { bootstrapAdministrator } from '../modules/accounts';
import { demoEntities, seedDatabase } from './seed';

/** Issue 17 item 1: demo data only where it can do no harm. */
describe('demoEntities', () => {
  it('seeds 5,000 on the embedded engine by default, and what DEMO_DATA says outside production', () => {
    expect(demoEntities({ NODE_ENV: 'development', DEMO_DATA: undefined }, 'pglite')).toEqual({ count: 5_000 });
    expect(demoEntities({ NODE_ENV: 'development', DEMO_DATA: 300 }, 'pglite')).toEqual({ count: 300 });
    expect(demoEntities({ NODE_ENV: 'test', DEMO_DATA: 300 }, 'postgres')).toEqual({ count: 300 });
  });

  it('seeds nothing on PostgreSQL unless DEMO_DATA is set, and says so', () => {
    expect(demoEntities({ NODE_ENV: 'development', DEMO_DATA: undefined }, 'postgres')).toEqual({
      count: 0,
      reason: 'PostgreSQL 上未设置 DEMO_DATA，不导入演示数据',
    });
  });

  it('never seeds in production, on either engine, and names an ignored DEMO_DATA', () => {
    for (const engine of ['pglite', 'postgres'] as const) {
      expect(demoEntities({ NODE_ENV: 'production', DEMO_DATA: undefined }, engine)).toEqual({
        count: 0,
        reason: '生产环境（NODE_ENV=production）从不导入演示数据',
      });
      expect(demoEntities({ NODE_ENV: 'production', DEMO_DATA: 20_000 }, engine)).toEqual({
        count: 0,
        reason: '生产环境（NODE_ENV=production）从不导入演示数据，已忽略 DEMO_DATA=20000',
      });
    }
  });
});

describe('seedDatabase with demo data', () => {
  it('publishes the provincial rules and a marked demo article in each standing column, so no column starts empty', async () => {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(join(tmpdir(), 'gzcredit-seed-'));
    try {
      await bootstrapAdministrator(database.db, dataDir);
      await seedDatabase(database.db, { demoEntities: 30, dataKey: TEST_DATA_KEY, log: pino({ level: 'silent' }) });
      const app = await createTestApp(database, { DATA_DIR: dataDir });
      try {
        for (const column of ['laws', 'policies', 'news', 'notices']) {
          const page = (await app.inject({ url: `/api/public/articles?column=${column}` })).json();
          expect(page.total, column).toBe(1);
          expect(page.items[0].agency.name, column).toBe('贵州省市场监督管理局');
          if (column !== 'laws') expect(page.items[0].title, column).toMatch(/^【演示】/);
        }
        const laws = (await app.inject({ url: '/api/public/articles?column=laws' })).json();
        const rules = (await app.inject({ url: `/api/public/articles/${laws.items[0].id}` })).json();
        expect(rules.title).toBe('贵州省企业公共信用信息平台运行管理规则(试行)');
        expect(rules.bodyHtml).toContain('<h2>第七章 附则</h2>');
        expect(rules.bodyHtml).toContain('第三十条 本规则自发布之日起施行。');
      } finally {
        await app.close();
      }
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
