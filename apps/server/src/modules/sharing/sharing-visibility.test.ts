import type {
  CheckResultDto,
  ExchangeFloorRuleDto,
  ExchangeGrantDto,
  RecordDto,
  RecordInputBody,
  WatchlistAlertDto,
} from '@gzcredit/contracts';
import {
  AGENCY_KINDS,
  chinaToday,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  USE_SCOPES,
  type UseScope,
} from '@gzcredit/domain';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { type ExchangeClient, exchangeGet, exchangePost } from '../../../test/exchange';
import {
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  type TestAgency,
  type TestSession,
} from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { getCurrentCatalogue } from '../catalogue';
import { loadSubmissionContext, submitRecords } from '../records';
import { produceAlerts, sendDailyDigests } from '../watchlists';
import { listVisibleRecords } from './sharing.service';

/**
 * The field-level sharing test (Rules Art. 22(四)), generated over the settings as the authorization matrix is over
 * routes: for generated providers' exchange settings and bureau floors, every viewing agency sees through every
 * channel exactly the records and fields an independent statement of the rule (`expectedFields`) gives it: never a
 * record or field its provider did not share with it, and nothing shared withheld.
 *
 * The channels are a table (how a viewer reads record ids and payload keys through each): the console query, both
 * exports, the pull, credit checks (console and exchange API, which show records without their fields and must rest
 * their standing and verdict on the records shown), and watch-list alerts and their daily digest (made again in each
 * round from the change feed under that round's settings).
 */

interface Viewer {
  agency: TestAgency;
  session: TestSession;
  client: ExchangeClient;
}

/** What a channel gives a viewer: record id → the payload keys it shows (non-empty values). */
type Seen = Map<number, string[]>;

/** What a channel may check beyond the records it shows (a check's standing and verdict). */
interface ChannelContext {
  /** The records the viewer may see, with their shown keys. */
  expected: Map<number, string[]>;
  wrong: string[];
}

interface Channel {
  name: string;
  /** False for the pull: it carries only other agencies' records. */
  ownRecords: boolean;
  /** The records the channel carries at all (alerts: 不良 records only); default every record. */
  covers?: (record: StoredRecord) => boolean;
  /** False when the channel names records without any of their fields (checks, alerts, digests). */
  fields?: boolean;
  read(viewer: Viewer, context: ChannelContext): Promise<Seen>;
}

interface StoredRecord {
  id: number;
  agencyId: number;
  itemCode: string;
  useScope: UseScope;
  classified: boolean;
  dishonestyLevel: DishonestyLevel | null;
  creditCode: string;
  payload: Record<string, string>;
}

interface ItemSettings {
  sharedRestricted: boolean;
  shared: ExchangeGrantDto[];
  authorised: ExchangeGrantDto[];
}

const ITEMS = ['penalty', 'honour'] as const;
const REGION_PREFIXES = ['52', '5201', '5203', '520102', '520302'];
const ROUNDS = 4;
/** What the rounds exercised, over all of them. */
const coverage = { othersSeen: 0, authorisedSeen: 0, fieldsWithheld: 0 };

let database: DatabaseHandle;
let app: FastifyInstance;
let operator: TestSession;
const providers: Viewer[] = [];
const viewers: Viewer[] = [];
let records: StoredRecord[] = [];
let creditCodes: string[] = [];
const agencyNames = new Map<number, string>();
const itemNames = new Map<string, string>();
/** The day whose digest each round makes: tomorrow, so that every alert of the round was made before it began. */
const digestDate = chinaToday(new Date(Date.now() + 86_400_000));
const fieldKeys = new Map<string, string[]>();
/** XLSX/CSV 数据项 cells name fields by label: label → key per item name. */
const keysByLabel = new Map<string, Map<string, string>>();

