/**
 * Limits shared by server and web, in a file without zod so the portal can import them without the schemas
 * (`@gzcredit/contracts/limits`: keeps zod out of the portal's first load).
 */

/** Public search returns at most this many results (a page cap, as national credit portals have). */
export const SEARCH_RESULT_CAP = 1000;
export const SEARCH_MIN_QUERY_LENGTH = 2;
export const SEARCH_MAX_PAGE_SIZE = 50;

/**
 * The portal's lists (黑名单, 经营异常名录, 双公示, 守信激励): at most 20 entries a page and the first 1,000 entries of any
 * one choice of filters, as 国家企业信用信息公示系统 pages its lists: the lists are for browsing, not for bulk download.
 */
export const PUBLIC_LIST_MAX_PAGE_SIZE = 20;
export const PUBLIC_LIST_RESULT_CAP = 1000;

/**
 * The portal's lists (issue 20 item 1): 严重失信主体名单 (黑名单: listings in force on 严重违法失信名单), 经营异常名录,
 * 行政许可 and 行政处罚 (双公示) and 守信激励 (良好 records). Each holds the records in public view of its items.
 */
export const PUBLIC_LISTS = ['blacklist', 'abnormal', 'licences', 'penalties', 'trustworthy'] as const;
export type PublicList = (typeof PUBLIC_LISTS)[number];
export const PUBLIC_LIST_TITLES: Record<PublicList, string> = {
  blacklist: '严重失信主体名单（黑名单）',
  abnormal: '经营异常名录',
  licences: '行政许可信息（双公示）',
  penalties: '行政处罚信息（双公示）',
  trustworthy: '守信激励名单',
};
