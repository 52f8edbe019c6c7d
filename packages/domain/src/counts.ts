const COUNT_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A count or figure as every view shows it: with thousands separators, 12345 → '12,345'. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}
