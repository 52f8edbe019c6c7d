import {
  type AgencyKind,
  addMonths,
  ENTITY_STATUS_LABELS,
  idCardCheckCharacter,
  industryName,
  type RecordInput,
} from '@gzcredit/domain';
import { getCurrentCatalogue } from '../modules/catalogue';
import type { NewEnterprise } from '../modules/enterprises';
import { openExchangeBatch, prepareRecord, type SubmissionContext, storePreparedRecords } from '../modules/records';
import type { Db } from '../platform/database';
import { DEMO_AGENCIES, type DemoAgencies } from './demo-agencies';
import { generateDemoEnterprises, randomSource } from './demo-enterprises';

/**
 * The demo data set's records (SPEC §5): every demo entity arrives through a registration record (with its legal
 * representative's identity-card number and mobile, so that encryption and masking are exercised), and a share of
 * them carry records of every other catalogue item, each from the kind of agency that provides it. Received a few days
 * after they arose (some late), deterministic for a seed.
 */

type Provider = keyof DemoAgencies;

interface DemoItem {
  code: string;
  provider: Provider;
  /** Share of entities with such a record. */
  share: number;
  fields: (pick: Picker, entity: NewEnterprise, aroseOn: string) => Record<string, string>;
  level?: (pick: Picker) => string;
}

interface Picker {
  random: () => number;
  one: <T>(items: readonly T[]) => T;
}

const ordinaryLevel = (pick: Picker) => {
  const roll = pick.random();
  return roll < 0.6 ? '一般失信' : roll < 0.9 ? '较重失信' : '严重失信';
};

const penaltyLike =
  (authority: string, facts: ReadonlyArray<readonly [string, string, string]>) =>
  (pick: Picker, entity: NewEnterprise, aroseOn: string): Record<string, string> => {
    const [type, fact, basis] = pick.one(facts);
    const fine = (1 + Math.floor(pick.random() * 200)) / 10;
    return {
      decisionNumber: `黔${authority.slice(2, 4)}罚〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 900)}号`,
      violationType: type,
      violationFacts: `${entity.name}${fact}`,
      legalBasis: basis,
      penaltyCategory: '罚款',
      penaltyContent: `罚款人民币${fine}万元`,
      fineAmount: String(fine),
      decisionDate: aroseOn,
      authority,
    };
  };

const MARKET_FACTS = [
  ['虚假宣传', '在经营场所宣传中使用“最佳”“国家级”等绝对化用语', '《中华人民共和国广告法》第五十七条'],
  ['销售过期食品', '销售超过保质期的预包装食品', '《中华人民共和国食品安全法》第一百二十四条'],
  ['无照经营', '未依法取得营业执照从事经营活动', '《无证无照经营查处办法》第十三条'],
  ['价格违法', '未按规定明码标价', '《中华人民共和国价格法》第四十二条'],
] as const;
const ENVIRONMENT_FACTS = [
  ['超标排放', '废水排放化学需氧量超过排放标准', '《中华人民共和国水污染防治法》第八十三条'],
  ['未批先建', '建设项目环境影响评价文件未经批准擅自开工建设', '《中华人民共和国环境影响评价法》第三十一条'],
] as const;
const SAFETY_FACTS = [
  ['未开展安全培训', '未按规定对从业人员进行安全生产教育和培训', '《中华人民共和国安全生产法》第九十七条'],
  ['隐患未整改', '未采取措施消除事故隐患', '《中华人民共和国安全生产法》第一百零二条'],
] as const;

const PROVINCE_BUREAU = '贵州省市场监督管理局';

