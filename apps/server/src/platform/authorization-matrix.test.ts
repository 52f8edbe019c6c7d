import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AuditAction } from '@gzcredit/contracts';
import { PERMISSIONS, type Permission } from '@gzcredit/domain';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../test/app';
import { createTestDatabase } from '../../test/database';
import {
  consoleHeaders,
  createAccount,
  createAgency,
  createEnterprise,
  openSession,
  signIn,
  type TestAccount,
  type TestAgency,
  type TestSession,
  uniqueCreditCode,
} from '../../test/factories';
import { penaltyFields } from '../../test/records';
import { recordAudit } from './audit';
import { type ConsoleRouteDeclaration, holdsPermission as holdsRoutePermission } from './console-routes';
import { sm4Encrypt } from './crypto';
import type { DatabaseHandle } from './database';
import { storeFile } from './files';

/**
 * The generated authorization matrix (SPEC §6, issue 3 item 7): every route registered through the console router ×
 * every role × an object of the caller's own agency, one of another agency inside its jurisdiction and one of another
 * prefecture. A route added tomorrow is walked without anyone listing it here; a route whose `:id` names an object type
 * this file cannot build fails the test.
 *
 * Own side: 贵阳市 (520100): every role's account belongs to 贵阳市市场监督管理局, and the own-side objects belong to it.
 * Jurisdiction side (issue 15 item 7): 贵阳市发展和改革委员会, another agency of 贵阳's level and region (Art. 19): an
 * `own` route answers 404 for its objects, a `jurisdiction` route reaches them.
 * Other side: 遵义市 (520300), outside 贵阳's jurisdiction (a sibling prefecture, not a lower level).
 */

type Side = 'own' | 'jurisdiction' | 'other';
/** Objects that belong to no agency (catalogue items and editions; a publicity setting is the caller's own) have no jurisdiction side. */
const AGENCYLESS_OBJECTS = new Set([
  'catalogue-edition',
  'catalogue-item',
  'publicity-item',
  'exchange-item',
  'check-purpose',
  'measure-edition',
  'measure',
  'sync-destination',
]);

interface Role {
  name: string;
  permissions: Permission[];
  /** Absent for the anonymous caller (no session at all). */
  account?: TestAccount;
  session?: TestSession;
}

interface Case {
  route: ConsoleRouteDeclaration;
  role: Role;
  side: Side | null;
  allowed: boolean;
  holdsPermission: boolean;
  status: number;
  code: string | undefined;
  requestId: string;
}

let database: DatabaseHandle;
let app: FastifyInstance;
let ownBureau: TestAgency;
let agencies: Awaited<ReturnType<typeof buildAgencies>>;
const roles: Role[] = [];
const objects = new Map<string, Partial<Record<Side, number | string>>>();
const cases: Case[] = [];

const ADMIN_ROLES: readonly Permission[] = ['account.admin', 'security.admin', 'audit.admin'];

async function buildAgencies() {
  const db = database.db;
  const province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  ownBureau = await createAgency(db, {
    name: '贵阳市市场监督管理局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  const ownLevelAgency = await createAgency(db, {
    name: '贵阳市发展和改革委员会',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'development_reform',
    parentId: ownBureau.id,
  });
  const lowerBureau = await createAgency(db, {
    name: '贵阳市南明区市场监督管理局',
    regionCode: '520102',
    level: 'county',
    kind: 'market_regulation',
    parentId: ownBureau.id,
  });
  const otherBureau = await createAgency(db, {
    name: '遵义市市场监督管理局',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'market_regulation',
    parentId: province.id,
  });
  const otherAgency = await createAgency(db, {
    name: '遵义市发展和改革委员会',
    regionCode: '520300',
    level: 'prefecture',
    kind: 'development_reform',
    parentId: otherBureau.id,
  });
  return { province, own: ownBureau, ownLevelAgency, lowerBureau, otherBureau, otherAgency };
}

