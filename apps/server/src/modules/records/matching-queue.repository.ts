import { sql } from 'kysely';
import type { Db } from '../../platform/database';

export interface WaitingRecordRow {
  id: number;
  creditCode: string;
  entityName: string;
  itemId: number;
  itemCode: string;
  itemName: string;
  receivedAt: Date;
}

/** 待匹配队列 (Art. 29): an agency's current records whose credit code names no entity yet, oldest first. */
export async function listWaitingRecords(
  db: Db,
  agencyId: number,
  page: { page: number; pageSize: number },
): Promise<{ rows: WaitingRecordRow[]; total: number }> {
  const query = db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .where('r.agencyId', '=', agencyId)
    .where('r.enterpriseId', 'is', null)
    .where('r.status', 'in', ['active', 'expired']);
  const [rows, count] = await Promise.all([
    query
      .select([
        'r.id',
        'r.creditCode',
        'r.entityName',
        'r.itemId',
        'i.code as itemCode',
        'i.name as itemName',
        'r.receivedAt',
      ])
      .orderBy('r.id')
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize)
      .execute(),
    query.select(sql<number>`count(*)::int`.as('total')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.total) };
}
