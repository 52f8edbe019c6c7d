import type { RecordInputBody } from '@gzcredit/contracts';

/** Field overrides of a record fixture; `undefined` leaves the field out. */
export type FieldOverrides = Record<string, string | number | null | undefined>;
/** Overrides of a record fixture; `fields` are merged into the item's default fields, not replacing them. */
export type RecordOverrides = Partial<Omit<RecordInputBody, 'fields'>> & { fields?: FieldOverrides };

type Fields = RecordInputBody['fields'];

function merge(defaults: Fields, overrides: FieldOverrides): Fields {
  const fields: Fields = {};
  for (const [key, value] of Object.entries({ ...defaults, ...overrides })) {
    if (value !== undefined) fields[key] = value;
  }
  return fields;
}

/** A fixture of one catalogue item: its default fields (made afresh for each record), and a record with them. */
function itemFixture(defaults: Omit<RecordInputBody, 'creditCode' | 'fields'>, defaultFields: () => Fields) {
  const fieldsOf = (overrides: FieldOverrides = {}): Fields => merge(defaultFields(), overrides);
  const recordOf = (creditCode: string, overrides: RecordOverrides = {}): RecordInputBody => {
    const { fields, ...rest } = overrides;
    return { ...defaults, creditCode, ...rest, fields: fieldsOf(fields) };
  };
  return { fieldsOf, recordOf };
}

let decisions = 0;

const penalty = itemFixture(
  { itemCode: 'penalty', entityName: '贵州测试科技有限公司', dishonestyLevel: '一般失信' },
  () => ({
    // A new 决定书文号 for each record: the same decision sent twice is refused as a duplicate.
    decisionNumber: `筑市监罚〔2026〕${++decisions}号`,
    violationType: '虚假宣传',
    violationFacts: '在门店宣传中使用“国家级”等用语',
    legalBasis: '《中华人民共和国广告法》第五十七条',
    penaltyCategory: '罚款',
    penaltyContent: '罚款人民币二万元',
    fineAmount: '2',
    decisionDate: '2026-11-02',
    authority: '贵阳市市场监督管理局',
  }),
);

const registration = itemFixture({ itemCode: 'registration', entityName: '贵州新注册商贸有限公司' }, () => ({
  legalRepresentative: '李四',
  legalRepresentativeIdCard: '11010519491231002X',
  contactMobile: '13812345678',
  establishedOn: '2026-10-09',
  approvedOn: '2026-10-09',
  status: '存续',
  registrationAuthority: '贵阳市南明区市场监督管理局',
  address: '贵州省贵阳市南明区花果园街道1号',
  industryCode: 'F5191',
}));

/** The fields of a valid 行政处罚信息 (`penalty` item of the 2015 edition): a 罚款 for 虚假宣传 decided 2026-11-02, numbered afresh. */
export const penaltyFields = penalty.fieldsOf;
/** A valid 一般失信 penalty record of the entity, as the exchange API, the form and the services take it. */
export const penaltyRecord = penalty.recordOf;
/** The fields of a valid 登记注册信息 (`registration`), with a legal representative's identity number and mobile. */
export const registrationFields = registration.fieldsOf;
/** A valid registration record (贵州新注册商贸有限公司): stored, it creates or updates the entity of that code. */
export const registrationRecord = registration.recordOf;