/** A small seeded generator (mulberry32), so a failing round can be replayed from its seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const chance = (p: number) => next() < p;
  const subset = <T>(list: readonly T[]) => list.filter(() => chance(0.5));
  return { pick, chance, subset };
}

type Random = ReturnType<typeof generator>;

function randomGrant(random: Random, itemCode: string | null): ExchangeGrantDto {
  const audience = random.pick(['all', 'kind', 'agency', 'region'] as const);
  const value =
    audience === 'all'
      ? null
      : audience === 'kind'
        ? random.pick(AGENCY_KINDS)
        : audience === 'agency'
          ? String(random.pick(viewers).agency.id)
          : random.pick(REGION_PREFIXES);
  const fields = itemCode === null || random.chance(0.4) ? null : random.subset(fieldKeys.get(itemCode)!);
  return { audience, value, fields };
}

function generateSettings(random: Random) {
  const settings = new Map<string, ItemSettings>();
  for (const provider of providers)
    for (const itemCode of ITEMS) {
      const sharedRestricted = random.chance(0.6);
      const count = () => Math.floor(random.pick([0, 1, 2, 3]));
      settings.set(`${provider.agency.id}:${itemCode}`, {
        sharedRestricted,
        shared: sharedRestricted ? Array.from({ length: count() }, () => randomGrant(random, itemCode)) : [],
        authorised: Array.from({ length: count() }, () => randomGrant(random, itemCode)),
      });
    }
  const floor: ExchangeFloorRuleDto[] = Array.from({ length: random.pick([0, 1, 2]) }, () => {
    const itemCode = random.chance(0.5) ? random.pick(ITEMS) : null;
    return {
      ...randomGrant(random, itemCode),
      itemCode,
      dishonestyLevel: random.chance(0.5) ? random.pick(DISHONESTY_LEVELS) : null,
    };
  });
  return { settings, floor };
}

const matches = (grant: ExchangeGrantDto, agency: TestAgency) =>
  grant.audience === 'all' ||
  (grant.audience === 'kind' && grant.value === agency.kind) ||
  (grant.audience === 'agency' && grant.value === String(agency.id)) ||
  (grant.audience === 'region' && agency.regionCode.startsWith(grant.value!));

/**
 * The rule, stated independently of its SQL: the fields of `record` the viewing agency may see (`all`), or null when
 * it may not see the record.
 */
function expectedFields(
  record: StoredRecord,
  viewer: TestAgency,
  generated: ReturnType<typeof generateSettings>,
): 'all' | Set<string> | null {
  if (record.agencyId === Number(viewer.id)) return 'all';
  if (record.classified || record.useScope === 'internal') return null;
  if (record.useScope === 'public') return 'all';
  const setting = generated.settings.get(`${record.agencyId}:${record.itemCode}`)!;
  if (record.useScope === 'shared' && !setting.sharedRestricted) return 'all';
  const grants = [
    ...(record.useScope === 'shared' ? setting.shared : setting.authorised),
    ...generated.floor.filter(
      (rule) =>
        (rule.itemCode === null || rule.itemCode === record.itemCode) &&
        (rule.dishonestyLevel === null || rule.dishonestyLevel === record.dishonestyLevel),
    ),
  ].filter((grant) => matches(grant, viewer));
  if (grants.length === 0) return null;
  if (grants.some((grant) => grant.fields === null)) return 'all';
  return new Set(grants.flatMap((grant) => grant.fields!));
}

const shownKeys = (payload: Record<string, string>) =>
  Object.keys(payload)
    .filter((key) => payload[key])
    .sort();

const fromDtos = (dtos: readonly RecordDto[]): Seen => new Map(dtos.map((dto) => [dto.id, shownKeys(dto.payload)]));

/** The 数据项 cell of an export (`label：value；…`) back to the keys it shows. */
function keysOfCell(itemName: string, cell: string): string[] {
  if (!cell) return [];
  const labels = keysByLabel.get(itemName)!;
  return cell
    .split('；')
    .map((part) => labels.get(part.slice(0, part.indexOf('：')))!)
    .sort();
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index]!;
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        cell += '"';
        index++;
      } else if (character === '"') quoted = false;
      else cell += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      row.push(cell);
      cell = '';
    } else if (character === '\n') {
      row.push(cell.replace(/\r$/, ''));
      rows.push(row);
      row = [];
      cell = '';
    } else cell += character;
  }
  return rows;
}

async function exportFile(viewer: Viewer, format: 'xlsx' | 'csv') {
  const response = await consoleCall(
    app,
    viewer.session,
    'GET',
    `/shared-records/export?format=${format}&purpose=${encodeURIComponent('共享测试')}`,
  );
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
  return response.rawPayload;
}

