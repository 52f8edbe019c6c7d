/**
 * The public answers the pages a visitor opens cold from a link or a report's QR code ask for first (issue 20 item 3):
 * a profile and a report's verification. The portal starts the request before its page code has arrived
 * (apps/web/src/app/early-requests.ts), and the server names it in the page's HTML as a `preload` (platform/page-shells.ts),
 * so on a slow network the answer travels with the entry script. Both build the address here, so they name the same
 * one. In a file without zod, for the portal's first load (`@gzcredit/contracts/early-requests`).
 */

/** GET /api/public/enterprises/{creditCode}: an entity's public profile. */
export function enterpriseProfileUrl(creditCode: string): string {
  return `/api/public/enterprises/${encodeURIComponent(creditCode)}`;
}

/** GET /api/public/reports/{reportNo}?digest=: whether the platform issued that report, with that digest. */
export function reportVerificationUrl(reportNo: string, digest: string | undefined): string {
  const path = `/api/public/reports/${encodeURIComponent(reportNo)}`;
  return digest ? `${path}?digest=${encodeURIComponent(digest)}` : path;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined; // a malformed address: the page says so itself
  }
}

function pathParameter(pattern: RegExp, pathname: string): string | undefined {
  const match = pattern.exec(pathname);
  return match ? decoded(match[1]!) : undefined;
}

/** The first value of `name` in a query string (with or without its `?`), as URLSearchParams reads it. */
function queryParameter(search: string, name: string): string | undefined {
  for (const pair of search.replace(/^\?/, '').split('&')) {
    const [key = '', value = ''] = pair.split(/=(.*)/s, 2);
    if (decoded(key) === name) return decoded(value);
  }
  return undefined;
}

/** The answer a page at this address asks for first, if it is a profile or a report's verification. */
export function earlyRequestUrl(pathname: string, search: string): string | undefined {
  const creditCode = pathParameter(/^\/enterprises\/([^/]+)\/?$/, pathname);
  if (creditCode) return enterpriseProfileUrl(creditCode);
  const reportNo = pathParameter(/^\/reports\/([^/]+)\/?$/, pathname);
  if (!reportNo) return undefined;
  const digest = queryParameter(search, 'digest')?.trim() || undefined;
  return reportVerificationUrl(reportNo, digest);
}
