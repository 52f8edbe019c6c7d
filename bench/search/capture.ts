import { createHash } from 'node:crypto';
import type pg from 'pg';
import {
  searchEnterprises,
  searchEnterprisesStatement,
} from '../../apps/server/src/modules/enterprises/enterprises.repository';
import { type Db, PREPARED_STATEMENT } from '../../apps/server/src/platform/database';
import { SEARCH_RESULT_CAP, SearchEnterprisesQuerySchema } from '../../packages/contracts/src/index';

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** The page the portal asks for: page 1 with the default page size, no filters (as `searchPublic` calls it). */
export const PAGE_SIZE = SearchEnterprisesQuerySchema.parse({ q: '贵州' }).pageSize;

const pageOf = (query: string) => ({ query, filters: {}, cap: SEARCH_RESULT_CAP, limit: PAGE_SIZE, offset: 0 });

export const search = (db: Db, query: string) => searchEnterprises(db, pageOf(query));

/** The statement (SQL and parameters) `searchEnterprises` sends for each query. */
export function searchStatements(db: Db, queries: string[]): Map<string, Statement> {
  return new Map(queries.map((query) => [query, searchEnterprisesStatement(db, pageOf(query))]));
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