/**
 * A credit check of every code (console or exchange API) as seen records; its standing and verdict must rest on the
 * records it shows: the highest level of the visible 不良 records, 未发现 when none is visible (nothing else reveals
 * an unshared record).
 */
async function checkChannel(
  viewer: Viewer,
  context: ChannelContext,
  post: (body: object) => Promise<{ statusCode: number; body: string; json(): unknown }>,
): Promise<Seen> {
  const response = await post({
    purpose: 'government_procurement',
    matter: '共享测试核查',
    entities: creditCodes.map((creditCode) => ({ creditCode })),
  });
  expect(response.statusCode, response.body).toBe(200);
  const seen: Seen = new Map();
  for (const item of (response.json() as CheckResultDto).items) {
    for (const record of item.records) seen.set(record.id, []);
    const visibleBad = records.filter(
      (record) =>
        record.creditCode === item.creditCode && record.itemCode === 'penalty' && context.expected.has(record.id),
    );
    const level =
      DISHONESTY_LEVELS.filter((each) => visibleBad.some((record) => record.dishonestyLevel === each)).at(-1) ?? null;
    if (item.standing?.dishonestyLevel !== level)
      context.wrong.push(
        `${viewer.agency.name}: check of ${item.creditCode} shows level ${item.standing?.dishonestyLevel}, its visible records ${level}`,
      );
    if ((item.verdict === 'clear') !== (visibleBad.length === 0))
      context.wrong.push(
        `${viewer.agency.name}: check of ${item.creditCode} concludes ${item.verdict} on ${visibleBad.length} visible 不良 records`,
      );
  }
  return seen;
}

/**
 * The digest's lines back to records: a line names the entity's code, the item, the level and the provider, which
 * several records may share, so each line takes a record of its description the viewer may see and has not been
 * given yet, else any record of it (a leak), else it names none (reported too).
 */
function recordsOfDigest(viewer: Viewer, body: string, context: ChannelContext): Seen {
  const seen: Seen = new Map();
  for (const line of body.split('\n').filter((each) => each.startsWith('【'))) {
    const described = records.filter(
      (record) =>
        line.includes(`（${record.creditCode}）${itemNames.get(record.itemCode)}`) &&
        line.includes(`，${record.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[record.dishonestyLevel] : ''}，`) &&
        line.includes(`报送单位：${agencyNames.get(record.agencyId)}，`),
    );
    const record =
      described.find((each) => context.expected.has(each.id) && !seen.has(each.id)) ??
      described.find((each) => !seen.has(each.id));
    if (record) seen.set(record.id, []);
    else context.wrong.push(`watch-list digest: ${viewer.agency.name} reads a line of no record it may see: ${line}`);
  }
  return seen;
}

