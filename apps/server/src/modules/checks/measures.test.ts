import type {
  CheckPurposeDto,
  MeasureBody,
  MeasureDto,
  MeasureEditionDetailDto,
  MeasureEditionDto,
} from '@gzcredit/contracts';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app';
import { consoleCall } from '../../../test/console';
import { createTestDatabase } from '../../../test/database';
import { createAccount, createAgency, openSession, type TestSession } from '../../../test/factories';
import type { DatabaseHandle } from '../../platform/database';
import {
  findCheckPurpose,
  findMeasureEditionsInForce,
  listApplicableMeasures,
  listCheckPurposes,
  seedMeasures,
} from './index';

let database: DatabaseHandle;
let app: FastifyInstance;
let operator: TestSession;
let clerk: TestSession;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';
const call = (session: TestSession, method: Method, url: string, payload?: object) =>
  consoleCall(app, session, method, url, payload);

async function ok<T>(session: TestSession, method: Method, url: string, payload?: object): Promise<T> {
  const response = await call(session, method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(200);
  return response.json() as T;
}

async function refused(session: TestSession, method: Method, url: string, payload: object | undefined, status: number) {
  const response = await call(session, method, url, payload);
  expect(response.statusCode, `${method} ${url}: ${response.body}`).toBe(status);
  return response.json().error as { code: string; message: string; details?: unknown };
}

const procurementBan: MeasureBody = {
  code: 'GZ1-01',
  name: '限制参加省级政府采购活动',
  measureClass: 1,
  targetListings: ['abnormal_list'],
  targetLevels: [],
  legalBasis: '《测试条例》第一条',
  implementingBody: '省财政厅',
  purposes: ['government_procurement'],
  source: '测试',
  note: '',
  confirmed: false,
};

async function editions(): Promise<MeasureEditionDto[]> {
  return (await ok<{ items: MeasureEditionDto[] }>(clerk, 'GET', '/measure-editions')).items;
}

async function inForce(list: 'national' | 'provincial'): Promise<MeasureEditionDto> {
  return (await editions()).find((edition) => edition.list === list && edition.status === 'published')!;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database);
  const db = database.db;
  const province = await createAgency(db, {
    name: '贵州省市场监督管理局',
    regionCode: '520000',
    level: 'province',
    kind: 'market_regulation',
  });
  const guiyang = await createAgency(db, {
    name: '贵阳市财政局',
    regionCode: '520100',
    level: 'prefecture',
    kind: 'administrative',
    parentId: Number(province.id),
  });
  operator = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(province.id), permissions: ['platform.operator'] })).id,
  );
  clerk = await openSession(
    db,
    (await createAccount(db, { agencyId: Number(guiyang.id), permissions: ['record.query'] })).id,
  );
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

describe('check purposes', () => {
  it('seeds the ten purposes of issue 18 into every database, once', async () => {
    const purposes = await listCheckPurposes(database.db);
    expect(purposes.map((purpose) => purpose.name)).toEqual([
      '政府采购',
      '工程招标投标',
      '公共资源交易',
      '财政资金与补贴',
      '评优评先与荣誉',
      '行政许可与审批',
      '用地',
      '出口退(免)税',
      '政策优惠',
      '其他',
    ]);
    expect(purposes.every((purpose) => purpose.active)).toBe(true);
    expect(await seedMeasures(database.db)).toBe(false);
    expect(await listCheckPurposes(database.db)).toHaveLength(10);
  });

  it('lets the operator add, rename and deactivate a purpose while its code stays', async () => {
    const added = await ok<CheckPurposeDto>(operator, 'POST', '/check-purposes', {
      code: 'qualification',
      name: '资质评定',
    });
    expect(added).toMatchObject({ code: 'qualification', name: '资质评定', active: true });
    const renamed = await ok<CheckPurposeDto>(operator, 'PUT', `/check-purposes/${added.id}`, {
      name: '资质评定与升级',
      active: false,
    });
    expect(renamed).toEqual({ id: added.id, code: 'qualification', name: '资质评定与升级', active: false });
    expect(await findCheckPurpose(database.db, 'qualification')).toMatchObject({
      name: '资质评定与升级',
      active: false,
    });
    const listed = await ok<{ items: CheckPurposeDto[] }>(clerk, 'GET', '/check-purposes');
    expect(listed.items.at(-1)).toMatchObject({ code: 'qualification', active: false });
  });

  it('refuses a taken code or name, a bad code, an unknown purpose and a clerk', async () => {
    const taken = await refused(operator, 'POST', '/check-purposes', { code: 'land', name: '土地' }, 409);
    expect(taken.code).toBe('CHECK_PURPOSE_CODE_TAKEN');
    expect(taken.message).toContain('land');
    const bad = await refused(operator, 'POST', '/check-purposes', { code: '政府', name: '政府' }, 400);
    expect(bad.message).toContain('事项代码（code）');
    expect((await refused(operator, 'PUT', '/check-purposes/99999', { name: '某事项', active: true }, 404)).code).toBe(
      'CHECK_PURPOSE_NOT_FOUND',
    );
    expect((await refused(clerk, 'POST', '/check-purposes', { code: 'x_y', name: '某事项' }, 403)).code).toBe(
      'FORBIDDEN',
    );
    expect(await findCheckPurpose(database.db, 'x_y')).toBeUndefined();
  });
});

