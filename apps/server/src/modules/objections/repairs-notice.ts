import {
  addMonths,
  chinaDateTime,
  DISHONESTY_LEVEL_LABELS,
  REPAIR_ACCEPTANCE_WORKING_DAYS,
  REPAIR_EXCLUSIONS,
  repairMinMonths,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { getCatalogueItem } from '../catalogue';
import { findRepairableRecord } from '../records';
import { PDF_COLORS, startPlatformPdf } from '../reports';
import type { RepairSettings } from './repairs.service';

const TITLE = '信用修复告知书';

/** The portal page where the entity applies for the repair of one record (the notice's QR code and the profile link). */
export function repairApplicationUrl(baseUrl: string, recordId: number): string {
  return `${baseUrl}/repairs/apply?record=${recordId}`;
}

/**
 * 两书同达 (国办发〔2025〕22号; 令第36号): the 信用修复告知书 the agency serves with its 行政处罚决定书 or 列入名单决定书: what
 * the entity may do, from when, and how. For the agency's own 不良 records (行政处罚, listings and the other 失信信息
 * decisions; where another procedure governs, the notice says so); printed with the
 * credit reports' PDF machinery (the project's CJK font), its QR code leading to the record's application page.
 */
export async function renderRepairNotice(
  db: Db,
  actor: Actor,
  recordId: number,
  options: RepairSettings & { baseUrl: string },
): Promise<{ pdf: PDFKit.PDFDocument; fileName: string }> {
  const record = await findRepairableRecord(db, recordId);
  if (!record || Number(record.agencyId) !== actor.agency.id) throw new AppError('RECORD_NOT_FOUND');
  const item = await getCatalogueItem(db, Number(record.itemId));
  if (item.category !== 'bad') throw new AppError('REPAIR_NOTICE_NOT_APPLICABLE');
  const issuedAt = new Date().toISOString();
  const applyUrl = repairApplicationUrl(options.baseUrl, Number(record.id));
  const decisionNumber = record.payload.decisionNumber;
  const { doc, writer, qr } = await startPlatformPdf({
    title: TITLE,
    documentTitle: `${TITLE}-${record.entityName}`,
    subject: `${record.itemName} ${decisionNumber ?? ''}`.trim(),
    issuedAt,
    verificationUrl: applyUrl,
  });
  writer.summary(
    [
      ['当事人', record.entityName],
      ['统一社会信用代码', record.creditCode],
      ['决定文书号', decisionNumber ?? '—'],
      ['认定单位', record.agencyName],
      ['决定日期', record.aroseOn],
      [
        '信息类别',
        `${item.name}${record.dishonestyLevel ? `（${DISHONESTY_LEVEL_LABELS[record.dishonestyLevel]}）` : ''}`,
      ],
    ],
    qr,
    '扫码申请信用修复',
  );

  const excluded = REPAIR_EXCLUSIONS[item.role] ?? REPAIR_EXCLUSIONS[item.code];
  const minMonths = repairMinMonths({ dishonestyLevel: record.dishonestyLevel, item });
  writer.paragraph(
    `${record.entityName}：本单位于 ${record.aroseOn} 对你（单位）作出的${item.name}，将依法在贵州省企业公共信用信息平台公示并共享。根据《信用修复管理办法》（国家发展改革委令第36号）和《国务院办公厅关于进一步完善信用修复制度的实施方案》（国办发〔2025〕22号），现将信用修复有关事项告知如下。`,
  );
  writer.space(0.8);

  writer.heading(0, '可以做什么');
  writer.paragraph(
    excluded ??
      '在纠正失信行为、履行相关法定义务后，你（单位）可以申请信用修复。修复后，该信息终止公示，平台停止共享和使用，依据该信息采取的失信惩戒措施同步解除，信用状况随之更新；信息本身按规定保存，不再公开。',
  );
  writer.space(0.8);

  writer.heading(1, '何时可以申请');
  if (excluded || minMonths === null) writer.paragraph('该信息不适用本平台的信用修复申请，见上文。');
  else
    writer.table([
      ['最短公示期', minMonths === 0 ? '无（履行义务后即可申请）' : `${minMonths} 个月，自决定日期起算`],
      ['最早可申请日期', addMonths(record.aroseOn, minMonths)],
      [
        '不予修复的情形',
        '法律、法规或者党中央、国务院政策文件明确规定不可修复的；修复后 12 个月内再次发生同类失信行为的（屡禁不止、屡罚不改），自再次认定之日起 12 个月内',
      ],
    ]);
  writer.space(0.8);

  writer.heading(2, '如何申请');
  const steps = [
    `登录贵州省企业公共信用信息平台（扫描首页二维码，或访问 ${applyUrl}），由法定代表人或授权人通过向本主体登记手机号码发送的验证码或省统一身份认证核验身份。`,
    '上传已纠正失信行为、履行法定义务的证明材料（如罚款缴纳凭证、整改报告；PDF、Word、Excel 或图片，每份不超过 20 MB），并在线签署平台生成的信用修复承诺书。',
    `平台自收到申请之日起 ${REPAIR_ACCEPTANCE_WORKING_DAYS} 个工作日内作出是否受理的决定；材料不全的，一次性告知需要补正的内容。`,
    `受理后由本单位（谁认定、谁修复）在 ${options.decisionWorkingDays} 个工作日内作出是否准予修复的决定；情况复杂需要核查的，可延长一次（不超过 ${options.extensionWorkingDays} 个工作日）并告知理由。不予修复的，说明理由，纠正后可以再次申请。`,
    '凭申请编号在平台查询办理进度和结果。',
  ];
  steps.forEach((step, index) => {
    writer.paragraph(`${index + 1}. ${step}`);
    writer.space(0.2);
  });
  writer.space(0.6);
  writer.paragraph(
    `本告知书与${decisionNumber ? `《${decisionNumber}》` : '相关决定书'}同时送达（两书同达）。出具时间：${chinaDateTime(issuedAt)}（北京时间）。`,
    { color: PDF_COLORS.muted },
  );
  writer.pageFurniture('决定文书号', decisionNumber ?? `信息 ${record.id}`);
  doc.end();
  return { pdf: doc, fileName: `${TITLE}-${record.entityName}-${record.aroseOn}.pdf` };
}
