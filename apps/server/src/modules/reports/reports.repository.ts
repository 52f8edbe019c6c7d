import type { Insertable, Selectable } from 'kysely';
import type { CreditReportsTable } from '../../db/schema';
import type { Db } from '../../platform/database';

export type CreditReportRow = Selectable<CreditReportsTable>;

export async function insertCreditReport(db: Db, report: Insertable<CreditReportsTable>): Promise<void> {
  await db.insertInto('creditReports').values(report).execute();
}

export async function findCreditReport(db: Db, reportNo: string): Promise<CreditReportRow | undefined> {
  return db.selectFrom('creditReports').selectAll().where('reportNo', '=', reportNo).executeTakeFirst();
}
