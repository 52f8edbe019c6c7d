import type pg from 'pg';
import {
  searchEnterprises,
  searchEnterprisesStatement,
} from '../../apps/server/src/modules/enterprises/enterprises.repository';
import { type Db, preparedStatementName } from '../../apps/server/src/platform/database';
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

/**
 * Sends a statement as the server does: every statement the bench takes from the repository is a `defineStatement`,
 * marked PREPARED_STATEMENT, so it goes out as a named (prepared) statement under the server's name for it.
 */
export function sendStatement(pool: pg.Pool, statement: Statement) {
  return pool.query({
    name: preparedStatementName(statement.sql),
    text: statement.sql,
    values: [...statement.parameters],
  });
}
