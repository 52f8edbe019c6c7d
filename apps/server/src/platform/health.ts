import { sql } from 'kysely';
import type { Db } from './database';

export async function checkReadiness(db: Db): Promise<boolean> {
  try {
    await sql`SELECT 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
