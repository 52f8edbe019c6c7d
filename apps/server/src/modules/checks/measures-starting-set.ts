import type { MeasureDefinition } from '@gzcredit/contracts';
import type { MeasureList } from '@gzcredit/domain';

/**
 * The starting data of a new platform: the ten 核查事项 of issue 18 (the scenarios of Rules Art. 17) and a starting set of
 * measures in the structure of 《全国失信惩戒措施基础清单（2024年版）》. The official list's items were not available:
 * every measure cites the public source it rests on and is unconfirmed (`confirmed: false`, 待核实) until the operator
 * checks it against the official text. No legal basis is entered that the sources do not support; where a basis is
 * unsure, the note says so. Seeded into an empty database only, so the operator's edits are never overwritten.
 */
export const CHECK_PURPOSES_STARTING_SET = [
  { code: 'government_procurement', name: '政府采购' },
  { code: 'bidding', name: '工程招标投标' },
  { code: 'public_resource_trading', name: '公共资源交易' },
  { code: 'fiscal_funds', name: '财政资金与补贴' },
  { code: 'honours', name: '评优评先与荣誉' },
  { code: 'licensing', name: '行政许可与审批' },
  { code: 'land', name: '用地' },
  { code: 'export_tax_refund', name: '出口退(免)税' },
  { code: 'policy_preferences', name: '政策优惠' },
  { code: 'other', name: '其他' },
] as const;

const ALL_LEVELS = ['general', 'serious', 'severe'] as const;
const CHECK_AGAINST_OFFICIAL_TEXT =
  '待核实：条目表述、归类与设定依据须对照《全国失信惩戒措施基础清单（2024年版）》原文核实。';
const NDRC_2024 =
  '国家发展改革委、人民银行《全国公共信用信息基础目录（2024年版）》《全国失信惩戒措施基础清单（2024年版）》（2024年2月印发，文号未核实）';

export interface MeasureEditionSeed {
  list: MeasureList;
  label: string;
  measures: MeasureDefinition[];
}