async function createFiling(agencyId: number, bureauId: number): Promise<number> {
  const db = database.db;
  const filing = await db
    .insertInto('managerFilings')
    .values({ agencyId, bureauId, status: 'submitted' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const manager = await db
    .insertInto('managers')
    .values({
      agencyId,
      name: '王五',
      post: '信用科科长',
      mobileCipher: sm4Encrypt(TEST_DATA_KEY, '13800000000'),
      mobileMasked: '138****0000',
      idCardCipher: sm4Encrypt(TEST_DATA_KEY, '11010519491231002X'),
      idCardMasked: '1101**********002X',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('managerFilingEntries').values({ filingId: filing.id, managerId: manager.id }).execute();
  return Number(filing.id);
}

const MATRIX_DATA_DIR = `/tmp/gzcredit-matrix-${process.pid}`;

/** Builds one object of a type on a side (its id, or its number for a credit check); every object type a console route declares must be known here. */
type ObjectBuilder = (side: Side) => Promise<number | string>;
const builders = new Map<string, ObjectBuilder>();

function defineObjectBuilders(agencies: Awaited<ReturnType<typeof buildAgencies>>) {
  const db = database.db;
  const bureauOf = (side: Side) =>
    Number({ own: agencies.own, jurisdiction: agencies.ownLevelAgency, other: agencies.otherBureau }[side].id);
  const targetAccount = async (side: Side) => (await createAccount(db, { agencyId: bureauOf(side) })).id;
  builders.set('agency', async (side) => bureauOf(side));
  builders.set('account', targetAccount);
  builders.set('filing', (side) =>
    side === 'other'
      ? createFiling(Number(agencies.otherAgency.id), bureauOf('other'))
      : createFiling(bureauOf(side), bureauOf('own')),
  );
  const agencyOf = (side: Side) =>
    Number({ own: agencies.own, jurisdiction: agencies.ownLevelAgency, other: agencies.otherAgency }[side].id);
  const authorOf = async (side: Side) => (await createAccount(db, { agencyId: agencyOf(side) })).id;
  builders.set('file', async (side) => {
    const stored = await storeFile(MATRIX_DATA_DIR, {
      content: Buffer.from(`%PDF-1.4\n${side}\n%%EOF\n`),
      name: '附件.pdf',
      allowed: ['pdf'],
      maxBytes: 1024,
    });
    const row = await db
      .insertInto('files')
      .values({ ...stored, agencyId: agencyOf(side), uploadedBy: await authorOf(side) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  builders.set('column', async (side) => {
    const row = await db
      .insertInto('columns')
      .values({
        name: `${side}专栏`,
        purpose: '测试',
        kind: 'special',
        status: 'requested',
        ownerAgencyId: agencyOf(side),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  builders.set('article', async (side) => {
    const row = await db
      .insertInto('articles')
      .values({
        columnId: 3,
        agencyId: agencyOf(side),
        title: `${side}单位的信息`,
        bodyHtml: '<p>正文</p>',
        status: 'published',
        publishedAt: new Date(),
        authorId: await authorOf(side),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  builders.set('fault', async (side) => {
    const row = await db
      .insertInto('faultTickets')
      .values({
        agencyId: agencyOf(side),
        reporterId: await authorOf(side),
        title: '页面无响应',
        description: '点击后无响应',
        location: '数据上传',
        occurredAt: new Date(),
        severity: 'medium',
        status: 'open',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  builders.set('reset-request', async (side) => {
    // An agency of the jurisdiction asks its same-level bureau (Art. 21).
    const bureauId = bureauOf(side === 'jurisdiction' ? 'own' : side);
    const row = await db
      .insertInto('passwordResetRequests')
      .values({ accountId: await targetAccount(side), bureauId, reason: '忘记密码', ip: '127.0.0.1' })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // The seeded destinations belong to the platform, not to an agency (there is no other side's destination to build).
  builders.set('sync-destination', async (side) => (side === 'own' ? 2 : 3));
  let apiClientSerial = 0;
  builders.set('api-client', async (side) => {
    apiClientSerial += 1;
    const row = await db
      .insertInto('apiClients')
      .values({
        agencyId: agencyOf(side),
        name: `${side}接入系统`,
        keyId: `gz_matrix_${side}_${apiClientSerial}`,
        secretCipher: sm4Encrypt(TEST_DATA_KEY, 'matrix-secret'),
        createdBy: await authorOf(side),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // Records and catalogue editions are built with SQL (platform/ does not import modules/): a 行政处罚 record of the
  // side's market-regulation bureau, in the current edition, waiting in the matching queue.
  const currentItemId = async (code: string) => {
    const row = await db
      .selectFrom('catalogueItems as i')
      .innerJoin('catalogueEditions as e', 'e.id', 'i.editionId')
      .select('i.id')
      .where('e.status', '=', 'current')
      .where('i.code', '=', code)
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  // A stored credit check of the side's agency (Art. 17), numbered as the service numbers them.
  let checkSerial = 0;
  builders.set('credit-check', async (side) => {
    checkSerial += 1;
    const checkNo = `GZHC20261207MATRX${String(checkSerial).padStart(5, '0')}`;
    const content = {
      checkNo,
      checkedAt: new Date().toISOString(),
      agencyName: '测试机关',
      purpose: { code: 'other', name: '其他' },
      matter: '授权矩阵',
      consortium: false,
      consortiumVerdict: null,
      measureEditions: [],
      items: [],
    };
    await db
      .insertInto('creditChecks')
      .values({
        checkNo,
        agencyId: agencyOf(side),
        accountId: await authorOf(side),
        apiClientId: null,
        purposeCode: 'other',
        matter: '授权矩阵',
        consortium: false,
        entityCount: 1,
        measureEditions: '[]',
        checkedAt: new Date(),
        digest: 'a'.repeat(64),
        content: JSON.stringify(content),
      })
      .execute();
    return checkNo;
  });
  builders.set('record', async (side) => {
    const agencyId = bureauOf(side);
    const itemId = await currentItemId('penalty');
    const batch = await db
      .insertInto('exchangeBatches')
      .values({ agencyId, channel: 'api', accountId: null, itemId, received: 1, accepted: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('records')
      .values({
        itemId,
        agencyId,
        creditCode: uniqueCreditCode(),
        entityName: `${side === 'own' ? '贵阳' : '遵义'}矩阵测试有限公司`,
        payload: JSON.stringify(penaltyFields({ decisionNumber: '筑市监罚〔2026〕001号', decisionDate: '2026-03-02' })),
        aroseOn: '2026-03-02',
        dueOn: '2026-03-30',
        dishonestyLevel: 'general',
        useScope: 'public',
        publicityUntil: '2027-03-02',
        contentHash: `matrix-${side}-${batch.id}`,
        channel: 'api',
        batchId: Number(batch.id),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // A 信用修复 application about the side's bureau's record, accepted by the platform (so the agency's decision and
  // extension succeed with the example bodies; the bureau's acceptance is refused as a conflict), with one evidence file.
  let repairSerial = 0;
  builders.set('repair', async (side) => {
    repairSerial += 1;
    const recordId = Number(await builders.get('record')!(side));
    const record = await db
      .selectFrom('records')
      .select(['creditCode', 'entityName', 'agencyId'])
      .where('id', '=', recordId)
      .executeTakeFirstOrThrow();
    const enterprise = await db
      .insertInto('enterprises')
      .values({
        creditCode: record.creditCode,
        name: record.entityName,
        kind: 'enterprise',
        status: 'active',
        regionCode: '520102',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const repair = await db
      .insertInto('repairs')
      .values({
        repairNo: `XF20261207MATRIX${String(repairSerial).padStart(4, '0')}`,
        recordId,
        enterpriseId: Number(enterprise.id),
        creditCode: record.creditCode,
        entityName: record.entityName,
        agencyId: Number(record.agencyId),
        itemCode: 'penalty',
        itemName: '行政处罚信息',
        dishonestyLevel: 'general',
        aroseOn: '2026-03-02',
        applicantMethod: 'sms',
        applicantKey: 'sms:张法人',
        applicantName: '张法人',
        correction: '已缴纳罚款',
        commitmentText: '信用修复承诺书',
        commitmentSignedBy: '张法人',
        status: 'accepted',
        acceptDueOn: '2026-12-10',
        acceptedAt: new Date(),
        decideDueOn: '2026-12-24',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const stored = await storeFile(MATRIX_DATA_DIR, {
      content: Buffer.from(`%PDF-1.4\nrepair ${side}\n%%EOF\n`),
      name: '缴款凭证.pdf',
      allowed: ['pdf'],
      maxBytes: 1024,
    });
    await db
      .insertInto('repairFiles')
      .values({ ...stored, repairId: Number(repair.id) })
      .execute();
    return Number(repair.id);
  });
  // An objection to a record of the side's bureau, pending (its extension and an upheld decision succeed).
  builders.set('objection', async (side) => {
    const recordId = await builders.get('record')!(side);
    const entity = await createEnterprise(db);
    const enterprise = await db
      .selectFrom('enterprises')
      .select('id')
      .where('creditCode', '=', entity.creditCode)
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('objections')
      .values({
        objectionNo: `YY20261201${randomBytes(5).toString('hex').toUpperCase()}`,
        recordId: Number(recordId),
        rootRecordId: Number(recordId),
        enterpriseId: Number(enterprise.id),
        agencyId: bureauOf(side),
        applicantMethod: 'sms',
        applicantRole: 'legal_representative',
        applicantName: '李四',
        applicantKey: 'sms:李四',
        contactName: '李四',
        contactPhoneCipher: sm4Encrypt(TEST_DATA_KEY, '13912345678'),
        contactPhoneMasked: '139****5678',
        reasons: '处罚信息所载事实与实际不符',
        filedOn: '2026-12-01',
        dueOn: '2026-12-08',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // An 经营异常名录 listing in force (its removal succeeds), and a 不公示事项: the side's bureau withholds 行政处罚 on a ground.
  builders.set('listing', async (side) => {
    const agencyId = bureauOf(side);
    const itemId = await currentItemId('abnormal_list');
    const batch = await db
      .insertInto('exchangeBatches')
      .values({ agencyId, channel: 'api', accountId: null, itemId, received: 1, accepted: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payload = {
      reason: '未按照规定报送年度报告',
      decisionNumber: `黔市监异〔2026〕${batch.id}号`,
      listedOn: '2026-03-02',
    };
    const row = await db
      .insertInto('records')
      .values({
        itemId,
        agencyId,
        creditCode: uniqueCreditCode(),
        entityName: `${side === 'own' ? '贵阳' : '遵义'}矩阵名录测试有限公司`,
        payload: JSON.stringify({ ...payload, authority: '贵阳市市场监督管理局' }),
        aroseOn: '2026-03-02',
        dueOn: '2026-03-30',
        dishonestyLevel: 'general',
        useScope: 'public',
        publicityUntil: null,
        contentHash: `matrix-listing-${side}-${batch.id}`,
        channel: 'api',
        batchId: Number(batch.id),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  builders.set('publicity-withholding', async (side) => {
    const row = await db
      .insertInto('publicityWithholdings')
      .values({ agencyId: bureauOf(side), itemId: await currentItemId('penalty'), ground: '商业秘密', createdBy: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // A fresh draft edition (a copy of the current one's items) per call, so that adding and publishing succeed.
  let editionSerial = 0;
  const draftEdition = async (side: Side) => {
    editionSerial += 1;
    const edition = await db
      .insertInto('catalogueEditions')
      .values({
        code: `矩阵${side}${editionSerial}`,
        name: `矩阵测试征集目录${editionSerial}`,
        publishedOn: '2026-12-01',
        status: 'draft',
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await sql`
      INSERT INTO catalogue_items (edition_id, code, name, category, provider_kinds, fields, arose_field,
        default_use_scope, publicity, requires_level, role, sort_order)
      SELECT ${edition.id}, i.code, i.name, i.category, i.provider_kinds, i.fields, i.arose_field, i.default_use_scope,
        i.publicity, i.requires_level, i.role, i.sort_order
      FROM catalogue_items i JOIN catalogue_editions e ON e.id = i.edition_id
      WHERE e.status = 'current'`.execute(db);
    return Number(edition.id);
  };
  builders.set('catalogue-edition', draftEdition);
  // The 荣誉表彰 item of a fresh draft: the route's example body is that item's definition with a new name.
  builders.set('catalogue-item', async (side) => {
    const editionId = await draftEdition(side);
    const row = await db
      .selectFrom('catalogueItems')
      .select('id')
      .where('editionId', '=', editionId)
      .where('code', '=', 'honour')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // 核查事项 and 失信惩戒措施 belong to no agency. A purpose per call; a measure edition is a fresh draft per call (one
  // draft per list: the previous draft of the list is closed first), the provincial list for editions and the
  // national list for the measures, so that adding, editing, deleting and publishing succeed.
  let purposeSerial = 0;
  builders.set('check-purpose', async (side) => {
    purposeSerial += 1;
    const row = await db
      .insertInto('checkPurposes')
      .values({ code: `matrix_${side}_${purposeSerial}`, name: `矩阵测试事项${purposeSerial}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  let measureEditionSerial = 0;
  const measureDraft = async (list: 'national' | 'provincial') => {
    measureEditionSerial += 1;
    await db
      .updateTable('measureEditions')
      .set({ status: 'superseded', publishedAt: new Date() })
      .where('list', '=', list)
      .where('status', '=', 'draft')
      .execute();
    const row = await db
      .insertInto('measureEditions')
      .values({ list, label: `矩阵测试版本${measureEditionSerial}`, status: 'draft', basedOnId: null, createdBy: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  builders.set('measure-edition', () => measureDraft('provincial'));
  builders.set('measure', async () => {
    const row = await db
      .insertInto('measures')
      .values({
        editionId: await measureDraft('national'),
        code: 'MATRIX-01',
        name: '加强日常监管',
        measureClass: 2,
        targetLevels: ['general'],
        implementingBody: '监管部门',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
  // A publicity setting is always the caller's own agency's: the own side is a current item a market-regulation bureau
  // provides, the other side one only other kinds of agency provide (失信被执行人: courts), which it cannot set.
  builders.set('publicity-item', (side) => currentItemId(side === 'own' ? 'penalty' : 'judgment_defaulter'));
  // An exchange setting likewise (Art. 22(四)).
  builders.set('exchange-item', (side) => currentItemId(side === 'own' ? 'penalty' : 'judgment_defaulter'));
  // A finished upload with one rejected row, so that its error report can be downloaded.
  builders.set('upload', async (side) => {
    const agencyId = agencyOf(side);
    const accountId = await authorOf(side);
    const itemId = await currentItemId('penalty');
    const sha256 = `${side}${Date.now()}${Math.random()}`.padEnd(64, '0').slice(0, 64);
    const file = await db
      .insertInto('files')
      .values({
        sha256,
        kind: 'csv',
        mediaType: 'text/csv',
        size: 10,
        originalName: '处罚.csv',
        storageKey: `${sha256.slice(0, 2)}/${sha256}`,
        agencyId,
        uploadedBy: accountId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const batch = await db
      .insertInto('exchangeBatches')
      .values({ agencyId, channel: 'upload', accountId, itemId, received: 1, rejected: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('uploads')
      .values({
        agencyId,
        accountId,
        itemId,
        fileId: Number(file.id),
        sha256,
        status: 'done',
        totalRows: 1,
        rowsDone: 1,
        rejected: 1,
        batchId: Number(batch.id),
        finishedAt: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('uploadErrors')
      .values({ uploadId: row.id, rowNumber: 2, cells: JSON.stringify(['X']), message: '统一社会信用代码：不能为空' })
      .execute();
    return Number(row.id);
  });
  // A watch-list of the side's agency (Art. 17 第二款), and an alert of one about a record change.
  let watchlistSerial = 0;
  const watchlistOf = async (side: Side) => {
    watchlistSerial += 1;
    const row = await db
      .insertInto('watchlists')
      .values({
        agencyId: agencyOf(side),
        name: `${side}监管名单${watchlistSerial}`,
        description: null,
        createdBy: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  };
  builders.set('watchlist', watchlistOf);
  builders.set('watchlist-alert', async (side) => {
    const recordId = Number(await builders.get('record')!(side));
    const change = await db
      .insertInto('recordChanges')
      .values({ recordId, kind: 'created' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await db
      .insertInto('watchlistAlerts')
      .values({
        agencyId: agencyOf(side),
        watchlistId: await watchlistOf(side),
        changeId: Number(change.id),
        recordId,
        kind: 'bad_record',
        dishonestyLevel: 'general',
        previousLevel: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  });
}

function sidesOf(objectType: string): Side[] {
  return AGENCYLESS_OBJECTS.has(objectType) ? ['own', 'other'] : ['own', 'jurisdiction', 'other'];
}

async function buildObjects() {
  for (const [objectType, build] of builders) {
    const built: Partial<Record<Side, number | string>> = {};
    for (const side of sidesOf(objectType)) built[side] = await build(side);
    objects.set(objectType, built);
  }
}

/** Puts a role's account back as the fixture made it (a matrix call may have signed it out or reset its factor). */
async function restoreRole(role: Role): Promise<void> {
  const account = role.account!;
  const isAdministrator = role.permissions.some((p) => ADMIN_ROLES.includes(p));
  await sql`
    UPDATE accounts SET must_change_password = false, disabled_at = NULL,
      totp_enabled_at = CASE WHEN ${isAdministrator} THEN coalesce(totp_enabled_at, now()) ELSE totp_enabled_at END
    WHERE id = ${account.id}`.execute(database.db);
  await database.db.deleteFrom('accountPermissions').where('accountId', '=', account.id).execute();
  if (role.permissions.length > 0) {
    await database.db
      .insertInto('accountPermissions')
      .values(role.permissions.map((permission) => ({ accountId: account.id, permission })))
      .execute();
  }
  role.session = await openSession(database.db, account.id);
}

function hasObject(route: ConsoleRouteDeclaration): boolean {
  return /:[A-Za-z]+/.test(route.url);
}

async function send(route: ConsoleRouteDeclaration, role: Role, side: Side | null) {
  const objectId = side && route.objectType ? objects.get(route.objectType)?.[side] : undefined;
  const url = route.url.replace(/:[A-Za-z]+/g, String(objectId));
  return app.inject({
    method: route.method,
    url,
    headers: role.session ? consoleHeaders(role.session) : {},
    ...(route.method !== 'GET' && route.exampleBody !== undefined ? { payload: route.exampleBody as object } : {}),
  });
}

const SETUP_GATES = new Set([
  'UNAUTHENTICATED',
  'SESSION_EXPIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'TOTP_ENROLMENT_REQUIRED',
]);

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { SIGN_IN_RATE_LIMIT_PER_MINUTE: '10000', DATA_DIR: MATRIX_DATA_DIR });
  agencies = await buildAgencies();
  defineObjectBuilders(agencies);
  await buildObjects();

  const roleDefinitions: Array<[string, Permission[]]> = [
    ...PERMISSIONS.map((permission): [string, Permission[]] => [permission, [permission]]),
    ['no-permission', []],
  ];
  for (const [name, permissions] of roleDefinitions) {
    const account = await createAccount(database.db, {
      agencyId: Number(agencies.own.id),
      permissions,
      username: `role.${name.replace(/[^a-z]/g, '-')}`,
    });
    const { me: _me, ...session } = await signIn(app, account);
    roles.push({ name, permissions, account, session });
  }
  roles.push({ name: 'anonymous', permissions: [] });

  const routes = [...app.consoleRoutes].sort(
    // Sign-out last within each role's pass is not needed: a lost session is reopened and the call repeated.
    (a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method),
  );
  for (const route of routes) {
    if (hasObject(route) && (!route.objectType || !builders.has(route.objectType))) continue;
    const sides: Array<Side | null> = hasObject(route) ? sidesOf(route.objectType!) : [null];
    // Fresh own-side and jurisdiction-side objects per route, so that e.g. returning a filing is not refused only
    // because an earlier route accepted it. The other side's objects stay: only an unexpected success could have
    // changed them.
    if (route.objectType && hasObject(route)) {
      const build = builders.get(route.objectType)!;
      const fresh: Partial<Record<Side, number | string>> = { ...objects.get(route.objectType)! };
      for (const side of sidesOf(route.objectType)) if (side !== 'other') fresh[side] = await build(side);
      objects.set(route.objectType, fresh);
    }
    for (const role of roles) {
      for (const side of sides) {
        const holdsPermission = role.account !== undefined && holdsRoutePermission(route, new Set(role.permissions));
        const inScope =
          route.scope === 'all' ||
          side === null ||
          side === 'own' ||
          (side === 'jurisdiction' && route.scope === 'jurisdiction');
        let response = await send(route, role, side);
        const code = () => (response.statusCode >= 400 ? (response.json().error?.code as string) : undefined);
        if (role.account && SETUP_GATES.has(code() ?? '')) {
          // An earlier call signed this role out or reset its second factor: restore it and ask again.
          await restoreRole(role);
          response = await send(route, role, side);
        }
        cases.push({
          route,
          role,
          side,
          allowed: holdsPermission && inScope,
          holdsPermission,
          status: response.statusCode,
          code: code(),
          requestId: String(response.headers['x-request-id']),
        });
      }
    }
  }
  const successes = cases.filter((c) => c.status < 300).length;
  const unexpected = cases.filter((c) => c.status < 300 && !c.allowed);
  console.log(
    `authorization matrix: ${routes.length} console routes × ${roles.length} roles → ${cases.length} route × role × scope cases; ` +
      `${successes} successes, ${unexpected.length} unexpected successes`,
  );
}, 600_000);

afterAll(async () => {
  await app?.close();
  await database?.close();
  await rm(MATRIX_DATA_DIR, { recursive: true, force: true });
});

const describeCase = (c: Case) =>
  `${c.route.method} ${c.route.url} as ${c.role.name}${c.side ? ` on ${c.side} object` : ''} → ${c.status} ${c.code ?? ''}`;

describe('authorization matrix', () => {
  it('knows how to build an own and an other object for every object type a route declares', () => {
    const unknown = app.consoleRoutes
      .filter((route) => hasObject(route) && (!route.objectType || !builders.has(route.objectType)))
      .map((route) => `${route.method} ${route.url} (objectType ${route.objectType ?? 'missing'})`);
    expect(unknown, 'add these object types to defineObjectBuilders()').toEqual([]);
  });

  it('walks every registered console route, role and scope', () => {
    const routes = new Set(cases.map((c) => `${c.route.method} ${c.route.url}`));
    expect(routes.size).toBe(app.consoleRoutes.length);
    expect(routes).toContain('GET /api/console/audit');
    expect(roles).toHaveLength(PERMISSIONS.length + 2);
  });

  it('lets no call succeed that the declared permission and scope do not allow', () => {
    const unexpected = cases.filter((c) => c.status < 300 && !c.allowed).map(describeCase);
    expect(unexpected).toEqual([]);
  });

  it('refuses a caller without the permission with 403 and one without a session with 401', () => {
    const wrong = cases
      .filter((c) => !c.holdsPermission)
      .filter((c) => (c.role.account ? c.code !== 'FORBIDDEN' : c.code !== 'UNAUTHENTICATED'))
      .map(describeCase);
    expect(wrong).toEqual([]);
  });

  it('lets the allowed roles through the permission check (the matrix is not vacuous)', async () => {
    // A handler may still refuse with FORBIDDEN for a business reason (out of jurisdiction: a `failure` row); the
    // permission check itself writes a `denied` row, and must never do so for a role that holds the permission.
    const allowed = cases.filter((c) => c.allowed && c.code === 'FORBIDDEN');
    const denied = await database.db
      .selectFrom('auditLog')
      .select('requestId')
      .where('result', '=', 'denied')
      .where('requestId', 'in', allowed.length > 0 ? allowed.map((c) => c.requestId) : ['none'])
      .execute();
    const deniedIds = new Set(denied.map((row) => row.requestId));
    expect(allowed.filter((c) => deniedIds.has(c.requestId)).map(describeCase)).toEqual([]);
    expect(cases.filter((c) => c.allowed && c.status < 300).length).toBeGreaterThan(roles.length);
  });

  it("answers an object of another agency of the jurisdiction as the route's declared scope says", () => {
    const jurisdictionSide = cases.filter((c) => c.side === 'jurisdiction' && c.holdsPermission);
    // An `own` route: the object does not exist for the caller, whatever permission it holds.
    const reachedOwn = jurisdictionSide
      .filter((c) => (c.route.scope === 'own' || c.route.scope === 'self') && c.status !== 404)
      .map(describeCase);
    expect(reachedOwn).toEqual([]);
    // A `jurisdiction` route reaches it, for the roles the route gives the jurisdiction to (an administrator; a route
    // open to every account shows the others their own agency's objects only).
    const reached = new Set(
      jurisdictionSide.filter((c) => c.status < 300).map((c) => `${c.route.method} ${c.route.url}`),
    );
    const jurisdictionRoutes = app.consoleRoutes
      .filter((route) => route.scope === 'jurisdiction' && hasObject(route))
      .map((route) => `${route.method} ${route.url}`);
    expect(jurisdictionRoutes.length).toBeGreaterThan(0);
    expect(jurisdictionRoutes.filter((route) => !reached.has(route))).toEqual([]);
  });

  it('declares an audit action for every console mutation', () => {
    const silent = app.consoleRoutes.filter((route) => route.method !== 'GET' && !route.audit);
    expect(silent.map((route) => `${route.method} ${route.url}`)).toEqual([]);
  });

  it('answers every call with a status, and an error code, that its OpenAPI operation declares (issue 17 item 5)', async () => {
    const document: {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    } = (await app.inject('/api/docs/json')).json();
    const undeclared = cases
      .filter((c) => {
        const path = c.route.url.replace(/:([A-Za-z]+)/g, '{$1}');
        const response = document.paths[path]?.[c.route.method.toLowerCase()]?.responses[String(c.status)];
        // An error status's description lists the Chinese message and code of each error it stands for.
        return !response || (c.code !== undefined && !response.description.includes(`（${c.code}）`));
      })
      .map(describeCase);
    expect(cases.length).toBeGreaterThan(app.consoleRoutes.length);
    expect(undeclared).toEqual([]);
  });

  it('leaves a denied audit row for every call refused for want of permission', async () => {
    const refused = cases.filter((c) => c.role.account && !c.holdsPermission);
    const rows = await database.db
      .selectFrom('auditLog')
      .select(['requestId', 'result', 'accountId', 'action'])
      .where(
        'requestId',
        'in',
        refused.map((c) => c.requestId),
      )
      .execute();
    const byRequest = new Map(rows.map((row) => [row.requestId, row]));
    const missing = refused
      .filter((c) => {
        const row = byRequest.get(c.requestId);
        return !(
          row &&
          row.result === 'denied' &&
          Number(row.accountId) === c.role.account!.id &&
          (!c.route.audit || row.action === c.route.audit)
        );
      })
      .map(describeCase);
    expect(refused.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it('leaves a failure or denied audit row for every audited call aimed at an object out of its scope', async () => {
    const outOfScope = cases.filter(
      (c) => c.holdsPermission && c.side !== null && c.side !== 'own' && c.route.audit && !c.allowed,
    );
    const rows = await database.db
      .selectFrom('auditLog')
      .select(['requestId', 'result'])
      .where('requestId', 'in', outOfScope.length > 0 ? outOfScope.map((c) => c.requestId) : ['none'])
      .execute();
    const results = new Map(rows.map((row) => [row.requestId, row.result]));
    const missing = outOfScope
      .filter((c) => c.code !== 'VALIDATION_FAILED')
      .filter((c) => !['failure', 'denied'].includes(results.get(c.requestId) ?? ''))
      .map(describeCase);
    expect(missing).toEqual([]);
  });

  it('writes a complete audit row for every console mutation an allowed role makes', async () => {
    const mutations = cases.filter(
      (c) => c.allowed && c.route.method !== 'GET' && c.code !== 'VALIDATION_FAILED' && c.status !== 429,
    );
    const rows = await database.db
      .selectFrom('auditLog')
      .selectAll()
      .where(
        'requestId',
        'in',
        mutations.map((c) => c.requestId),
      )
      .execute();
    const byRequest = new Map(rows.map((row) => [row.requestId, row]));
    const incomplete = mutations
      .filter((c) => {
        const row = byRequest.get(c.requestId);
        if (!row) return true;
        return !(
          row.action === c.route.audit &&
          row.result === (c.status < 300 ? 'success' : 'failure') &&
          Number(row.accountId) === c.role.account!.id &&
          row.username === c.role.account!.username &&
          Number(row.agencyId) === Number(ownBureau.id) &&
          row.ip === '127.0.0.1' &&
          row.occurredAt instanceof Date &&
          (!c.route.objectType || row.objectType !== null) &&
          (!hasObject(c.route) || row.objectId !== null)
        );
      })
      .map((c) => `${describeCase(c)}: ${JSON.stringify(byRequest.get(c.requestId) ?? null)}`);
    expect(incomplete).toEqual([]);
    // Every mutation route succeeded at least once in the walk, so its success row was checked too.
    const succeeded = new Set(mutations.filter((c) => c.status < 300).map((c) => `${c.route.method} ${c.route.url}`));
    const mutationRoutes = app.consoleRoutes.filter((route) => route.method !== 'GET');
    const neverSucceeded = mutationRoutes
      .map((route) => `${route.method} ${route.url}`)
      .filter((route) => !succeeded.has(route));
    console.log(
      `audit rows checked for ${mutations.length} allowed mutation calls; ` +
        `${succeeded.size} of ${mutationRoutes.length} mutation routes succeeded at least once ` +
        `(refused for business reasons with the example body: ${neverSucceeded.join(', ') || 'none'})`,
    );
  });
});

/** Reads of non-public data and the audit action each declares (issue 14 item 8). */
const AUDITED_READS: Record<string, string> = {
  'GET /api/console/records': 'record.listed',
  'GET /api/console/files/:id': 'file.downloaded',
  'GET /api/console/faults/:id': 'fault.viewed',
  'GET /api/console/articles/:id': 'article.viewed',
  'GET /api/console/uploads/:id': 'upload.viewed',
  'GET /api/console/shared-records': 'sharing.queried',
  'GET /api/console/checks/:checkNo': 'check.viewed',
  'GET /api/console/checks/:checkNo/report.pdf': 'check.printed',
  'GET /api/console/repairs/:id': 'repair.viewed',
  'GET /api/console/records/:id/repair-notice.pdf': 'repair.notice-downloaded',
};

describe('audit rows of reads of non-public data', () => {
  it("writes a success row for a read of the agency's own data and a failure row for a probe of another's", async () => {
    const routeKey = (route: ConsoleRouteDeclaration) => `${route.method} ${route.url}`;
    const declared = app.consoleRoutes.filter((route) => routeKey(route) in AUDITED_READS);
    expect(Object.fromEntries(declared.map((route) => [routeKey(route), route.audit]))).toEqual(AUDITED_READS);
    const reads = cases.filter((c) => routeKey(c.route) in AUDITED_READS && c.holdsPermission);
    const rows = await database.db
      .selectFrom('auditLog')
      .select(['requestId', 'action', 'result', 'details'])
      .where(
        'requestId',
        'in',
        reads.map((c) => c.requestId),
      )
      .execute();
    const byRequest = new Map(rows.map((row) => [row.requestId, row]));
    const wrong = reads
      .filter((c) => {
        const row = byRequest.get(c.requestId);
        const action = AUDITED_READS[routeKey(c.route)];
        // Another agency's object does not exist for the caller (404), and the probe is recorded with its code.
        if (c.side !== null && c.side !== 'own') {
          return !(
            c.status === 404 &&
            row?.action === action &&
            row.result === 'failure' &&
            (row.details as { code?: string }).code === c.code
          );
        }
        // A refusals-only read (an upload's progress, polled by the console) writes no row when it succeeds.
        if (c.route.auditReads === 'refusals') return !(c.status === 200 && row === undefined);
        return !(c.status === 200 && row?.action === action && row.result === 'success');
      })
      .map((c) => `${describeCase(c)}: ${JSON.stringify(byRequest.get(c.requestId) ?? null)}`);
    expect(reads.length).toBeGreaterThan(Object.keys(AUDITED_READS).length);
    expect(wrong).toEqual([]);
  });
});

/**
 * The jurisdiction column of the audit view (issue 14 item 6): the audit trail covers the whole platform, so an
 * auditor a prefecture bureau appoints reads only the rows of its jurisdiction (Art. 19), and the platform-wide view,
 * rows of no agency included, needs the provincial bureau's auditor.
 */
describe('audit view by jurisdiction', () => {
  it("shows a prefecture auditor its jurisdiction's rows only, and the provincial auditor every row", async () => {
    const db = database.db;
    const provinceAdministrator = await createAccount(db, {
      agencyId: Number(agencies.province.id),
      permissions: ['account.admin'],
    });
    const rowOwners = {
      'own-bureau': { agencyId: Number(agencies.own.id) },
      'own-level-agency': { agencyId: Number(agencies.ownLevelAgency.id) },
      'lower-bureau': { agencyId: Number(agencies.lowerBureau.id) },
      'province-administrator': {
        accountId: provinceAdministrator.id,
        username: provinceAdministrator.username,
        agencyId: Number(agencies.province.id),
      },
      'other-prefecture': { agencyId: Number(agencies.otherBureau.id) },
      'other-prefecture-agency': { agencyId: Number(agencies.otherAgency.id) },
      'no-agency': { agencyId: null },
    };
    for (const [owner, entry] of Object.entries(rowOwners)) {
      // A marker no route writes, so the viewer's prefix filter finds exactly these rows.
      const action = `matrix-jurisdiction.${owner}` as AuditAction;
      await recordAudit(db, { ...entry, action, result: 'success' });
    }
    const prefectureAuditor = roles.find((role) => role.name === 'audit.admin')!;
    await restoreRole(prefectureAuditor);
    const provincialAuditor = await createAccount(db, {
      agencyId: Number(agencies.province.id),
      permissions: ['audit.admin'],
    });
    const visibleTo = async (session: TestSession) => {
      const response = await app.inject({
        url: '/api/console/audit?action=matrix-jurisdiction.&pageSize=100',
        headers: consoleHeaders(session),
      });
      expect(response.statusCode).toBe(200);
      const items = response.json().items as Array<{ action: string }>;
      return items.map((row) => row.action.replace('matrix-jurisdiction.', '')).sort();
    };
    expect(await visibleTo(prefectureAuditor.session!)).toEqual(['lower-bureau', 'own-bureau', 'own-level-agency']);
    expect(await visibleTo(await openSession(db, provincialAuditor.id))).toEqual(Object.keys(rowOwners).sort());
  });
});