/** Every way records leave for another agency; add a row to walk a new one over the same settings. */
const CHANNELS: Channel[] = [
  {
    name: 'listVisibleRecords (credit checks, watch-lists)',
    ownRecords: true,
    read: async (viewer) =>
      fromDtos(
        await listVisibleRecords(
          database.db,
          { agencyId: Number(viewer.agency.id) },
          { creditCodes: [...new Set(records.map((record) => record.creditCode))] },
        ),
      ),
  },
  {
    name: 'console 共享查询',
    ownRecords: true,
    read: async (viewer) => {
      const seen: Seen = new Map();
      let before: number | null | undefined;
      do {
        const response = await consoleCall(
          app,
          viewer.session,
          'GET',
          `/shared-records?pageSize=7${before ? `&before=${before}` : ''}`,
        );
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json() as { items: RecordDto[]; next: number | null };
        for (const [id, keys] of fromDtos(page.items)) seen.set(id, keys);
        before = page.next;
      } while (before);
      return seen;
    },
  },
  {
    name: 'XLSX export',
    ownRecords: true,
    read: async (viewer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load((await exportFile(viewer, 'xlsx')) as unknown as ArrayBuffer);
      const rows = workbook.getWorksheet('共享信息')!.getSheetValues().slice(2, -1) as unknown[][];
      return new Map(rows.map((row) => [Number(row[1]), keysOfCell(String(row[2]), String(row[12] ?? ''))]));
    },
  },
  {
    name: 'CSV export',
    ownRecords: true,
    read: async (viewer) => {
      const rows = parseCsv((await exportFile(viewer, 'csv')).toString('utf8').replace(/^\uFEFF/, '')).slice(1, -1);
      return new Map(rows.map((row) => [Number(row[0]), keysOfCell(row[1]!, row[11]!)]));
    },
  },
  {
    name: 'exchange pull (change feed)',
    ownRecords: false,
    read: async (viewer) => {
      const seen: Seen = new Map();
      let cursor = '';
      for (;;) {
        const url = `/api/exchange/v1/records?limit=10${cursor ? `&since=${cursor}` : ''}`;
        const response = await exchangeGet(app, viewer.client, url);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json() as { items: RecordDto[]; cursor: string; hasMore: boolean };
        for (const [id, keys] of fromDtos(page.items)) seen.set(id, keys);
        cursor = page.cursor;
        if (!page.hasMore) return seen;
      }
    },
  },
  {
    name: 'exchange pull (record-id since)',
    ownRecords: false,
    read: async (viewer) => {
      const seen: Seen = new Map();
      let since = 0;
      for (;;) {
        const response = await exchangeGet(app, viewer.client, `/api/exchange/v1/records?limit=10&since=${since}`);
        expect(response.statusCode, response.body).toBe(200);
        const page = response.json() as { items: RecordDto[]; nextSince: number; hasMore: boolean };
        for (const [id, keys] of fromDtos(page.items)) seen.set(id, keys);
        since = page.nextSince;
        if (!page.hasMore) return seen;
      }
    },
  },
  {
    name: 'credit check (console)',
    ownRecords: true,
    fields: false,
    read: (viewer, context) =>
      checkChannel(viewer, context, (body) => consoleCall(app, viewer.session, 'POST', '/checks', body)),
  },
  {
    name: 'credit check (exchange API)',
    ownRecords: true,
    fields: false,
    read: (viewer, context) =>
      checkChannel(viewer, context, (body) => exchangePost(app, viewer.client, '/api/exchange/v1/checks', body)),
  },
  {
    name: 'watch-list alerts',
    ownRecords: true,
    fields: false,
    covers: (record) => record.itemCode === 'penalty',
    read: async (viewer) => {
      const response = await consoleCall(app, viewer.session, 'GET', '/watchlist-alerts?pageSize=100');
      expect(response.statusCode, response.body).toBe(200);
      const alerts = response.json().items as WatchlistAlertDto[];
      return new Map(alerts.map((alert) => [alert.recordId, []]));
    },
  },
  {
    name: 'watch-list daily digest',
    ownRecords: true,
    fields: false,
    covers: (record) => record.itemCode === 'penalty',
    read: async (viewer, context) => {
      const response = await consoleCall(app, viewer.session, 'GET', '/watchlist-digests');
      expect(response.statusCode, response.body).toBe(200);
      const digest = (response.json().items as { digestDate: string; body: string }[]).find(
        (each) => each.digestDate === digestDate,
      );
      return digest ? recordsOfDigest(viewer, digest.body, context) : new Map();
    },
  },
];

/**
 * The alerts and digests of a round: the change feed is read again from its start under the round's settings (the
 * alerts and digests of the previous round deleted), and the digest of {@link digestDate} is made.
 */
async function replayAlerts() {
  await sql`DELETE FROM watchlist_alerts`.execute(database.db);
  await sql`DELETE FROM watchlist_digests`.execute(database.db);
  await sql`UPDATE watchlist_feed_position SET txid = '0'::xid8, change_id = 0`.execute(database.db);
  const produced = await produceAlerts(database.db);
  expect(produced.changes).toBeGreaterThan(0);
  await sendDailyDigests(
    database.db,
    { mailer: undefined, dataKey: TEST_DATA_KEY, log: { error: () => undefined } },
    new Date(`${digestDate}T09:00:00+08:00`),
  );
}