const DEMO_ITEMS: DemoItem[] = [
  {
    code: 'licence',
    provider: '贵州省发展和改革委员会',
    share: 0.25,
    fields: (pick, entity, aroseOn) => ({
      documentName: '准予行政许可决定书',
      decisionNumber: `黔发改许〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 900)}号`,
      licenceCategory: pick.one(['普通', '核准', '登记']),
      certificateName: pick.one(['食品经营许可证', '道路运输经营许可证', '建筑业企业资质证书']),
      certificateNumber: `JY${entity.regionCode}${String(Math.floor(pick.random() * 1e7)).padStart(7, '0')}`,
      licenceContent: `${industryName(entity.industryCode?.slice(1) ?? '') ?? '相关'}经营`,
      decisionDate: aroseOn,
      validFrom: aroseOn,
      validTo: addMonths(aroseOn, 60),
      authority: '贵州省发展和改革委员会',
    }),
  },
  {
    code: 'penalty',
    provider: 'market_regulation',
    share: 0.12,
    fields: penaltyLike(PROVINCE_BUREAU, MARKET_FACTS),
    level: ordinaryLevel,
  },
  {
    code: 'abnormal_list',
    provider: 'market_regulation',
    share: 0.06,
    fields: (pick, _entity, aroseOn) => ({
      reason: pick.one(['未按照规定报送年度报告', '通过登记的住所或者经营场所无法联系']),
      decisionNumber: `黔市监异〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 900)}号`,
      listedOn: aroseOn,
      authority: PROVINCE_BUREAU,
    }),
    level: () => '一般失信',
  },
  {
    code: 'serious_illegal_list',
    provider: 'market_regulation',
    share: 0.01,
    fields: (pick, _entity, aroseOn) => ({
      reason: '被列入经营异常名录届满3年仍未履行相关义务',
      decisionNumber: `黔市监严〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 90)}号`,
      listedOn: aroseOn,
      authority: PROVINCE_BUREAU,
    }),
    level: () => '严重失信',
  },
  {
    code: 'judgment_defaulter',
    provider: '贵州省高级人民法院',
    share: 0.015,
    fields: (pick, _entity, aroseOn) => ({
      caseNumber: `（${aroseOn.slice(0, 4)}）黔01执${1000 + Math.floor(pick.random() * 8000)}号`,
      authority: '贵阳市中级人民法院',
      basisNumber: `（${Number(aroseOn.slice(0, 4)) - 1}）黔01民初${100 + Math.floor(pick.random() * 800)}号`,
      obligation: '支付货款及利息',
      performance: pick.one(['全部未履行', '部分未履行']),
      circumstances: '有履行能力而拒不履行生效法律文书确定义务',
      filedOn: aroseOn,
      publishedOn: aroseOn,
    }),
    level: (pick) => (pick.random() < 0.5 ? '严重失信' : '较重失信'),
  },
  {
    code: 'major_tax_violation',
    provider: '国家税务总局贵州省税务局',
    share: 0.005,
    fields: (pick) => ({
      caseNature: pick.one(['偷税', '虚开增值税专用发票']),
      facts: '通过少列收入方式少缴增值税',
      handling: '依照《中华人民共和国税收征收管理法》第六十三条追缴税款并处罚款',
      authority: '国家税务总局贵州省税务局稽查局',
      publishedOn: '',
    }),
    level: () => '严重失信',
  },
  {
    code: 'tax_credit_a',
    provider: '国家税务总局贵州省税务局',
    share: 0.05,
    fields: (_pick, _entity, aroseOn) => ({
      ratingYear: String(Number(aroseOn.slice(0, 4)) - 1),
      rating: 'A',
      authority: '国家税务总局贵州省税务局',
      ratedOn: aroseOn,
      validTo: `${aroseOn.slice(0, 4)}-12-31`,
    }),
  },
  {
    code: 'wage_arrears',
    provider: '贵州省人力资源和社会保障厅',
    share: 0.005,
    fields: (pick, _entity, aroseOn) => ({
      decisionNumber: `黔人社欠〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 90)}号`,
      arrearsAmount: String((5 + Math.floor(pick.random() * 500)) / 10),
      workersAffected: String(3 + Math.floor(pick.random() * 60)),
      facts: '克扣、无故拖欠农民工工资数额较大',
      handling: '责令限期支付并列入失信联合惩戒对象名单',
      decidedOn: aroseOn,
      authority: '贵州省人力资源和社会保障厅',
    }),
    level: (pick) => (pick.random() < 0.5 ? '严重失信' : '较重失信'),
  },
  {
    code: 'environment_violation',
    provider: '贵州省生态环境厅',
    share: 0.015,
    fields: penaltyLike('贵州省生态环境厅', ENVIRONMENT_FACTS),
    level: ordinaryLevel,
  },
  {
    code: 'safety_violation',
    provider: '贵州省应急管理厅',
    share: 0.015,
    fields: penaltyLike('贵州省应急管理厅', SAFETY_FACTS),
    level: ordinaryLevel,
  },
  {
    code: 'quality_failure',
    provider: 'market_regulation',
    share: 0.01,
    fields: (pick, _entity, aroseOn) => ({
      productName: pick.one(['电线电缆', '复合肥料', '儿童服装', '白酒']),
      model: 'BV 2.5mm²',
      batch: aroseOn.replaceAll('-', ''),
      failedItems: pick.one(['导体电阻', '总养分', '纤维含量', '酒精度']),
      announcementNumber: `黔市监抽〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 60)}号`,
      announcedOn: aroseOn,
      authority: PROVINCE_BUREAU,
    }),
    level: () => '一般失信',
  },
  {
    code: 'honour',
    provider: '贵州省发展和改革委员会',
    share: 0.02,
    fields: (pick, _entity, aroseOn) => ({
      honourName: pick.one(['贵州省诚信示范企业', '贵州省优秀民营企业', '贵州省专精特新中小企业']),
      decisionNumber: `黔发改〔${aroseOn.slice(0, 4)}〕${1 + Math.floor(pick.random() * 90)}号`,
      awardedOn: aroseOn,
      authority: '贵州省发展和改革委员会',
      validTo: addMonths(aroseOn, 36),
    }),
  },
  {
    code: 'contract_credit',
    provider: 'market_regulation',
    share: 0.02,
    fields: (pick, _entity, aroseOn) => ({
      publicityYears: `${Number(aroseOn.slice(0, 4)) - 2}-${Number(aroseOn.slice(0, 4)) - 1}`,
      recognitionLevel: pick.one(['省级', '市（州）级']),
      authority: PROVINCE_BUREAU,
      recognisedOn: aroseOn,
      validTo: addMonths(aroseOn, 24),
    }),
  },
];