export const NATIONAL_STARTING_EDITION: MeasureEditionSeed = {
  list: 'national',
  label: '2024年版结构·起始数据（待核实）',
  measures: [
    {
      code: 'N1-01',
      name: '限制参加政府采购活动',
      measureClass: 1,
      targetListings: ['judgment_defaulter', 'major_tax_violation'],
      targetLevels: ['severe'],
      legalBasis:
        '《中华人民共和国政府采购法》第二十二条、第七十七条；财政部《关于在政府采购活动中查询及使用信用记录有关问题的通知》（财库〔2016〕125号）',
      implementingBody: '采购人、采购代理机构；各级财政部门',
      purposes: ['government_procurement', 'public_resource_trading'],
      source:
        '财库〔2016〕125号：通过“信用中国”查询失信被执行人、重大税收违法失信主体，通过中国政府采购网查询政府采购严重违法失信行为记录名单，拒绝列入名单的供应商参与政府采购活动；联合体成员之一列入的，视同联合体列入（转载：http://austaad.com/jycz/zcfg/content/post_159865.html）。',
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}将本平台“严重失信”等级对应政府采购法第二十二条“重大违法记录”是平台的起始设定，未经核实。中国政府采购网的政府采购严重违法失信行为记录名单不在本平台征集目录中，须另行查询。`,
      confirmed: false,
    },
    {
      code: 'N1-02',
      name: '限制参与招标投标活动（投标）',
      measureClass: 1,
      targetListings: ['judgment_defaulter'],
      targetLevels: [],
      legalBasis:
        '最高人民法院、国家发展改革委等9部门《关于在招标投标活动中对失信被执行人实施联合惩戒的通知》（法〔2016〕285号）',
      implementingBody: '招标人、招标代理机构；有关行政监督部门',
      purposes: ['bidding', 'public_resource_trading'],
      source:
        '法〔2016〕285号：在招标文件的评标标准中载明并在评标时执行，限制失信被执行人投标；联合体成员之一为失信被执行人的，限制该联合体投标（转载：http://g888112.cn/index.php/content/134）。',
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}该通知还限制失信被执行人从事招标代理、担任评标专家和招标从业人员，本平台只核查投标主体。后续联合惩戒备忘录是否将重大税收违法等名单纳入，未核实。`,
      confirmed: false,
    },
    {
      code: 'N1-03',
      name: '限制申请财政性资金项目和补贴',
      measureClass: 1,
      targetListings: ['serious_illegal_list', 'judgment_defaulter'],
      targetLevels: ['severe'],
      legalBasis: '国发〔2016〕33号（文件标题与具体条款待核实）',
      implementingBody: '各级财政部门及项目主管部门',
      purposes: ['fiscal_funds', 'policy_preferences'],
      source: `${NDRC_2024}的第一类典型措施“限制获得财政资金、补贴”（结构据公开解读重建）；财政资金与补贴的核查要求引用国发〔2016〕33号、国办发〔2019〕35号（公开文本引用，未见原文）。`,
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}设定依据只写了公开文本引用的文件号，条款未经原文核实。`,
      confirmed: false,
    },
    {
      code: 'N1-04',
      name: '撤销或限制授予荣誉称号，限制参加评优评先',
      measureClass: 1,
      targetListings: ['serious_illegal_list', 'judgment_defaulter'],
      targetLevels: ['severe'],
      legalBasis: '国发〔2016〕33号及有关领域联合惩戒备忘录（具体条款待核实）',
      implementingBody: '各级评选表彰主办单位',
      purposes: ['honours'],
      source: `${NDRC_2024}的第一类典型措施“撤销或限制荣誉称号、评优评先”（结构据公开解读重建）。信用修复后应同步解除失信惩戒措施并更新信用评价结果（国家发展改革委令第36号《信用修复管理办法》，2026年4月1日起施行）。`,
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}设定依据的条款未经原文核实。`,
      confirmed: false,
    },
    {
      code: 'N2-01',
      name: '加强日常监管，提高抽查比例和频次',
      measureClass: 2,
      targetListings: ['abnormal_list', 'serious_illegal_list'],
      targetLevels: [...ALL_LEVELS],
      legalBasis: '国办发〔2019〕35号（事前信用承诺、事中分级分类监管、事后失信惩戒；标题与条款待核实）',
      implementingBody: '各级行政审批和监管部门',
      purposes: ['licensing', 'other'],
      source: `${NDRC_2024}的第二类（管理措施）典型措施（结构据公开解读重建）。`,
      note: CHECK_AGAINST_OFFICIAL_TEXT,
      confirmed: false,
    },
    {
      code: 'N2-02',
      name: '在行政审批、资金安排、评优评先、供地等工作中作为重要参考',
      measureClass: 2,
      targetListings: ['abnormal_list', 'serious_illegal_list', 'judgment_defaulter', 'major_tax_violation'],
      targetLevels: [...ALL_LEVELS],
      legalBasis: '',
      implementingBody: '各级国家机关',
      purposes: ['licensing', 'fiscal_funds', 'honours', 'land', 'export_tax_refund', 'policy_preferences', 'other'],
      source: `${NDRC_2024}的第二类（管理措施）典型措施“在行政审批中作为重要参考”（结构据公开解读重建）。`,
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}参考资料把“限制获得政府供应土地”列为第一类典型措施，但未载明设定依据，故“用地”暂只设本条管理措施，核实依据后再增补第一类措施。`,
      confirmed: false,
    },
    {
      code: 'N2-03',
      name: '不适用告知承诺、容缺受理等简化程序',
      measureClass: 2,
      targetListings: ['serious_illegal_list', 'judgment_defaulter'],
      targetLevels: ['severe'],
      legalBasis: '',
      implementingBody: '各级行政审批部门',
      purposes: ['licensing'],
      source: `${NDRC_2024}：参考资料把“不适用告知承诺制”列为第一类典型措施、把“不适用简化程序”列为第二类典型措施（结构据公开解读重建）。`,
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}归类未定：若原文列为第一类，须补充设定依据并改为第一类。`,
      confirmed: false,
    },
    {
      code: 'N3-01',
      name: '金融机构在授信、风险定价中自主参考信用状况',
      measureClass: 3,
      targetListings: ['serious_illegal_list', 'judgment_defaulter', 'major_tax_violation'],
      targetLevels: ['serious', 'severe'],
      legalBasis: '',
      implementingBody: '金融机构（自主决定）',
      purposes: ['other'],
      source: `${NDRC_2024}的第三类（市场性、行业性措施）；国办发〔2020〕49号：不得强制要求金融机构、信用服务机构、行业协会商会、新闻媒体等惩戒失信主体。`,
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}第三类措施由市场主体自主实施，国家机关不得强制，仅作提示。`,
      confirmed: false,
    },
    {
      code: 'N3-02',
      name: '行业协会商会依章程实施行业自律措施',
      measureClass: 3,
      targetListings: ['serious_illegal_list'],
      targetLevels: ['serious', 'severe'],
      legalBasis: '',
      implementingBody: '行业协会商会（自主决定）',
      purposes: ['honours', 'other'],
      source: `${NDRC_2024}的第三类（市场性、行业性措施）；国办发〔2020〕49号：不得强制要求行业协会商会惩戒失信主体。`,
      note: `${CHECK_AGAINST_OFFICIAL_TEXT}第三类措施由行业组织自主实施，国家机关不得强制，仅作提示。`,
      confirmed: false,
    },
  ],
};

/**
 * Guizhou's 补充清单 was not found in public sources. The starting supplement holds only what the Rules themselves
 * require: Art. 17 obliges agencies to check and lawfully use the records in the matters it names.
 */
export const PROVINCIAL_STARTING_EDITION: MeasureEditionSeed = {
  list: 'provincial',
  label: '起始版本（待核实）',
  measures: [
    {
      code: 'GZ2-01',
      name: '核查并依法使用企业公共信用信息记录',
      measureClass: 2,
      targetListings: ['abnormal_list', 'serious_illegal_list'],
      targetLevels: [...ALL_LEVELS],
      legalBasis: '《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条',
      implementingBody: '各级国家机关',
      purposes: [
        'government_procurement',
        'bidding',
        'public_resource_trading',
        'fiscal_funds',
        'honours',
        'licensing',
        'land',
        'export_tax_refund',
        'policy_preferences',
      ],
      source: '《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条第一款原文。',
      note: '待核实：第十七条只要求核查和依法使用，不设定具体惩戒。规则第一条所列《贵州省企业失信行为联合惩戒实施办法》（试行）的具体措施未找到公开文本，须核实后补充到本清单。',
      confirmed: false,
    },
  ],
};