async function addViewer(overrides: Parameters<typeof createAgency>[1]): Promise<Viewer> {
  const agency = await createAgency(database.db, overrides);
  const account = await createAccount(database.db, {
    agencyId: Number(agency.id),
    permissions: ['record.query', 'exchange.configure'],
  });
  const session = await openSession(database.db, account.id);
  const response = await consoleCall(app, session, 'POST', '/api-clients', { name: '共享测试系统' });
  expect(response.statusCode, response.body).toBe(200);
  const viewer = { agency, session, client: { keyId: response.json().client.keyId, secret: response.json().secret } };
  viewers.push(viewer);
  agencyNames.set(Number(agency.id), agency.name);
  return viewer;
}

let decisions = 0;
function honourRecord(creditCode: string, useScope: UseScope): RecordInputBody {
  decisions += 1;
  return {
    itemCode: 'honour',
    creditCode,
    entityName: '贵州测试科技有限公司',
    useScope,
    fields: {
      honourName: '诚信示范企业',
      decisionNumber: `黔府表〔2026〕${decisions}号`,
      awardedOn: '2026-10-01',
      authority: '贵州省人民政府',
      validTo: '2028-10-01',
    },
  };
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { DATA_DIR: `/tmp/gzcredit-sharing-${process.pid}` });
  const db = database.db;
  providers.push(
    await addViewer({ kind: 'market_regulation', regionCode: '520102', level: 'county', name: '南明区市场监管局' }),
    await addViewer({ kind: 'administrative', regionCode: '520302', level: 'county', name: '红花岗区某局' }),
  );
  await addViewer({ kind: 'judicial', regionCode: '520100', name: '贵阳市中级人民法院' });
  await addViewer({ kind: 'development_reform', regionCode: '520300', name: '遵义市发展改革委' });
  await addViewer({ kind: 'authorised', regionCode: '520100', name: '贵阳市某授权组织' });
  await addViewer({ kind: 'market_regulation', regionCode: '520000', level: 'province', name: '省市场监管局' });
  const bureau = viewers.at(-1)!;
  operator = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(bureau.agency.id), permissions: ['platform.operator'] })).id,
  );

  const catalogue = await getCurrentCatalogue(db);
  for (const itemCode of ITEMS) {
    const item = catalogue.items.find((each) => each.code === itemCode)!;
    fieldKeys.set(
      itemCode,
      item.fields.map((field) => field.key),
    );
    keysByLabel.set(item.name, new Map(item.fields.map((field) => [field.label, field.key])));
    itemNames.set(itemCode, item.name);
  }

  const random = generator(20261207);
  const codes = [(await createEnterprise(db)).creditCode, (await createEnterprise(db)).creditCode];
  // An entity whose one record is the first provider's 仅本部门 严重失信 penalty: no other agency's check may show it.
  const hiddenCode = (await createEnterprise(db)).creditCode;
  creditCodes = [...codes, hiddenCode];
  // Every viewer watches both entities before their records arrive (a list alerts about changes after it was made).
  for (const viewer of viewers) {
    const response = await consoleCall(app, viewer.session, 'POST', '/watchlists', {
      name: '共享测试监管名单',
      entities: creditCodes.map((creditCode) => ({ creditCode })),
    });
    expect(response.statusCode, response.body).toBe(200);
  }
  const context = await loadSubmissionContext(db, TEST_DATA_KEY);
  for (const provider of providers) {
    const inputs: RecordInputBody[] = [];
    for (const useScope of USE_SCOPES)
      for (let copy = 0; copy < 2; copy++) {
        const creditCode = random.pick(codes);
        const level = random.pick(['一般失信', '较重失信', '严重失信']);
        inputs.push(
          penaltyRecord(creditCode, {
            useScope,
            dishonestyLevel: level,
            ...(useScope === 'public' ? {} : { withholdingGround: '商业秘密' }),
          }),
          honourRecord(creditCode, useScope),
        );
      }
    if (provider === providers[0])
      inputs.push(
        penaltyRecord(hiddenCode, { useScope: 'internal', dishonestyLevel: '严重失信', withholdingGround: '商业秘密' }),
      );
    const result = await db
      .transaction()
      .execute((trx) =>
        submitRecords(
          trx,
          { agencyId: Number(provider.agency.id), agencyKind: provider.agency.kind, accountId: null, channel: 'api' },
          context,
          inputs,
        ),
      );
    expect(result.rejected, JSON.stringify(result.results.filter((each) => each.status !== 'accepted'))).toBe(0);
  }
  // Classified (涉密) records are never another agency's, whatever their scope and the settings.
  await sql`UPDATE records SET classified = true WHERE id IN (SELECT id FROM records ORDER BY id DESC LIMIT 3)`.execute(
    db,
  );
  const rows = await db
    .selectFrom('records as r')
    .innerJoin('catalogueItems as i', 'i.id', 'r.itemId')
    .select([
      'r.id',
      'r.agencyId',
      'i.code as itemCode',
      'r.useScope',
      'r.classified',
      'r.dishonestyLevel',
      'r.payload',
      'r.creditCode',
    ])
    .execute();
  records = rows.map((row) => ({
    id: Number(row.id),
    agencyId: Number(row.agencyId),
    itemCode: row.itemCode,
    useScope: row.useScope,
    classified: row.classified,
    dishonestyLevel: row.dishonestyLevel,
    creditCode: row.creditCode,
    payload: row.payload,
  }));
}, 120_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('sharing visibility, generated over the exchange settings', () => {
  for (let round = 0; round < ROUNDS; round++) {
    const seed = 1000 + round;
    it(`round ${round + 1} (seed ${seed}): every channel shows each viewer exactly what its providers shared with it`, async () => {
      const random = generator(seed);
      const generated = generateSettings(random);
      for (const provider of providers) {
        const catalogue = await getCurrentCatalogue(database.db);
        for (const itemCode of ITEMS) {
          const itemId = catalogue.items.find((item) => item.code === itemCode)!.id;
          const response = await consoleCall(
            app,
            provider.session,
            'PUT',
            `/exchange-settings/${itemId}`,
            generated.settings.get(`${provider.agency.id}:${itemCode}`)!,
          );
          expect(response.statusCode, response.body).toBe(200);
        }
      }
      const floor = await consoleCall(app, operator, 'PUT', '/exchange-floor', { rules: generated.floor });
      expect(floor.statusCode, floor.body).toBe(200);
      await replayAlerts();

      const wrong: string[] = [];
      for (const viewer of viewers) {
        const expected = new Map<number, string[]>();
        for (const record of records) {
          const fields = expectedFields(record, viewer.agency, generated);
          if (fields === null) continue;
          const keys = shownKeys(record.payload).filter((key) => fields === 'all' || fields.has(key));
          expected.set(record.id, keys);
          if (record.agencyId !== Number(viewer.agency.id)) coverage.othersSeen += 1;
          if (fields !== 'all') coverage.fieldsWithheld += 1;
          if (record.useScope === 'authorised' && record.agencyId !== Number(viewer.agency.id))
            coverage.authorisedSeen += 1;
        }
        for (const channel of CHANNELS) {
          const want = new Map<number, string[]>();
          for (const [id, keys] of expected) {
            const record = records.find((each) => each.id === id)!;
            if (!channel.ownRecords && record.agencyId === Number(viewer.agency.id)) continue;
            if (channel.covers && !channel.covers(record)) continue;
            want.set(id, channel.fields === false ? [] : keys);
          }
          const seen = await channel.read(viewer, { expected, wrong });
          for (const [id, keys] of seen)
            if (!want.has(id))
              wrong.push(`${channel.name}: ${viewer.agency.name} sees record ${id} not shared with it`);
            else if (JSON.stringify(keys) !== JSON.stringify(want.get(id)))
              wrong.push(
                `${channel.name}: ${viewer.agency.name} sees fields ${keys} of record ${id}, shared ${want.get(id)}`,
              );
          for (const id of want.keys())
            if (!seen.has(id)) wrong.push(`${channel.name}: ${viewer.agency.name} misses record ${id} shared with it`);
        }
      }
      expect(wrong).toEqual([]);
    }, 240_000);
  }

  it('is not vacuous: other agencies’ records were seen, authorised ones among them, and fields withheld', () => {
    expect(coverage.othersSeen).toBeGreaterThan(0);
    expect(coverage.authorisedSeen).toBeGreaterThan(0);
    expect(coverage.fieldsWithheld).toBeGreaterThan(0);
  });
});
