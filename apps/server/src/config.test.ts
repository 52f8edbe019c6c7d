import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, DATA_DIR: './data', LOG_LEVEL: 'info' });
    // Unset, the engine decides (seed/seed.ts demoEntities).
    expect(loadConfig({}).DEMO_DATA).toBeUndefined();
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

  it('reads TRUST_PROXY as the number of proxies in front (true is one), refusing anything else', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(() => loadConfig({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY="yes": 应为 false、true/);
    expect(() => loadConfig({ TRUST_PROXY: '0' })).toThrow(/TRUST_PROXY/);
  });

  it('takes a METRICS_TOKEN of at least 24 characters and an http(s) OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN="short": 应至少 24 个字符/);
    expect(loadConfig({ METRICS_TOKEN: 'a'.repeat(24) }).METRICS_TOKEN).toBe('a'.repeat(24));
    expect(loadConfig({}).OTEL_EXPORTER_OTLP_ENDPOINT).toBeUndefined();
    expect(loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).OTEL_EXPORTER_OTLP_ENDPOINT).toBe(
      'http://collector:4318',
    );
    expect(() => loadConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4317' })).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT/);
  });

  it('returns a frozen object', () => {
    expect(Object.isFrozen(loadConfig({ DEMO_DATA: '0' }))).toBe(true);
  });
});
