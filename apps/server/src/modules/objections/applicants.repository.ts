import type { Insertable, Selectable } from 'kysely';
import type {
  ApplicantCodesTable,
  ApplicantOidcLoginsTable,
  ApplicantSessionsTable,
  SmsSinkMessagesTable,
} from '../../db/schema';
import type { Db } from '../../platform/database';
import type { AttemptCounter } from '../accounts';

export type ApplicantCodeRow = Selectable<ApplicantCodesTable>;

export async function insertApplicantCode(db: Db, code: Insertable<ApplicantCodesTable>): Promise<void> {
  await db.insertInto('applicantCodes').values(code).execute();
}

/** The entity's newest code not yet used: only the latest code sent counts. */
export async function findLatestApplicantCode(db: Db, enterpriseId: number): Promise<ApplicantCodeRow | undefined> {
  return db
    .selectFrom('applicantCodes')
    .selectAll()
    .where('enterpriseId', '=', enterpriseId)
    .orderBy('sentAt', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Marks a code used; false when another request used it first (a code signs in once). */
export async function useApplicantCode(db: Db, id: number, at: Date): Promise<boolean> {
  const result = await db
    .updateTable('applicantCodes')
    .set({ usedAt: at })
    .where('id', '=', id)
    .where('usedAt', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The entity's wrong-code counter, created when missing, its row locked until the transaction ends (as sign-in's). */
export async function lockApplicantAttempts(trx: Db, enterpriseId: number, now: Date): Promise<AttemptCounter> {
  return trx
    .insertInto('applicantAttempts')
    .values({ enterpriseId, attempts: 0, locks: 0, lockedUntil: null, lastAttemptAt: now })
    .onConflict((conflict) =>
      conflict
        .column('enterpriseId')
        .doUpdateSet((eb) => ({ lastAttemptAt: eb.ref('applicantAttempts.lastAttemptAt') })),
    )
    .returning(['attempts', 'locks', 'lockedUntil', 'lastAttemptAt'])
    .executeTakeFirstOrThrow();
}

export async function findApplicantAttempts(db: Db, enterpriseId: number): Promise<AttemptCounter | undefined> {
  return db
    .selectFrom('applicantAttempts')
    .select(['attempts', 'locks', 'lockedUntil', 'lastAttemptAt'])
    .where('enterpriseId', '=', enterpriseId)
    .executeTakeFirst();
}

export async function updateApplicantAttempts(trx: Db, enterpriseId: number, counter: AttemptCounter): Promise<void> {
  await trx.updateTable('applicantAttempts').set(counter).where('enterpriseId', '=', enterpriseId).execute();
}

export async function deleteApplicantAttempts(db: Db, enterpriseId: number): Promise<void> {
  await db.deleteFrom('applicantAttempts').where('enterpriseId', '=', enterpriseId).execute();
}

export async function insertApplicantSession(db: Db, session: Insertable<ApplicantSessionsTable>): Promise<void> {
  await db.insertInto('applicantSessions').values(session).execute();
}

export async function findApplicantSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('applicantSessions as s')
    .innerJoin('enterprises as e', 'e.id', 's.enterpriseId')
    .select([
      's.tokenHash',
      's.enterpriseId',
      's.method',
      's.role',
      's.applicantName',
      's.subject',
      's.csrfToken',
      's.lastSeenAt',
      's.expiresAt',
      's.endedAt',
      'e.creditCode',
      'e.name as entityName',
    ])
    .where('s.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchApplicantSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db.updateTable('applicantSessions').set({ lastSeenAt: at }).where('tokenHash', '=', tokenHash).execute();
}

export async function endApplicantSession(db: Db, tokenHash: string, reason: string): Promise<void> {
  await db
    .updateTable('applicantSessions')
    .set({ endedAt: new Date(), endReason: reason })
    .where('tokenHash', '=', tokenHash)
    .where('endedAt', 'is', null)
    .execute();
}

export async function insertOidcLogin(db: Db, login: Insertable<ApplicantOidcLoginsTable>): Promise<void> {
  await db.insertInto('applicantOidcLogins').values(login).execute();
}

/** Takes a pending login once (deleted as it is read): a callback replayed with the same state finds nothing. */
export async function takeOidcLogin(db: Db, state: string): Promise<Selectable<ApplicantOidcLoginsTable> | undefined> {
  return db.deleteFrom('applicantOidcLogins').where('state', '=', state).returningAll().executeTakeFirst();
}

export async function deleteExpiredOidcLogins(db: Db, now: Date): Promise<void> {
  await db.deleteFrom('applicantOidcLogins').where('expiresAt', '<', now).execute();
}

export async function insertSmsSinkMessage(db: Db, message: Insertable<SmsSinkMessagesTable>): Promise<void> {
  await db.insertInto('smsSinkMessages').values(message).execute();
}

export async function listSmsSinkMessages(db: Db, since: Date) {
  return db
    .selectFrom('smsSinkMessages as m')
    .innerJoin('enterprises as e', 'e.id', 'm.enterpriseId')
    .select(['m.id', 'm.sentAt', 'm.maskedMobile', 'm.text', 'e.creditCode'])
    .where('m.sentAt', '>=', since)
    .orderBy('m.id', 'desc')
    .limit(100)
    .execute();
}
