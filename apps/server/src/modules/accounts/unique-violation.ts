/** True for PostgreSQL's unique_violation (23505) on the named constraint or index (both engines report it). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, constraint: violated, message } = error as { code?: unknown; constraint?: unknown; message?: unknown };
  if (code !== '23505') return false;
  if (!constraint) return true;
  return violated === constraint || (typeof message === 'string' && message.includes(constraint));
}
