import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database';
import { type DatabaseHandle, type Db, inTransaction } from './database';

/**
 * Two writers that lock the same two rows in opposite orders deadlock on PostgreSQL, which aborts one (40P01), as the
 * sync sequences of two record writers did in exchange-feed.test under load. `inTransaction` runs the aborted one again.
 */
describe.runIf(process.env.TEST_DATABASE_URL)('transactions aborted by a deadlock (PostgreSQL)', () => {
  let database: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    await sql`CREATE TABLE deadlock_probe (id integer PRIMARY KEY, n integer NOT NULL)`.execute(database.db);
    await sql`INSERT INTO deadlock_probe VALUES (1, 0), (2, 0)`.execute(database.db);
  });
  afterAll(() => database?.close());

  /** Two writers, each locking its first row, waiting for the other to lock its own, then taking the other's. */
  function crossedWriters(run: (work: (trx: Db) => Promise<void>) => Promise<void>) {
    let arrived = 0;
    let release!: () => void;
    const bothLocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    const attempts = { 1: 0, 2: 0 };
    const writer = (first: 1 | 2, second: 1 | 2) =>
      run(async (trx) => {
        attempts[first] += 1;
        await sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = ${first}`.execute(trx);
        arrived += 1;
        if (arrived === 2) release();
        await bothLocked;
        await sql`UPDATE deadlock_probe SET n = n + 1 WHERE id = ${second}`.execute(trx);
      });
    return { writers: Promise.allSettled([writer(1, 2), writer(2, 1)]), attempts };
  }

  it('fails one of two crossed writers without the retry (the setup deadlocks)', async () => {
    const { writers } = crossedWriters((work) => database.db.transaction().execute(work));
    const outcomes = await writers;
    const failed = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toMatchObject({ code: '40P01' });
  });

  it('runs the writer PostgreSQL aborted again, so that both commit', async () => {
    const before = await sql<{ n: number }>`SELECT sum(n)::integer AS n FROM deadlock_probe`.execute(database.db);
    const { writers, attempts } = crossedWriters((work) => inTransaction(database.db, work));
    expect((await writers).map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(attempts[1] + attempts[2]).toBe(3);
    const after = await sql<{ n: number }>`SELECT sum(n)::integer AS n FROM deadlock_probe`.execute(database.db);
    expect(after.rows[0]!.n - before.rows[0]!.n).toBe(4);
  });

  it('does not run again a transaction that failed for another reason', async () => {
    let runs = 0;
    await expect(
      inTransaction(database.db, async (trx) => {
        runs += 1;
        await sql`INSERT INTO deadlock_probe VALUES (1, 0)`.execute(trx);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(runs).toBe(1);
  });
});
