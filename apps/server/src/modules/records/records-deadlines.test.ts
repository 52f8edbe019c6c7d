import type { RecordInputBody } from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, openSession, type TestSession, uniqueCreditCode } from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { runJobsUntilIdle } from '../../platform/jobs';
import { seedCalendarFromLibrary } from '../calendar';
import { recordsJobs } from './records.jobs';
import { loadSubmissionContext, submitRecords } from './records.service';

/**
 * Deadlines and lateness of Rules Art. 12 as records get them: the day after the due date is late (China dates), an
 * item may carry its own period, and confirming a year recomputes what was provisional (SPEC C6).
 */

let database: DatabaseHandle;
let app: FastifyInstance;
let agencyId: number;
let clerk: TestSession;
let operator: TestSession;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await seedCalendarFromLibrary(database.db);
  const province = await createAgency(database.db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  agencyId = Number(province.id);
  const account = async (permissions: Parameters<typeof createAccount>[1]['permissions']) =>
    openSession(database.db, (await createAccount(database.db, { agencyId, permissions })).id);
  clerk = await account(['record.submit', 'record.query']);
  operator = await account(['platform.operator']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** Submits one record as received on `receivedOn` (China date), as the exchange API would on that day. */
async function receive(receivedOn: string, input: RecordInputBody) {
  const context = { ...(await loadSubmissionContext(database.db, TEST_DATA_KEY)), today: receivedOn };
  const result = await database.db
    .transaction()
    .execute((trx) =>
      submitRecords(trx, { agencyId, agencyKind: 'market_regulation', accountId: null, channel: 'api' }, context, [
        input,
      ]),
    );
  const recordId = result.results[0]!.recordId;
  expect(recordId, JSON.stringify(result.results[0])).toBeDefined();
  await database.db
    .updateTable('records')
    .set({ receivedAt: new Date(`${receivedOn}T10:00:00+08:00`) })
    .where('id', '=', recordId!)
    .execute();
  return recordId!;
}

async function deadline(id: number) {
  return database.db
    .selectFrom('records')
    .select(['dueOn', 'dueProvisional', 'daysLate'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

const arose = (date: string) => penaltyRecord(uniqueCreditCode(), { fields: { decisionDate: date } });

describe('lateness (Art. 12)', () => {
  it('counts a record received on the Saturday after its Friday due date as late by 1 working day', async () => {
    // Arose Mon 2026-09-28: due Fri 2026-10-30 (across 国庆).
    const friday = await receive('2026-10-30', arose('2026-09-28'));
    const saturday = await receive('2026-10-31', arose('2026-09-28'));
    const monday = await receive('2026-11-02', arose('2026-09-28'));
    expect(await deadline(friday)).toEqual({ dueOn: '2026-10-30', dueProvisional: false, daysLate: 0 });
    expect(await deadline(saturday)).toEqual({ dueOn: '2026-10-30', dueProvisional: false, daysLate: 1 });
    expect(await deadline(monday)).toEqual({ dueOn: '2026-10-30', dueProvisional: false, daysLate: 1 });
  });
});

describe('confirming a year recomputes provisional deadlines (C6)', () => {
  it('gives records arising in December 2026 final due dates and recomputes their lateness; nothing else changes', async () => {
    // Provisional (2027 unknown: 元旦 counted as a working day): 2026-12-15 + 20 working days = 2027-01-12.
    const lateByProvisional = await receive('2027-01-13', arose('2026-12-15'));
    const onTime = await receive('2026-12-20', arose('2026-12-15'));
    // Due Fri 2026-12-18 (final); received Tue 2027-01-05: 12 working days late while 元旦 counts as one.
    const lateInto2027 = await receive('2027-01-05', arose('2026-11-20'));
    const settled = await receive('2026-11-05', arose('2026-09-28'));
    expect(await deadline(lateByProvisional)).toEqual({ dueOn: '2027-01-12', dueProvisional: true, daysLate: 1 });
    expect(await deadline(onTime)).toEqual({ dueOn: '2027-01-12', dueProvisional: true, daysLate: 0 });
    expect(await deadline(lateInto2027)).toEqual({ dueOn: '2026-12-18', dueProvisional: false, daysLate: 12 });
    const settledBefore = await database.db
      .selectFrom('records')
      .selectAll()
      .where('id', '=', settled)
      .executeTakeFirstOrThrow();
    const timeliness = async () =>
      (await consoleCall(app, clerk, 'GET', '/timeliness?from=2026-12-01&to=2027-01-31')).json().total;
    expect(await timeliness()).toEqual({ volume: 3, late: 2, rate: 33.3, averageDaysLate: 6.5 });

    const confirmed = await consoleCall(app, operator, 'POST', '/calendar/years', {
      year: 2027,
      noticeNumber: '国办发明电〔2026〕9号',
      entries: [{ from: '2027-01-01', to: '2027-01-03', kind: 'holiday', note: '元旦' }],
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    // Nothing changes before the background job runs.
    expect(await deadline(lateByProvisional)).toEqual({ dueOn: '2027-01-12', dueProvisional: true, daysLate: 1 });
    expect(await runJobsUntilIdle(database.db, recordsJobs({ db: database.db }))).toBe(1);

    // 元旦 off: 12-16 … 12-31 (12), 01-04 … 01-08 (17), 01-11 … 01-13 (20).
    expect(await deadline(lateByProvisional)).toEqual({ dueOn: '2027-01-13', dueProvisional: false, daysLate: 0 });
    expect(await deadline(onTime)).toEqual({ dueOn: '2027-01-13', dueProvisional: false, daysLate: 0 });
    expect(await deadline(lateInto2027)).toEqual({ dueOn: '2026-12-18', dueProvisional: false, daysLate: 11 });
    expect(
      await database.db.selectFrom('records').selectAll().where('id', '=', settled).executeTakeFirstOrThrow(),
    ).toEqual(settledBefore);
    expect(await timeliness()).toEqual({ volume: 3, late: 1, rate: 66.7, averageDaysLate: 11 });
    // Each recomputed record is an `updated` change in the exchange feed, so mirrors get the new due date; the settled
    // one is not.
    const changes = await database.db
      .selectFrom('recordChanges')
      .select('recordId')
      .where('kind', '=', 'updated')
      .execute();
    expect(changes.map((change) => Number(change.recordId)).sort((a, b) => a - b)).toEqual(
      [lateByProvisional, onTime, lateInto2027].sort((a, b) => a - b),
    );
    const year = (await consoleCall(app, operator, 'GET', '/calendar'))
      .json()
      .years.find((row: { year: number }) => row.year === 2027);
    expect(year.recompute).toBe('done');
  });
});

describe("an item's own deadline (Art. 12: 法律、法规另有规定的，从其规定)", () => {
  it('stores the period with its legal basis and gives the records of the item their due date by it', async () => {
    const draft = await consoleCall(app, operator, 'POST', '/catalogue/editions', {
      code: '2027版',
      name: '贵州省企业公共信用信息征集目录（2027版）',
    });
    expect(draft.statusCode, draft.body).toBe(200);
    const penalty = draft.json().items.find((item: { code: string }) => item.code === 'penalty');
    const { id, editionId: _edition, editionCode: _code, ...definition } = penalty;
    const withoutBasis = await consoleCall(app, operator, 'PUT', `/catalogue/items/${id}`, {
      ...definition,
      deadline: { days: 7, unit: 'calendar', legalBasis: ' ' },
    });
    expect(withoutBasis.statusCode).toBe(400);
    expect(withoutBasis.json().error.message).toContain('请注明规定该期限的法律、法规及条款');

    const legalBasis = '《市场监督管理行政处罚信息公示规定》第六条';
    const changed = await consoleCall(app, operator, 'PUT', `/catalogue/items/${id}`, {
      ...definition,
      deadline: { days: 20, unit: 'calendar', legalBasis },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json().deadline).toEqual({ days: 20, unit: 'calendar', legalBasis });
    expect(
      (await consoleCall(app, operator, 'POST', `/catalogue/editions/${draft.json().edition.id}/publish`, {}))
        .statusCode,
    ).toBe(200);
    const current = (await consoleCall(app, clerk, 'GET', '/catalogue')).json();
    expect(current.items.find((item: { code: string }) => item.code === 'penalty').deadline).toEqual({
      days: 20,
      unit: 'calendar',
      legalBasis,
    });
    // The other items keep the 20 working days.
    expect(current.items.find((item: { code: string }) => item.code === 'licence').deadline ?? null).toBeNull();

    // Arose Fri 2026-09-11 + 20 days = Thu 10-01 (国庆): due on the first working day after the holiday, 10-08.
    const record = await receive('2026-10-09', arose('2026-09-11'));
    expect(await deadline(record)).toEqual({ dueOn: '2026-10-08', dueProvisional: false, daysLate: 1 });
  });
});
