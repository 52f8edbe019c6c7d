/**
 * Limits shared by server and web, in a file without zod so the portal can import them without the schemas
 * (`@gzcredit/contracts/limits`: keeps zod out of the portal's first load).
 */

/** Public search returns at most this many results (a page cap, as national credit portals have). */
export const SEARCH_RESULT_CAP = 1000;
export const SEARCH_MIN_QUERY_LENGTH = 2;
export const SEARCH_MAX_PAGE_SIZE = 50;