describe('measure editions', () => {
  it('seeds a national and a provincial edition in force, every measure cited and marked 待核实', async () => {
    const national = await inForce('national');
    const provincial = await inForce('provincial');
    expect(national.measureCount).toBeGreaterThan(5);
    expect(provincial.measureCount).toBeGreaterThan(0);
    for (const edition of [national, provincial]) {
      const detail = await ok<MeasureEditionDetailDto>(clerk, 'GET', `/measure-editions/${edition.id}`);
      for (const measure of detail.measures) {
        expect(measure.confirmed, measure.code).toBe(false);
        expect(measure.note, measure.code).toContain('待核实');
        expect(measure.source.length, measure.code).toBeGreaterThan(10);
        if (measure.measureClass === 1) expect(measure.legalBasis.length, measure.code).toBeGreaterThan(5);
      }
      expect(new Set(detail.measures.map((measure) => measure.measureClass)).size).toBeGreaterThan(0);
    }
    expect(await findMeasureEditionsInForce(database.db)).toEqual([
      { id: national.id, label: `全国失信惩戒措施基础清单（${national.label}）` },
      { id: provincial.id, label: `贵州省补充清单（${provincial.label}）` },
    ]);
  });

  it('edits a draft copied from the edition in force, publishes it and keeps the old edition readable and frozen', async () => {
    const before = await inForce('provincial');
    const beforeDetail = await ok<MeasureEditionDetailDto>(clerk, 'GET', `/measure-editions/${before.id}`);
    const draft = await ok<MeasureEditionDetailDto>(operator, 'POST', '/measure-editions', {
      list: 'provincial',
      label: '2027年版',
    });
    expect(draft.edition).toMatchObject({
      list: 'provincial',
      status: 'draft',
      basedOnId: before.id,
      publishedAt: null,
    });
    expect(draft.measures.map(({ id: _id, editionId: _editionId, ...rest }) => rest)).toEqual(
      beforeDetail.measures.map(({ id: _id, editionId: _editionId, ...rest }) => rest),
    );
    // One draft per list at a time.
    const second = await refused(operator, 'POST', '/measure-editions', { list: 'provincial', label: '又一版' }, 409);
    expect(second.message).toContain('已有一个草稿版本');

    const added = await ok<MeasureDto>(
      operator,
      'POST',
      `/measure-editions/${draft.edition.id}/measures`,
      procurementBan,
    );
    expect(added).toMatchObject({ ...procurementBan, editionId: draft.edition.id });
    const changed = await ok<MeasureDto>(operator, 'PUT', `/measures/${added.id}`, {
      ...procurementBan,
      purposes: ['government_procurement', 'public_resource_trading'],
    });
    expect(changed.purposes).toEqual(['government_procurement', 'public_resource_trading']);
    const inherited = draft.measures[0]!;
    await ok<MeasureDto>(operator, 'DELETE', `/measures/${inherited.id}`);
    expect((await refused(operator, 'DELETE', `/measures/${inherited.id}`, undefined, 404)).code).toBe(
      'MEASURE_NOT_FOUND',
    );

    // Not yet in force: the applicable measures come from the published edition only.
    const query = { purposeCode: 'public_resource_trading', levels: [], listingItemCodes: ['abnormal_list'] } as const;
    expect((await listApplicableMeasures(database.db, query)).map((m) => m.code)).not.toContain('GZ1-01');

    const published = await ok<MeasureEditionDetailDto>(
      operator,
      'POST',
      `/measure-editions/${draft.edition.id}/publish`,
      {},
    );
    expect(published.edition.status).toBe('published');
    expect(published.edition.publishedAt).not.toBeNull();
    expect(published.measures.map((measure) => measure.code)).toEqual(['GZ1-01']);
    expect((await listApplicableMeasures(database.db, query)).map((m) => [m.code, m.editionId])).toEqual([
      ['GZ1-01', draft.edition.id],
    ]);

    // The replaced edition is superseded, still readable with its measures, and frozen like the published one.
    const old = await ok<MeasureEditionDetailDto>(clerk, 'GET', `/measure-editions/${before.id}`);
    expect(old.edition.status).toBe('superseded');
    expect(old.measures).toEqual(beforeDetail.measures);
    for (const editionId of [before.id, draft.edition.id]) {
      const error = await refused(
        operator,
        'POST',
        `/measure-editions/${editionId}/measures`,
        { ...procurementBan, code: 'GZ1-02' },
        409,
      );
      expect(error.code).toBe('MEASURE_EDITION_STATE_CONFLICT');
      expect(error.message).toContain('已发布，不能修改');
    }
    const frozen = published.measures[0]!;
    expect(
      (await refused(operator, 'PUT', `/measures/${frozen.id}`, { ...procurementBan, name: '改名' }, 409)).code,
    ).toBe('MEASURE_EDITION_STATE_CONFLICT');
    expect((await refused(operator, 'DELETE', `/measures/${frozen.id}`, undefined, 409)).code).toBe(
      'MEASURE_EDITION_STATE_CONFLICT',
    );
    expect((await refused(operator, 'POST', `/measure-editions/${before.id}/publish`, {}, 409)).code).toBe(
      'MEASURE_EDITION_STATE_CONFLICT',
    );
    expect(await findMeasureEditionsInForce(database.db)).toContainEqual({
      id: draft.edition.id,
      label: '贵州省补充清单（2027年版）',
    });
  });

  it('refuses a clerk any change, and an unknown edition', async () => {
    expect((await refused(clerk, 'POST', '/measure-editions', { list: 'national', label: '私拟' }, 403)).code).toBe(
      'FORBIDDEN',
    );
    expect((await refused(clerk, 'GET', '/measure-editions/99999', undefined, 404)).code).toBe(
      'MEASURE_EDITION_NOT_FOUND',
    );
  });
});

