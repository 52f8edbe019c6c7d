import {
  buildCreditCode,
  type EntityKind,
  type EntityStatus,
  organizationCodeCheckCharacter,
  REGIONS,
  type Region,
  regionPath,
} from '@gzcredit/domain';
import type { NewEnterprise } from '../modules/enterprises';

/**
 * Synthetic but valid market entities for the demo and the benchmarks: correct check characters, real Guizhou county
 * codes, real GB/T 4754-2017 divisions, plausible names, and the national mix (about 70 % 个体工商户, 25 % enterprises,
 * 5 % 农民专业合作社). Deterministic for a seed, so benchmark runs compare like with like.
 */

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何罗高林郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文';
const GIVEN =
  '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红辉建国兰志林云飞鹏宇浩凯俊帆琳晨波斌婷雪梅欣怡子涵海燕德福贵祥才兴旺';
const BRANDS = [
  '黔峰',
  '黔山',
  '苗岭',
  '乌江',
  '赤水',
  '梵净',
  '娄山',
  '红枫',
  '百花',
  '黔灵',
  '云岭',
  '山水',
  '茅源',
  '夜郎',
  '牂牁',
  '黔南',
  '凉都',
  '乌蒙',
  '清水',
  '金沙',
  '鸿源',
  '富民',
  '众诚',
  '嘉和',
  '恒泰',
  '瑞丰',
  '汇通',
  '宏达',
  '金穗',
  '绿源',
  '兴黔',
  '聚力',
  '远航',
  '天成',
  '博雅',
  '正和',
  '华创',
  '德隆',
  '润禾',
  '安顺',
];
const BRAND_SECOND = ['鑫', '源', '达', '盛', '鼎', '诚', '信', '泰', '丰', '华', '兴', '隆', '安', '康', '联'];
const BUSINESS_LINES: [string, string][] = [
  ['A01', '农业科技'],
  ['A02', '林业开发'],
  ['A03', '生态养殖'],
  ['B06', '煤业'],
  ['C13', '农产品加工'],
  ['C14', '食品'],
  ['C15', '酒业'],
  ['C15', '茶业'],
  ['C27', '制药'],
  ['C30', '建材'],
  ['C39', '电子科技'],
  ['D44', '电力开发'],
  ['E47', '建筑工程'],
  ['E48', '路桥建设'],
  ['F51', '商贸'],
  ['F52', '百货'],
  ['G54', '运输'],
  ['G59', '物流'],
  ['H61', '酒店管理'],
  ['H62', '餐饮管理'],
  ['I64', '网络科技'],
  ['I65', '信息技术'],
  ['K70', '房地产开发'],
  ['L72', '企业管理咨询'],
  ['M75', '科技发展'],
  ['N77', '环保科技'],
  ['O80', '家政服务'],
  ['P83', '教育咨询'],
  ['Q84', '医疗管理'],
  ['R88', '文化传媒'],
  ['N78', '旅游开发'],
];
const SHOPS: [string, string][] = [
  ['F52', '便利店'],
  ['F52', '超市'],
  ['H62', '粉馆'],
  ['H62', '饭店'],
  ['H62', '烧烤店'],
  ['F52', '五金店'],
  ['O80', '理发店'],
  ['O81', '汽车修理部'],
  ['F52', '日杂店'],
  ['F52', '烟酒店'],
  ['F52', '水果店'],
  ['F52', '服装店'],
  ['H61', '旅馆'],
  ['F52', '茶叶店'],
  ['F52', '农资店'],
  ['O80', '洗衣店'],
  ['F52', '手机店'],
  ['H62', '酸汤鱼馆'],
];
const SHOP_PREFIXES = ['小', '老', '阿', '好运', '兴旺', '惠民', '鑫', '顺心', '如意', '诚信'];
const COOPERATIVE_PRODUCTS: [string, string][] = [
  ['A01', '茶叶种植'],
  ['A01', '蔬菜种植'],
  ['A01', '刺梨种植'],
  ['A01', '中药材种植'],
  ['A03', '生猪养殖'],
  ['A03', '肉牛养殖'],
  ['A01', '食用菌种植'],
  ['A01', '猕猴桃种植'],
  ['A02', '林下经济'],
  ['A01', '茶香'],
];
const TOWNSHIPS = [
  '城关镇',
  '新华街道',
  '龙泉镇',
  '花溪街道',
  '清水镇',
  '河坝乡',
  '中心街道',
  '桃源镇',
  '太平镇',
  '石门乡',
];
const ROADS = ['人民路', '中华路', '解放路', '建设路', '文化路', '新华路', '民主街', '环城路', '滨河路', '延安路'];

