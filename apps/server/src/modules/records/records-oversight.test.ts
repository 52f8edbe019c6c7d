import type { AgencyTimelinessListDto } from '@gzcredit/contracts';
import type { Permission } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import {
  createAgency,
  openAgencySession,
  type TestAgency,
  type TestSession,
  uniqueCreditCode,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { seedCalendarFromLibrary } from '../calendar';
import { loadSubmissionContext, submitRecords } from './records.service';

/**
 * Oversight by jurisdiction (Rules Art. 5, issue 15 item 7): the timeliness figures of every agency reach a
 * development-and-reform commission for its region and the regions below only; the province sees every agency. Every
 * agency of the reach is listed, those that sent nothing too (issue 19 item 4).
 */

let database: DatabaseHandle;
let app: FastifyInstance;
/** The agencies that transmit, by where they are. */
const providers: Record<'guiyang' | 'nanming' | 'yunyan' | 'zunyi', TestAgency> = {} as never;
const overseers: Record<'province' | 'guiyang' | 'nanming' | 'operator', TestSession> = {} as never;

const sessionOf = (agency: TestAgency, permissions: Permission[]) =>
  openAgencySession(database.db, agency, permissions);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  await seedCalendarFromLibrary(database.db);
  const db = database.db;
  const agency = (name: string, regionCode: string, level: TestAgency['level'], kind: TestAgency['kind']) =>
    createAgency(db, { name, regionCode, level, kind });
  providers.guiyang = await agency('贵阳市教育局', '520100', 'prefecture', 'administrative');
  providers.nanming = await agency('贵阳市南明区教育局', '520102', 'county', 'administrative');
  providers.yunyan = await agency('贵阳市云岩区教育局', '520103', 'county', 'administrative');
  providers.zunyi = await agency('遵义市教育局', '520300', 'prefecture', 'administrative');
  const context = await loadSubmissionContext(db, TEST_DATA_KEY);
  for (const provider of Object.values(providers)) {
    await db
      .transaction()
      .execute((trx) =>
        submitRecords(
          trx,
          { agencyId: Number(provider.id), agencyKind: 'administrative', accountId: null, channel: 'api' },
          context,
          [penaltyRecord(uniqueCreditCode())],
        ),
      );
  }
  const commission = (name: string, regionCode: string, level: TestAgency['level']) =>
    agency(name, regionCode, level, 'development_reform');
  overseers.province = await sessionOf(await commission('贵州省发展和改革委员会', '520000', 'province'), ['oversight']);
  overseers.guiyang = await sessionOf(await commission('贵阳市发展和改革委员会', '520100', 'prefecture'), [
    'oversight',
  ]);
  overseers.nanming = await sessionOf(await commission('贵阳市南明区发展和改革局', '520102', 'county'), ['oversight']);
  const bureau = await agency('贵州省市场监督管理局', '520000', 'province', 'market_regulation');
  overseers.operator = await sessionOf(bureau, ['platform.operator']);
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function overseenNames(session: TestSession): Promise<string[]> {
  const response = await consoleCall(app, session, 'GET', '/timeliness/agencies');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as AgencyTimelinessListDto).items.map((row) => row.agency.name).sort();
}

describe('timeliness of every agency under oversight (Art. 5, 12)', () => {
  it('shows a county commission the agencies of its county only', async () => {
    expect(await overseenNames(overseers.nanming)).toEqual(['贵阳市南明区发展和改革局', '贵阳市南明区教育局'].sort());
  });

  it('shows a prefecture commission its prefecture and its counties, not another prefecture', async () => {
    expect(await overseenNames(overseers.guiyang)).toEqual(
      [
        '贵阳市云岩区教育局',
        '贵阳市南明区教育局',
        '贵阳市南明区发展和改革局',
        '贵阳市教育局',
        '贵阳市发展和改革委员会',
      ].sort(),
    );
  });

  it('shows the provincial commission and the platform operator every agency', async () => {
    const every = [
      '贵阳市云岩区教育局',
      '贵阳市南明区教育局',
      '贵阳市教育局',
      '遵义市教育局',
      '贵州省发展和改革委员会',
      '贵阳市发展和改革委员会',
      '贵阳市南明区发展和改革局',
      '贵州省市场监督管理局',
    ].sort();
    expect(await overseenNames(overseers.province)).toEqual(every);
    expect(await overseenNames(overseers.operator)).toEqual(every);
  });
});
