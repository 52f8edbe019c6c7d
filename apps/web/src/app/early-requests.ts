import { earlyRequestUrl } from '@gzcredit/contracts/early-requests';
import { fetchEarly } from '../lib/early-requests';

/**
 * Asks for the answer a profile or a report's verification shows before their code has loaded (they are the pages a
 * link or a report's QR code opens cold on a phone, issue 20 item 3); their queries take it (lib/early-requests.ts).
 * The server's HTML for such an address already names the same request as a preload, which this fetch then takes.
 */
export function startEarlyRequests(location: Pick<Location, 'pathname' | 'search'>): void {
  const url = earlyRequestUrl(location.pathname, location.search);
  if (url) fetchEarly(url);
}
