import type { ReportVerificationDto } from '@gzcredit/contracts';
import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EnterprisePage } from '../features/enterprises/components/EnterprisePage';
import { ReportVerificationPage } from '../features/reports/components/ReportVerificationPage';
import { apiGet } from '../lib/api-client';
import { fetchEarly } from '../lib/early-requests';
import { jsonResponse, renderRoutes } from '../testing/render';
import { startEarlyRequests } from './early-requests';

const CREDIT_CODE = '9152000071430580XT';
const REPORT_NO = 'GZXY20261201K7M2Q9XW4D';
const DIGEST = '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0';

describe('early requests: the first answer of a profile or a verification travels with the page code', () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    fetchMock.mockReset();
  });

  it('asks for a profile before its page loads, and the page takes that answer instead of asking again', async () => {
    const { PROFILE_SECTION_KEYS } = await import('@gzcredit/contracts');
    fetchMock.mockImplementation(async () =>
      jsonResponse({
        creditCode: CREDIT_CODE,
        name: '贵州茅台酒股份有限公司',
        kind: 'enterprise',
        status: 'active',
        regionCode: '520382',
        regionName: '遵义市仁怀市',
        industryCode: null,
        industryName: null,
        legalRepresentative: null,
        establishedOn: null,
        registrationAuthority: null,
        address: null,
        formerNames: [],
        badges: [],
        sections: PROFILE_SECTION_KEYS.map((key) => ({ key, title: key, records: [] })),
      }),
    );
    startEarlyRequests({ pathname: `/enterprises/${CREDIT_CODE}`, search: '' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(fetchMock.mock.calls[0]![0]).toBe(`/api/public/enterprises/${CREDIT_CODE}`);

    renderRoutes([{ path: '/enterprises/:creditCode', element: <EnterprisePage /> }], `/enterprises/${CREDIT_CODE}`);
    expect(await screen.findByRole('heading', { level: 1, name: '贵州茅台酒股份有限公司' })).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it("asks for a report's verification with the digest of the address, and the page takes that answer", async () => {
    const verified: ReportVerificationDto = {
      reportNo: REPORT_NO,
      issued: true,
      digestMatches: true,
      entityName: '贵州茅台酒股份有限公司',
      creditCode: CREDIT_CODE,
      issuedAt: '2026-12-01T02:30:00.000Z',
      sectionCounts: [],
    };
    fetchMock.mockImplementation(async () => jsonResponse(verified));
    startEarlyRequests({ pathname: `/reports/${REPORT_NO}`, search: `?digest=${DIGEST}` });
    expect(fetchMock.mock.calls[0]![0]).toBe(`/api/public/reports/${REPORT_NO}?digest=${DIGEST}`);

    renderRoutes(
      [{ path: '/reports/:reportNo', element: <ReportVerificationPage /> }],
      `/reports/${REPORT_NO}?digest=${DIGEST}`,
    );
    expect(await screen.findByRole('heading', { level: 2, name: '验证通过' })).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('asks nothing early on other pages', () => {
    for (const pathname of ['/', '/search', '/reports', '/enterprises', '/lists/blacklist', '/console/records']) {
      startEarlyRequests({ pathname, search: '?q=贵州' });
    }
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('hands an early answer out once: the next request for the same address asks the server again', async () => {
    fetchMock.mockImplementation(async () => jsonResponse({ n: fetchMock.mock.calls.length }));
    fetchEarly('/api/public/site');
    expect(await apiGet('/api/public/site')).toEqual({ n: 1 });
    expect(await apiGet('/api/public/site')).toEqual({ n: 2 });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
