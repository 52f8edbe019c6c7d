import {
  CHECK_RESOLUTION_LABELS,
  CHECK_VERDICT_LABELS,
  type CheckItemDto,
  type CheckVerdict,
  consortiumConclusionText,
} from '@gzcredit/contracts';
import {
  chinaDateTime,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  ENTITY_BADGE_LABELS,
  ENTITY_STATUS_LABELS,
  formatCount,
} from '@gzcredit/domain';
import type { SignedDocument } from '@gzcredit/verify';
import { attachSignedDocument, PDF_COLORS, signatureRows, startPlatformPdf } from '../reports';
import type { CheckContent } from './checks.service';

const TITLE = '信用核查结果';
const MEASURE_CLASS_LABELS = { 1: '第一类', 2: '第二类', 3: '第三类' } as const;
const VERDICT_COLORS: Record<CheckVerdict, string> = {
  refused: PDF_COLORS.danger,
  caution: '#ad6800',
  clear: '#237804',
};

function standingText(item: CheckItemDto): string {
  const standing = item.standing;
  if (!standing) return '—';
  const parts = [
    standing.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[standing.dishonestyLevel] : '无失信等级',
    ...standing.badges.map((badge) => ENTITY_BADGE_LABELS[badge]),
  ];
  return parts.join('、');
}

function itemRows(item: CheckItemDto): [string, string][] {
  if (item.resolution !== 'found') {
    const rows: [string, string][] = [
      ['核查输入', [item.input.creditCode, item.input.name].filter(Boolean).join(' ')],
      ['核查结果', CHECK_RESOLUTION_LABELS[item.resolution]],
    ];
    if (item.candidates.length > 0)
      rows.push(['候选主体', item.candidates.map((c) => `${c.name}（${c.creditCode}）`).join('；')]);
    return rows;
  }
  const listings = item.records.filter((record) => record.listing);
  const bad = item.records.filter((record) => record.category === 'bad' && !record.listing);
  const good = item.records.filter((record) => record.category === 'good');
  const byLevel = DISHONESTY_LEVELS.map((level) => [level, bad.filter((r) => r.dishonestyLevel === level)] as const)
    .filter(([, records]) => records.length > 0)
    .map(
      ([level, records]) =>
        `${DISHONESTY_LEVEL_LABELS[level]} ${formatCount(records.length)} 条（${records.map((r) => r.itemName).join('、')}）`,
    );
  return [
    ['统一社会信用代码', item.creditCode ?? '—'],
    ['登记状态', item.status ? ENTITY_STATUS_LABELS[item.status] : '—'],
    ['信用状况（可查看信息）', standingText(item)],
    [
      '在列名单',
      listings.length > 0 ? listings.map((r) => `${r.itemName}（${r.agencyName}，${r.aroseOn}列入）`).join('；') : '无',
    ],
    ['不良信息', byLevel.length > 0 ? byLevel.join('；') : '无'],
    [
      '适用的惩戒措施',
      item.measures.length > 0
        ? item.measures
            .map(
              (m) =>
                `${m.name}（${MEASURE_CLASS_LABELS[m.measureClass]}；法律依据：${m.legalBasis}；实施主体：${m.implementingBody}）`,
            )
            .join('\n')
        : '无',
    ],
    ['良好信息', good.length > 0 ? good.map((r) => r.itemName).join('、') : '无'],
  ];
}

/** Prints a stored check as an A4 PDF with the credit reports' machinery: number, SM3 digest and verification QR code. */
export async function renderCheckPdf(
  content: CheckContent,
  digest: string,
  verificationUrl: string,
  /** The signed bundle of the check, attached; absent for a check run before the verifiable log existed. */
  signed: SignedDocument | undefined,
) {
  const { doc, writer, qr } = await startPlatformPdf({
    title: TITLE,
    documentTitle: `${TITLE}-${content.matter}`,
    subject: `核查编号 ${content.checkNo}`,
    issuedAt: content.checkedAt,
    verificationUrl,
  });
  writer.summary(
    [
      ['核查编号', content.checkNo],
      ['核查时间', `${chinaDateTime(content.checkedAt)}（北京时间）`],
      ['核查单位', content.agencyName],
      ['核查用途', content.purpose.name],
      ['核查事项', content.matter],
    ],
    qr,
    '扫码验证核查结果',
  );
  const count = (test: (item: CheckItemDto) => boolean) => formatCount(content.items.filter(test).length);
  writer.heading(0, '核查概况');
  const summary: [string, string][] = [
    ['核查主体数', formatCount(content.items.length)],
    ['不予准入/限制', count((item) => item.verdict === 'refused')],
    ['审慎', count((item) => item.verdict === 'caution')],
    ['未发现', count((item) => item.verdict === 'clear')],
    ['未找到', count((item) => item.resolution === 'not_found')],
    ['名称不唯一', count((item) => item.resolution === 'ambiguous')],
    ['惩戒措施清单', content.measureEditions.map((edition) => edition.label).join('；') || '—'],
  ];
  if (content.consortium) summary.push(['联合体整体结论', consortiumConclusionText(content)]);
  writer.table(summary);
  writer.space(1.2);

  writer.heading(1, '逐户核查结果', `共 ${formatCount(content.items.length)} 户`);
  for (const item of content.items) {
    const title = item.name ?? item.input.name ?? item.input.creditCode ?? '—';
    writer.subheading(
      `（${item.input.row}）${title}`,
      item.verdict
        ? { text: CHECK_VERDICT_LABELS[item.verdict], color: VERDICT_COLORS[item.verdict] }
        : { text: CHECK_RESOLUTION_LABELS[item.resolution], color: PDF_COLORS.muted },
    );
    writer.table(itemRows(item));
    writer.space(0.6);
  }

  writer.heading(2, '核查说明');
  const statements = [
    '本结果依据《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条，由核查单位通过贵州省企业公共信用信息平台核查形成，所列信息为核查时核查单位可查看的企业公共信用信息。',
    '结论“不予准入/限制”表示对该核查用途适用减损权益或增加义务的第一类失信惩戒措施；“审慎”表示存在其他不良信息、在列名单或适用其他类别的措施；“未发现”表示核查时未发现上述情形。结论和信用状况只依据核查单位可查看的信息。',
    '本结果的 SM3 摘要由全部核查内容计算得出。扫描首页二维码或访问下列验证地址，可核验本结果是否由平台出具、摘要是否一致。',
    ...(signed
      ? [
          '本结果由平台以 SM2 签名，并记入平台的可验证日志。本 PDF 附有签名文件，可用 npx gzcredit-verify 离线核验签名、内容摘要及其在检查点中的包含证明。',
        ]
      : []),
  ];
  statements.forEach((statement, index) => {
    writer.paragraph(`${index + 1}. ${statement}`, { color: PDF_COLORS.muted });
    writer.space(0.2);
  });
  writer.space(0.6);
  writer.table([
    ['核查编号', content.checkNo],
    ['核查时间', `${chinaDateTime(content.checkedAt)}（北京时间）`],
    ['内容摘要（SM3）', digest],
    ...(signed ? signatureRows(signed) : []),
    ['验证地址', verificationUrl],
  ]);
  writer.pageFurniture('核查编号', content.checkNo);
  if (signed) attachSignedDocument(doc, signed);
  doc.end();
  return doc;
}
