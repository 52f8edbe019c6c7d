import { createHash } from 'node:crypto';
import type pg from 'pg';
import { searchEnterprises } from '../../apps/server/src/modules/enterprises/enterprises.repository';
import { type Db, PREPARED_STATEMENT } from '../../apps/server/src/platform/database';
import { SEARCH_RESULT_CAP, SearchEnterprisesQuerySchema } from '../../packages/contracts/src/index';

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

type Plugin = Parameters<Db['withPlugin']>[0];

/** The page the portal asks for: page 1 with the default page size, no filters (as `searchPublic` calls it). */
export const PAGE_SIZE = SearchEnterprisesQuerySchema.parse({ q: '贵州' }).pageSize;

export const search = (db: Db, query: string) =>
  searchEnterprises(db, { query, filters: {}, cap: SEARCH_RESULT_CAP, limit: PAGE_SIZE, offset: 0 });

/** Runs `searchEnterprises` once per query and keeps the SQL and parameters Kysely compiled for it. */
export async function captureStatements(db: Db, queries: string[]): Promise<Map<string, Statement>> {
  const statements = new Map<string, Statement>();
  let current = '';
  const capture: Plugin = {
    transformQuery: ({ node, queryId }) => {
      const compiled = db.getExecutor().compileQuery(node, queryId);
      if (!statements.has(current)) statements.set(current, { sql: compiled.sql, parameters: compiled.parameters });
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  const capturing = db.withPlugin(capture);
  for (const query of queries) {
    current = query;
    await search(capturing, query);
  }
  return statements;
}

const statementNames = new Map<string, string>();

/** Sends a captured statement as the server does: SQL marked PREPARED_STATEMENT as a named (prepared) statement. */
export function sendStatement(pool: pg.Pool, statement: Statement) {
  const values = [...statement.parameters];
  if (!statement.sql.startsWith(PREPARED_STATEMENT)) return pool.query(statement.sql, values);
  let name = statementNames.get(statement.sql);
  if (name === undefined) {
    name = `raw_${createHash('sha1').update(statement.sql).digest('hex')}`;
    statementNames.set(statement.sql, name);
  }
  return pool.query({ name, text: statement.sql, values });
}
