import type { Permission } from '@gzcredit/domain';
import { holdsPermission } from '../../lib/session';
import { CONSOLE_PAGES, type ConsolePage } from './console-pages';

export type ConsoleMenuEntry = ConsolePage & { label: string };

/** The menu entries an account holding `permissions` sees, in display order; the routes guard the same pages. */
export function menuEntriesFor(permissions: readonly Permission[]): ConsoleMenuEntry[] {
  return CONSOLE_PAGES.filter(
    (page): page is ConsoleMenuEntry => page.label !== undefined && holdsPermission(permissions, page.permission),
  );
}
