import { enterpriseProfileUrl } from '../features/enterprises/api/enterprise-queries';
import { reportVerificationUrl } from '../features/reports/api/report-queries';
import { fetchEarly } from '../lib/early-requests';

function pathParameter(pattern: RegExp, pathname: string): string | undefined {
  const match = pattern.exec(pathname);
  if (!match) return undefined;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return undefined; // a malformed address: the page says so itself
  }
}

/**
 * Asks for the answer a profile or a report's verification shows before their code has loaded (they are the pages a
 * link or a report's QR code opens cold on a phone, issue 20 item 3); their queries take it (lib/early-requests.ts).
 */
export function startEarlyRequests(location: Pick<Location, 'pathname' | 'search'>): void {
  const creditCode = pathParameter(/^\/enterprises\/([^/]+)\/?$/, location.pathname);
  if (creditCode) {
    fetchEarly(enterpriseProfileUrl(creditCode));
    return;
  }
  const reportNo = pathParameter(/^\/reports\/([^/]+)\/?$/, location.pathname);
  if (reportNo) {
    const digest = new URLSearchParams(location.search).get('digest')?.trim() || undefined;
    fetchEarly(reportVerificationUrl(reportNo, digest));
  }
}