function picker(seed: number): Picker {
  const random = randomSource(seed);
  return { random, one: (items) => items[Math.floor(random() * items.length)]! };
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function idCardNumber(pick: Picker, regionCode: string): string {
  const birth = `${1960 + Math.floor(pick.random() * 40)}${String(1 + Math.floor(pick.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(pick.random() * 28)).padStart(2, '0')}`;
  const first17 = `${regionCode}${birth}${String(Math.floor(pick.random() * 1000)).padStart(3, '0')}`;
  return first17 + idCardCheckCharacter(first17);
}

interface DemoInput {
  provider: Provider;
  itemCode: string;
  input: RecordInput;
  receivedOn: string;
}

function registrationInput(pick: Picker, entity: NewEnterprise, today: string): DemoInput {
  const approvedOn =
    entity.establishedOn && entity.establishedOn >= '2016-01-01'
      ? entity.establishedOn
      : addDays(today, -Math.floor(pick.random() * 1000) - 30);
  return {
    provider: 'market_regulation',
    itemCode: 'registration',
    receivedOn: addDays(approvedOn, pick.random() < 0.9 ? 1 : 40),
    input: {
      creditCode: entity.creditCode,
      entityName: entity.name,
      fields: {
        legalRepresentative: entity.legalRepresentative,
        legalRepresentativeIdCard: idCardNumber(pick, entity.regionCode),
        contactMobile: `1${pick.one(['38', '39', '58', '87', '77', '80'])}${String(Math.floor(pick.random() * 1e8)).padStart(8, '0')}`,
        establishedOn: entity.establishedOn,
        approvedOn,
        status: ENTITY_STATUS_LABELS[entity.status].replace(/（.*）/, ''),
        registrationAuthority: entity.registrationAuthority,
        address: entity.address,
        industryCode: entity.industryCode,
        registrationNumber: entity.formerRegistrationNumbers?.[0],
      },
    },
  };
}

function otherInputs(pick: Picker, entity: NewEnterprise, serial: number, today: string): DemoInput[] {
  const inputs: DemoInput[] = [];
  DEMO_ITEMS.forEach((item, index) => {
    // The first entities carry one record of each item, so every item has records whatever DEMO_DATA is.
    if (serial !== index && pick.random() >= item.share) return;
    if (item.code === 'tax_credit_a' && entity.kind !== 'enterprise' && serial !== index) return;
    const aroseOn = addDays(today, -3 - Math.floor(pick.random() * 1000));
    const fields = item.fields(pick, entity, aroseOn);
    if (item.code === 'major_tax_violation') fields.publishedOn = aroseOn;
    const lag = pick.random() < 0.85 ? 1 + Math.floor(pick.random() * 20) : 30 + Math.floor(pick.random() * 40);
    inputs.push({
      provider: item.provider,
      itemCode: item.code,
      receivedOn: addDays(aroseOn, lag) > today ? today : addDays(aroseOn, lag),
      input: {
        creditCode: entity.creditCode,
        entityName: entity.name,
        ...(item.level ? { dishonestyLevel: item.level(pick) } : {}),
        // A few penalties withheld from public view, on a ground the provincial bureau reviews (Art. 15, 22(五)).
        ...(item.code === 'penalty' && pick.random() < 0.05
          ? { useScope: 'shared', withholdingGround: '商业秘密' }
          : {}),
        fields,
      },
    });
  });
  return inputs;
}

/**
 * Seeds `count` demo entities through registration records, with the other items' records, in batches; each batch is
 * one transaction per providing agency. Returns the number of records stored.
 */
export async function seedDemoRecords(
  db: Db,
  options: { count: number; agencies: DemoAgencies; context: SubmissionContext },
): Promise<number> {
  const catalogue = await getCurrentCatalogue(db);
  const items = new Map(catalogue.items.map((item) => [item.code, item]));
  const agencyKinds = new Map<Provider, AgencyKind>([
    ['market_regulation', 'market_regulation'],
    ...DEMO_AGENCIES.map((agency): [Provider, AgencyKind] => [agency.name, agency.kind]),
  ]);
  const pick = picker(20_151_202);
  const today = options.context.today;
  let serial = 0;
  let stored = 0;
  for (const entities of generateDemoEnterprises(options.count, { batchSize: 2_000 })) {
    const demoInputs: DemoInput[] = [];
    for (const entity of entities) {
      demoInputs.push(registrationInput(pick, entity, today));
      demoInputs.push(...otherInputs(pick, entity, serial, today));
      serial += 1;
    }
    const prepared = new Map<Provider, Parameters<typeof storePreparedRecords>[2]>();
    for (const demo of demoInputs) {
      const item = items.get(demo.itemCode)!;
      const result = prepareRecord(
        item,
        demo.input,
        { agencyKind: agencyKinds.get(demo.provider)!, channel: 'api' },
        { ...options.context, today: demo.receivedOn },
      );
      if (!result.ok) throw new Error(`demo ${demo.itemCode} record invalid: ${JSON.stringify(result.errors)}`);
      result.record.receivedAt = `${demo.receivedOn}T10:00:00+08:00`;
      const list = prepared.get(demo.provider) ?? [];
      list.push(result);
      prepared.set(demo.provider, list);
    }
    await db.transaction().execute(async (trx) => {
      // Registration first: the other records then attach to their entities directly.
      for (const provider of [
        'market_regulation',
        ...[...prepared.keys()].filter((key) => key !== 'market_regulation'),
      ] as Provider[]) {
        const list = prepared.get(provider);
        if (!list) continue;
        const agencyId = options.agencies[provider];
        const batchId = await openExchangeBatch(trx, {
          agencyId,
          channel: 'api',
          accountId: null,
          received: list.length,
          accepted: list.length,
          details: { demo: true },
        });
        await storePreparedRecords(trx, { agencyId, batchId, channel: 'api', createdBy: null }, list);
        stored += list.length;
      }
    });
  }
  return stored;
}