describe('listApplicableMeasures', () => {
  it('layers the provincial supplement on the national list, by purpose, level and listing', async () => {
    const national = await inForce('national');
    const provincial = await inForce('provincial');
    const codes = async (
      purposeCode: string,
      levels: Array<'general' | 'serious' | 'severe'>,
      listingItemCodes: string[],
    ) =>
      (await listApplicableMeasures(database.db, { purposeCode, levels, listingItemCodes })).map(
        (measure) => `${measure.list}:${measure.code}:${measure.measureClass}`,
      );

    // A 失信被执行人 in a procurement: the national class-1 ban; the provincial supplement adds its own measure
    // only for the listing it targets (经营异常名录).
    expect(await codes('government_procurement', [], ['judgment_defaulter'])).toEqual(['national:N1-01:1']);
    expect(await codes('government_procurement', [], ['judgment_defaulter', 'abnormal_list'])).toEqual([
      'national:N1-01:1',
      'provincial:GZ1-01:1',
    ]);
    // A 严重失信 record without a listing: the national ban by level.
    expect(await codes('government_procurement', ['severe'], [])).toEqual(['national:N1-01:1']);
    // 一般失信 only: no procurement measure at all; in licensing, the management measures.
    expect(await codes('government_procurement', ['general'], [])).toEqual([]);
    expect(await codes('licensing', ['general'], [])).toEqual(['national:N2-01:2', 'national:N2-02:2']);
    // Nothing found, nothing applies; an unknown purpose applies nothing.
    expect(await codes('licensing', [], [])).toEqual([]);
    expect(await codes('no_such_purpose', ['severe'], ['judgment_defaulter'])).toEqual([]);

    const [measure] = await listApplicableMeasures(database.db, {
      purposeCode: 'bidding',
      levels: [],
      listingItemCodes: ['judgment_defaulter'],
    });
    expect(measure).toMatchObject({
      code: 'N1-02',
      measureClass: 1,
      list: 'national',
      editionId: national.id,
      legalBasis: expect.stringContaining('法〔2016〕285号'),
      implementingBody: expect.any(String),
    });
    expect(provincial.list).toBe('provincial');
  });
});

