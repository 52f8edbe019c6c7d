import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { buildCreditCode, chinaToday, REGIONS } from '@gzcredit/domain';
import { organizationCode, randomSource } from '../../apps/server/src/seed/demo-enterprises';

/**
 * 行政处罚信息 rows for the ingestion benchmark: valid Guizhou credit codes (half of them of entities loaded before the
 * upload, half unknown, so they wait in the matching queue), realistic Chinese text, decision dates in the last two
 * years. Deterministic for a seed and a date: the CSV upload and the COPY baseline see the same rows.
 */

const VIOLATIONS: Array<[string, string, string, string]> = [
  [
    '虚假宣传',
    '在门店及网络店铺宣传中使用“国家级”“最佳”等绝对化用语，误导消费者',
    '《中华人民共和国广告法》第五十七条',
    '罚款',
  ],
  ['销售过期食品', '经营超过保质期的预包装食品，货值金额较小', '《中华人民共和国食品安全法》第一百二十四条', '罚款'],
  ['无证经营', '未取得食品经营许可从事餐饮服务活动', '《中华人民共和国食品安全法》第一百二十二条', '没收违法所得'],
  ['计量违法', '使用未经检定的电子计价秤进行贸易结算', '《中华人民共和国计量法》第二十六条', '警告'],
  ['价格违法', '未按规定明码标价，商品标价签内容不全', '《中华人民共和国价格法》第四十二条', '罚款'],
  ['商标侵权', '销售侵犯注册商标专用权的白酒产品', '《中华人民共和国商标法》第六十条', '没收非法财物'],
  ['产品质量不合格', '销售的钢筋经抽检屈服强度不符合国家标准', '《中华人民共和国产品质量法》第四十九条', '罚款'],
  ['未按时年报', '未按规定期限公示年度报告，经责令仍未改正', '《企业信息公示暂行条例》第十八条', '通报批评'],
  ['环境违法', '未批先建，配套环保设施未验收即投入生产', '《中华人民共和国环境影响评价法》第三十一条', '责令停产停业'],
  ['安全生产违法', '未按规定对从业人员进行安全生产教育和培训', '《中华人民共和国安全生产法》第九十七条', '罚款'],
];
const LEVELS = ['一般失信', '一般失信', '一般失信', '较重失信', '严重失信'];
const BUREAUS = ['筑', '遵', '六', '安', '毕', '铜', '黔东南', '黔南', '黔西南'];

function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export interface KnownEntity {
  creditCode: string;
  name: string;
}

/** The penalty template's values by header; the caller orders them by the template it downloaded. */
export function* penaltyRows(
  count: number,
  known: readonly KnownEntity[],
  options: { seed?: number; today?: string } = {},
): Generator<Record<string, string>> {
  const random = randomSource(options.seed ?? 20_261_201);
  const today = options.today ?? chinaToday();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const counties = REGIONS.filter((region) => region.level === 'county');
  for (let index = 0; index < count; index++) {
    const county = pick(counties);
    const matched = index % 2 === 0 && known.length > 0;
    const entity = matched
      ? known[(index >>> 1) % known.length]!
      : {
          creditCode: buildCreditCode(`91${county.code}${organizationCode(index, 'N')}`),
          name: `${county.name}${pick(['黔峰', '乌江', '苗岭', '赤水', '梵净', '娄山'])}${pick(['商贸', '建材', '餐饮管理', '农业科技', '酒业'])}有限公司`,
        };
    const [type, facts, basis, category] = pick(VIOLATIONS);
    const fine = category === '罚款' ? (Math.floor(random() * 2000) / 100).toString() : '';
    const bureau = pick(BUREAUS);
    yield {
      统一社会信用代码: entity.creditCode,
      主体名称: entity.name,
      失信等级: pick(LEVELS),
      使用范围: '',
      行政处罚决定书文号: `${bureau}市监罚〔2026〕${10_000 + index}号`,
      违法行为类型: type,
      违法事实: `经查，当事人${facts}，违法行为持续时间约 ${1 + Math.floor(random() * 90)} 天。`,
      处罚依据: basis,
      处罚类别: category,
      处罚内容: category === '罚款' ? `罚款人民币 ${fine} 万元` : `${category}，并责令改正`,
      '罚款金额（万元）': fine,
      '没收违法所得、没收非法财物的金额（万元）': category.startsWith('没收') ? '0.5' : '',
      暂扣或吊销证照名称及编号: '',
      处罚决定日期: addDays(today, -1 - Math.floor(random() * 700)),
      处罚机关: `${county.name}市场监督管理局`,
      处罚机关统一社会信用代码: '',
    };
  }
}

const QUOTE_NEEDED = /[",\r\n]/;
const csvCell = (value: string) => (QUOTE_NEEDED.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

/** Writes the rows as a UTF-8 CSV with BOM (as the template is), streaming; returns the file size. */
export async function writePenaltyCsv(
  path: string,
  header: readonly string[],
  rows: Iterable<Record<string, string>>,
): Promise<number> {
  const output = createWriteStream(path);
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!output.write(text)) await once(output, 'drain');
  };
  await write(`\uFEFF${header.map(csvCell).join(',')}\r\n`);
  let pending = '';
  for (const row of rows) {
    pending += `${header.map((name) => csvCell(row[name] ?? '')).join(',')}\r\n`;
    if (pending.length > 256 * 1024) {
      await write(pending);
      pending = '';
    }
  }
  await write(pending);
  output.end();
  await once(output, 'finish');
  return bytes;
}
