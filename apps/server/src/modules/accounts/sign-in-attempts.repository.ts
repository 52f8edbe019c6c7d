import type { Db } from '../../platform/database';
import type { AttemptCounter } from './sign-in-attempts.policy';

/**
 * The counter of a user name and network, created when missing, with its row locked until the transaction ends:
 * the no-op `DO UPDATE` takes the row lock on both engines, and concurrent attempts wait here for each other.
 */
export async function lockAttemptCounter(
  trx: Db,
  username: string,
  network: string,
  now: Date,
): Promise<AttemptCounter> {
  return trx
    .insertInto('signInAttempts')
    .values({ username, network, attempts: 0, locks: 0, lockedUntil: null, lastAttemptAt: now })
    .onConflict((conflict) =>
      conflict
        .columns(['username', 'network'])
        .doUpdateSet((eb) => ({ lastAttemptAt: eb.ref('signInAttempts.lastAttemptAt') })),
    )
    .returning(['attempts', 'locks', 'lockedUntil', 'lastAttemptAt'])
    .executeTakeFirstOrThrow();
}

export async function updateAttemptCounter(
  trx: Db,
  username: string,
  network: string,
  counter: AttemptCounter,
): Promise<void> {
  await trx
    .updateTable('signInAttempts')
    .set(counter)
    .where('username', '=', username)
    .where('network', '=', network)
    .execute();
}

export async function deleteAttemptCounter(db: Db, username: string, network: string): Promise<void> {
  await db.deleteFrom('signInAttempts').where('username', '=', username).where('network', '=', network).execute();
}

/** Every counter of a user name, the account-wide one included; how many there were. */
export async function deleteAttemptCounters(db: Db, username: string): Promise<number> {
  const result = await db.deleteFrom('signInAttempts').where('username', '=', username).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Deletes up to 100 counters whose last attempt and last lock both ended before `before` (they count as new anyway),
 * oldest first; rows another attempt holds are skipped, so pruning never waits or deadlocks.
 */
export async function deleteQuietAttemptCounters(db: Db, before: Date): Promise<void> {
  await db
    .deleteFrom('signInAttempts')
    .where(({ eb, refTuple, selectFrom }) =>
      eb(
        refTuple('username', 'network'),
        'in',
        selectFrom('signInAttempts')
          .select(['username', 'network'])
          .where('lastAttemptAt', '<', before)
          .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', before)]))
          .orderBy('lastAttemptAt')
          .limit(100)
          .forUpdate()
          .skipLocked()
          .$asTuple('username', 'network'),
      ),
    )
    .execute();
}

/** Whether the account of this user name has signed in from the network before (one query for known and unknown). */
export async function isKnownNetwork(db: Db, username: string, network: string): Promise<boolean> {
  const row = await db
    .selectFrom('signInNetworks as n')
    .innerJoin('accounts as a', 'a.id', 'n.accountId')
    .select('n.network')
    .where('a.username', '=', username)
    .where('n.network', '=', network)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertSignInNetwork(db: Db, accountId: number, network: string, at: Date): Promise<void> {
  await db
    .insertInto('signInNetworks')
    .values({ accountId, network, lastSignedInAt: at })
    .onConflict((conflict) => conflict.columns(['accountId', 'network']).doUpdateSet({ lastSignedInAt: at }))
    .execute();
}