describe('bad input', () => {
  let draftId: number;
  beforeAll(async () => {
    const draft = await ok<MeasureEditionDetailDto>(operator, 'POST', '/measure-editions', {
      list: 'national',
      label: '2026年修订',
    });
    draftId = draft.edition.id;
  });
  const add = (body: object) => call(operator, 'POST', `/measure-editions/${draftId}/measures`, body);

  it('refuses an unknown purpose and an unknown target list, naming the field', async () => {
    const response = await add({
      ...procurementBan,
      purposes: ['government_procurement', 'space_travel'],
      targetListings: ['no_such_list'],
    });
    expect(response.statusCode).toBe(400);
    const error = response.json().error;
    expect(error.code).toBe('MEASURE_INVALID');
    expect(error.message).toContain('适用核查事项（purposes）中的“space_travel”不是已有的核查事项代码');
    expect(error.message).toContain('惩戒对象名单（targetListings）中的“no_such_list”不是现行征集目录的信息项代码');
    expect(error.details).toEqual([
      { field: 'purposes', message: expect.stringContaining('space_travel') },
      { field: 'targetListings', message: expect.stringContaining('no_such_list') },
    ]);
  });

  it('refuses a class outside 1–3, a class-1 measure without legal basis and a measure without a target', async () => {
    for (const measureClass of [0, 4, '1']) {
      const response = await add({ ...procurementBan, measureClass });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toContain('措施类别（measureClass）应为 1、2 或 3');
    }
    const withoutBasis = await add({ ...procurementBan, legalBasis: ' ' });
    expect(withoutBasis.statusCode).toBe(400);
    expect(withoutBasis.json().error.message).toContain('设定依据（legalBasis）：第一类措施');
    const noTarget = await add({ ...procurementBan, targetListings: [], targetLevels: [] });
    expect(noTarget.json().error.message).toContain('惩戒对象');
    const badLevel = await add({ ...procurementBan, targetLevels: ['medium'] });
    expect(badLevel.json().error.message).toContain('失信等级（targetLevels）');
    const noPurpose = await add({ ...procurementBan, purposes: [] });
    expect(noPurpose.json().error.message).toContain('适用核查事项（purposes）至少选择一项');
    // A class-2 measure may go without a legal basis.
    expect((await add({ ...procurementBan, code: 'GZ2-09', measureClass: 2, legalBasis: '' })).statusCode).toBe(200);
  });

  it('stores nothing of a refused measure and refuses a duplicate code', async () => {
    const detail = await ok<MeasureEditionDetailDto>(operator, 'GET', `/measure-editions/${draftId}`);
    expect(detail.measures.map((measure) => measure.code)).not.toContain('GZ1-01');
    const duplicate = await add({ ...procurementBan, code: 'N1-01' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.message).toContain('“N1-01”');
  });

  it('never publishes an empty national edition', async () => {
    const detail = await ok<MeasureEditionDetailDto>(operator, 'GET', `/measure-editions/${draftId}`);
    for (const measure of detail.measures) await ok(operator, 'DELETE', `/measures/${measure.id}`);
    const error = await refused(operator, 'POST', `/measure-editions/${draftId}/publish`, {}, 409);
    expect(error.message).toContain('没有任何措施');
    expect((await inForce('national')).label).toBe('2024年版结构·起始数据（待核实）');
  });
});