/** mulberry32: small, fast, deterministic (the demo data set and the benchmarks draw from it). */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const ORGANIZATION_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/**
 * A 组织机构代码 unique for `serial` within `prefix`: 'M' (the code-issuing prefix of new registrations) for the demo
 * entities, another letter for data that must not collide with them; then 7 base-31 digits and the check character.
 */
export function organizationCode(serial: number, prefix = 'M'): string {
  let body = '';
  let rest = serial;
  for (let i = 0; i < 7; i++) {
    body = ORGANIZATION_ALPHABET[rest % 31] + body;
    rest = Math.floor(rest / 31);
  }
  const first8 = `${prefix}${body}`;
  return first8 + organizationCodeCheckCharacter(first8);
}

const KIND_CODES: Record<Exclude<EntityKind, 'other'>, string> = {
  enterprise: '91',
  individual: '92',
  cooperative: '93',
};

function pickStatus(random: () => number): EntityStatus {
  const r = random();
  if (r < 0.88) return 'active';
  if (r < 0.95) return 'cancelled';
  if (r < 0.99) return 'revoked';
  return 'moved_out';
}

export function* generateDemoEnterprises(count: number, options: { seed?: number; batchSize?: number } = {}) {
  const random = randomSource(options.seed ?? 20_151_001);
  const batchSize = options.batchSize ?? 5_000;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const counties: Region[] = REGIONS.filter((region) => region.level === 'county');
  const personName = () => pick([...SURNAMES]) + pick([...GIVEN]) + (random() < 0.6 ? pick([...GIVEN]) : '');
  let batch: NewEnterprise[] = [];

  for (let serial = 0; serial < count; serial++) {
    const county = pick(counties);
    const [province, prefecture] = regionPath(county.code);
    const kindRoll = random();
    const kind: Exclude<EntityKind, 'other'> =
      kindRoll < 0.7 ? 'individual' : kindRoll < 0.95 ? 'enterprise' : 'cooperative';
    const creditCode = buildCreditCode(KIND_CODES[kind] + county.code + organizationCode(serial));
    const year = 1995 + Math.floor(random() * 31);
    const establishedOn = `${year}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
    let name: string;
    let industryCode: string;
    if (kind === 'enterprise') {
      const [code, line] = pick(BUSINESS_LINES);
      const place =
        random() < 0.6
          ? '贵州'
          : (prefecture?.name.replace(/(市|布依族苗族自治州|苗族侗族自治州|土家族苗族自治州)$/, '') ?? '贵州');
      const suffix = random() < 0.8 ? '有限公司' : random() < 0.5 ? '有限责任公司' : '股份有限公司';
      name = `${place}${pick(BRANDS)}${random() < 0.5 ? pick(BRAND_SECOND) : ''}${line}${suffix}`;
      industryCode = code;
    } else if (kind === 'individual') {
      const [code, shop] = pick(SHOPS);
      const owner = random() < 0.5 ? `${pick(SHOP_PREFIXES)}${pick([...SURNAMES])}` : personName();
      name = `${county.name}${owner}${shop}`;
      industryCode = code;
    } else {
      const [code, product] = pick(COOPERATIVE_PRODUCTS);
      name = `${county.name}${pick(BRANDS)}${product}农民专业合作社`;
      industryCode = code;
    }
    const formerNames = kind === 'enterprise' && random() < 0.05 ? [name.replace(/有限公司$/, '经营部')] : [];
    const formerRegistrationNumbers =
      year < 2016 ? [`${county.code}${String(600_000_000 + serial).padStart(9, '0')}`] : [];
    batch.push({
      creditCode,
      name,
      kind,
      status: pickStatus(random),
      regionCode: county.code,
      industryCode,
      legalRepresentative: personName(),
      establishedOn,
      registrationAuthority: `${county.name}市场监督管理局`,
      address: `${province?.name ?? ''}${prefecture?.name ?? ''}${county.name}${pick(TOWNSHIPS)}${pick(ROADS)}${1 + Math.floor(random() * 300)}号`,
      formerNames,
      formerRegistrationNumbers,
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
