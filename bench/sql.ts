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
