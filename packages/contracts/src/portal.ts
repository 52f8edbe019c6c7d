import { z } from 'zod';

/**
 * The portal's page addresses (apps/web/src/app/router.tsx), as route patterns: `:name` is one path segment, a final
 * `/*` anything below. The server answers every other address with the portal's shell and a 404 status (issue 20
 * item 8), so search engines and monitors see a missing page as missing; router.test.tsx keeps this list and the
 * router's equal.
 */
export const PORTAL_PAGE_PATTERNS = [
  '/',
  '/search',
  '/enterprises/:creditCode',
  '/lists/:list',
  '/columns/:column',
  '/articles/:id',
  '/reports',
  '/reports/:reportNo',
  '/checks',
  '/checks/:checkNo',
  '/statistics',
  '/objections',
  '/repairs',
  '/repairs/apply',
  '/help',
  '/console/*',
] as const;

/** A route pattern (`:name` one path segment, a final `/*` anything below) as an expression matching whole paths. */
export function routePatternExpression(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\/\*$/, '(?:/.*)?').replace(/:[A-Za-z]+/g, '[^/]+')}$`);
}

/** Whether `path` (without its query) is one of the portal's pages. */
export function isPortalPage(path: string): boolean {
  return PORTAL_PAGE_EXPRESSIONS.some((expression) => expression.test(path));
}

const PORTAL_PAGE_EXPRESSIONS = PORTAL_PAGE_PATTERNS.map(routePatternExpression);

/**
 * The portal footer's registration marks, from the operator's configuration (SITE_IDENTIFIER, ICP_RECORD, PSB_RECORD):
 * the 政府网站标识码, the ICP 备案号 and the 公安机关互联网站安全备案号 that a government site shows; null while unset.
 */
export const PortalSiteSchema = z.object({
  siteIdentifier: z.string().nullable(),
  icpRecord: z.string().nullable(),
  psbRecord: z.string().nullable(),
});
export type PortalSiteDto = z.infer<typeof PortalSiteSchema>;
