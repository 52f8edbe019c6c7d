import { describe, expect, it } from 'vitest';
import { demoEntities } from './seed';

/** Issue 17 item 1: demo data only where it can do no harm. */
describe('demoEntities', () => {
  it('seeds 20,000 on the embedded engine by default, and what DEMO_DATA says outside production', () => {
    expect(demoEntities({ NODE_ENV: 'development', DEMO_DATA: undefined }, 'pglite')).toEqual({ count: 20_000 });
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
