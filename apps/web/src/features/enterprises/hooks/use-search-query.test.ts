import { describe, expect, it } from 'vitest';
import { parseSearchQuery, toSearchParams } from './use-search-query';

describe('search query in the address bar', () => {
  it('reads every filter', () => {
    const query = parseSearchQuery(
      new URLSearchParams(
        'q= 茅台 &region=520102&industry=C15&kind=individual&status=active&dishonest=true&page=2&pageSize=50',
      ),
    );

    expect(query).toEqual({
      q: '茅台',
      region: '520102',
      industry: 'C15',
      kind: 'individual',
      status: 'active',
      dishonest: true,
      page: 2,
      pageSize: 50,
    });
  });

  it('ignores malformed parameters instead of sending them to the API', () => {
    const query = parseSearchQuery(
      new URLSearchParams('q=茅台&region=5201&industry=c15&kind=company&status=closed&dishonest=1&page=0&pageSize=500'),
    );

    expect(query).toEqual({
      q: '茅台',
      region: undefined,
      industry: undefined,
      kind: undefined,
      status: undefined,
      dishonest: undefined,
      page: 1,
      pageSize: 20,
    });
  });

  it('writes only what differs from the defaults', () => {
    expect(toSearchParams({ q: '茅台', region: '520100', kind: undefined, page: 1, pageSize: 20 }).toString()).toBe(
      'q=%E8%8C%85%E5%8F%B0&region=520100',
    );
    expect(toSearchParams({ q: '茅台', dishonest: true, page: 3, pageSize: 50 }).toString()).toBe(
      'q=%E8%8C%85%E5%8F%B0&dishonest=true&page=3&pageSize=50',
    );
  });
});
