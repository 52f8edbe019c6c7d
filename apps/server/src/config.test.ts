import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info', DEMO_DATA: 20_000 });
  });

  it('stops the start on a bad value, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT="eighty"/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://localhost/x' })).toThrow(/DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud', DEMO_DATA: '-1' })).toThrow(/LOG_LEVEL[\s\S]*DEMO_DATA/);
  });

  it('refuses to start in production without PUBLIC_BASE_URL (reports would take their address from the Host header)', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/PUBLIC_BASE_URL=（未设置）: 生产环境/);
    expect(loadConfig({ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn' })).toMatchObject({
      PUBLIC_BASE_URL: 'https://xinyong.example.gov.cn',
    });
    expect(() => loadConfig({ NODE_ENV: 'development' })).not.toThrow();
  });

  it('reads PUBLIC_HOSTS as comma-separated host names without ports', () => {
    expect(loadConfig({}).PUBLIC_HOSTS).toEqual([]);
    expect(loadConfig({ PUBLIC_HOSTS: ' XinYong.example.gov.cn., 10.0.0.5 ,[::2],' }).PUBLIC_HOSTS).toEqual([
      'xinyong.example.gov.cn',
      '10.0.0.5',
      '[::2]',
    ]);
    expect(() => loadConfig({ PUBLIC_HOSTS: 'xinyong.example.gov.cn:443' })).toThrow(/PUBLIC_HOSTS/);
    expect(() => loadConfig({ PUBLIC_HOSTS: 'https://xinyong.example.gov.cn' })).toThrow(/PUBLIC_HOSTS/);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({ DEMO_DATA: '0' }))).toBe(true);
  });
});
