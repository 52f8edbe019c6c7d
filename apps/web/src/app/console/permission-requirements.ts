import type { Permission } from '@gzcredit/domain';

/** One permission, or a list meaning "any of". */
export type PermissionRequirement = Permission | readonly Permission[];

/** Anyone who transmits, queries, corrects or annotates the agency's records (Rules Art. 22). */
export const RECORD_PERMISSIONS: readonly Permission[] = [
  'record.submit',
  'record.query',
  'record.correct',
  'record.annotate',
];

/** Whether `held` satisfies `required`: the permission, or any of the list; nothing required passes. */
export function holdsPermission(held: readonly Permission[], required: PermissionRequirement | undefined): boolean {
  if (required === undefined) return true;
  const anyOf: readonly Permission[] = typeof required === 'string' ? [required] : required;
  return anyOf.some((permission) => held.includes(permission));
}
