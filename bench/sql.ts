import type pg from 'pg';

/** The rows of a table now. */
export async function countRows(client: pg.Client, table: string): Promise<number> {
  return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]!.n);
}

/** The provincial agency of that name, created with that kind if the database has none yet. */
export async function provincialAgency(client: pg.Client, name: string, kind: string): Promise<number> {
  const found = await client.query<{ id: string }>('SELECT id FROM agencies WHERE name = $1', [name]);
  if (found.rows[0]) return Number(found.rows[0].id);
  const created = await client.query<{ id: string }>(
    `INSERT INTO agencies (name, region_code, level, kind) VALUES ($1, '520000', 'province', $2) RETURNING id`,
    [name, kind],
  );
  return Number(created.rows[0]!.id);
}

export interface IndexDefinition {
  name: string;
  definition: string;
}

/** Drops every index of `table` but its primary key before a bulk load; returns their definitions to build after it. */
export async function dropSecondaryIndexes(client: pg.Client, table: string): Promise<IndexDefinition[]> {
  const { rows } = await client.query<IndexDefinition>(
    `SELECT indexname AS name, indexdef AS definition FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = $1 AND indexname <> $1 || '_pkey' ORDER BY indexname`,
    [table],
  );
  for (const index of rows) await client.query(`DROP INDEX ${client.escapeIdentifier(index.name)}`);
  return rows;
}

/** The benchmark's console account of that name, created in (or moved to) that agency. */
export async function benchAccount(client: pg.Client, username: string, agencyId: number): Promise<number> {
  const { rows } = await client.query<{ id: string }>(
    `INSERT INTO accounts (username, agency_id, display_name, password_hash, must_change_password)
     VALUES ($1, $2, '基准测试', 'not-used', false)
     ON CONFLICT (username) DO UPDATE SET agency_id = excluded.agency_id RETURNING id`,
    [username, agencyId],
  );
  return Number(rows[0]!.id);
}
