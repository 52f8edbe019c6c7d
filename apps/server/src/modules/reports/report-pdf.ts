import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { RECORD_DATE_LABELS } from '@gzcredit/contracts';
import {
  chinaDateTime,
  DISHONESTY_LEVEL_LABELS,
  describeStanding,
  ENTITY_BADGE_LABELS,
  ENTITY_KIND_LABELS,
  ENTITY_STATUS_LABELS,
  type EntityKind,
  formatCount,
} from '@gzcredit/domain';
import type { SignedDocument } from '@gzcredit/verify';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { ReportContent, ReportSection } from './report-content';

/**
 * The CJK font ships with the project (one weight each of Noto Sans SC, SIL OFL): a PDF never relies on a font of the
 * machine that renders or reads it. pdfkit embeds only the glyphs a report uses (a subset, FontFile2).
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf',
} as const;
type FontName = keyof typeof FONT_FILES;

const require = createRequire(import.meta.url);
let fontsLoading: Promise<Record<FontName, Buffer>> | undefined;

/** Both font files, read once per process (~10 MB each) and shared by every report. */
export function loadReportFonts(): Promise<Record<FontName, Buffer>> {
  fontsLoading ??= Promise.all([
    readFile(require.resolve(FONT_FILES.regular)),
    readFile(require.resolve(FONT_FILES.bold)),
  ]).then(([regular, bold]) => ({ regular, bold }));
  fontsLoading.catch(() => {
    fontsLoading = undefined;
  });
  return fontsLoading;
}

const PLATFORM_NAME = '贵州省企业公共信用信息平台';
const TITLE = '企业信用报告';
const CHINESE_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const COLORS = {
  text: '#1f1f1f',
  muted: '#595959',
  accent: '#1d4e89',
  border: '#c9d1db',
  labelFill: '#f2f5f9',
  danger: '#a8071a',
};
const MARGINS = { top: 64, bottom: 64, left: 56, right: 56 };
const BODY_SIZE = 9;
const LINE_GAP = 1.5;
const PADDING_X = 5;
const PADDING_Y = 4;
const LABEL_WIDTH = 96;
const QR_SIZE = 92;

type Cell = { text: string; width: number; label: boolean };

function legalRepresentativeLabel(kind: EntityKind): string {
  return kind === 'individual' ? '经营者' : '法定代表人';
}

function addressLabel(kind: EntityKind): string {
  return kind === 'individual' ? '经营场所' : '住所';
}

/**
 * Draws a platform document (a credit report, a credit check) onto a pdfkit document, page by page; every text is
 * printed as text, never interpreted. `title` heads the first page and the running header.
 */
export class ReportWriter {
  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly title: string,
  ) {}

  private get left(): number {
    return this.doc.page.margins.left;
  }

  private get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  private get contentHeight(): number {
    return this.bottom - this.doc.page.margins.top;
  }

  /** A value column of a four-column row (label, value, label, value). */
  private get halfValueWidth(): number {
    return (this.width - 2 * LABEL_WIDTH) / 2;
  }

  /** Starts a new page unless `height` more points fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom - 2) this.doc.addPage();
  }

  private use(font: FontName, size: number, color: string = COLORS.text): PDFKit.PDFDocument {
    return this.doc.font(font).fontSize(size).fillColor(color);
  }

  heading1(): void {
    this.use('bold', 13, COLORS.accent).text(PLATFORM_NAME, this.left, this.doc.y, {
      width: this.width,
      align: 'center',
    });
    this.doc.moveDown(0.3);
    this.use('bold', 24).text(this.title, this.left, this.doc.y, {
      width: this.width,
      align: 'center',
    });
    this.doc.moveDown(0.8);
  }

  /** The QR code drawn as vector squares: sharp at any zoom and on any printer. */
  private qrCode(modules: QRCode.BitMatrix, x: number, y: number, size: number): void {
    const quiet = 1;
    const cell = size / (modules.size + 2 * quiet);
    for (let row = 0; row < modules.size; row++) {
      for (let column = 0; column < modules.size; column++) {
        if (modules.get(row, column)) {
          this.doc.rect(x + (column + quiet) * cell, y + (row + quiet) * cell, cell + 0.05, cell + 0.05);
        }
      }
    }
    this.doc.fill('#000000');
  }

  /** The document's number, time and subject on the left (`lines`); the verification QR code on the right. */
  summary(lines: [string, string][], qr: QRCode.BitMatrix, qrCaption: string): void {
    const top = this.doc.y;
    const textWidth = this.width - QR_SIZE - 24;
    this.doc.y = top + 6;
    for (const [label, value] of lines) {
      this.use('regular', 10, COLORS.muted).text(`${label}：`, this.left + 10, this.doc.y, {
        width: textWidth,
        continued: true,
        lineGap: 4,
      });
      this.use('regular', 10).text(value, { lineGap: 4 });
    }
    const qrX = this.left + this.width - QR_SIZE - 6;
    this.qrCode(qr, qrX, top + 2, QR_SIZE);
    this.use('regular', 7.5, COLORS.muted).text(qrCaption, qrX - 10, top + QR_SIZE + 4, {
      width: QR_SIZE + 20,
      align: 'center',
      lineBreak: false,
    });
    const bottom = Math.max(this.doc.y, top + QR_SIZE + 20);
    this.doc
      .roundedRect(this.left, top - 4, this.width, bottom - top + 8, 4)
      .lineWidth(0.8)
      .stroke(COLORS.border);
    this.doc.x = this.left;
    this.doc.y = bottom + 18;
  }

  heading(index: number, title: string, note?: string): void {
    this.ensureSpace(70);
    const y = this.doc.y;
    this.doc.rect(this.left, y + 2, 3.5, 14).fill(COLORS.accent);
    this.use('bold', 12.5, COLORS.accent).text(`${CHINESE_NUMERALS[index] ?? index + 1}、${title}`, this.left + 10, y, {
      width: this.width - 10,
      continued: note !== undefined,
    });
    if (note !== undefined) this.use('regular', 9.5, COLORS.muted).text(`　${note}`);
    this.doc.x = this.left;
    this.doc.moveDown(0.5);
  }

  /** A record's title, kept on the page with the first rows of its table. */
  subheading(text: string, aside?: { text: string; color: string }): void {
    this.ensureSpace(80);
    const y = this.doc.y;
    this.use('bold', 10).text(text, this.left, y, { width: this.width - 90, lineGap: LINE_GAP });
    const after = this.doc.y;
    if (aside) {
      this.use('bold', 9.5, aside.color).text(aside.text, this.left + this.width - 90, y + 1, {
        width: 90,
        align: 'right',
        lineBreak: false,
      });
    }
    this.doc.x = this.left;
    this.doc.y = after + 3;
  }

  /** A small title inside a record, kept with the row that follows. */
  caption(text: string): void {
    this.ensureSpace(44);
    this.doc.moveDown(0.3);
    this.use('bold', BODY_SIZE, COLORS.muted).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.2);
  }

  private fitsHalfRow(label: string, value: string): boolean {
    this.use('regular', BODY_SIZE);
    return (
      !value.includes('\n') &&
      this.doc.widthOfString(value) <= this.halfValueWidth - 2 * PADDING_X &&
      this.doc.widthOfString(label) <= 2 * (LABEL_WIDTH - 2 * PADDING_X)
    );
  }

  /**
   * A bordered label/value table: two short pairs share a row (label, value, label, value), a long value takes a
   * whole row. A row that does not fit moves to the next page whole.
   */
  table(items: [string, string][]): void {
    for (let index = 0; index < items.length; index++) {
      const [label, value] = items[index]!;
      const next = items[index + 1];
      if (next && this.fitsHalfRow(label, value) && this.fitsHalfRow(next[0], next[1])) {
        this.row([
          { text: label, width: LABEL_WIDTH, label: true },
          { text: value, width: this.halfValueWidth, label: false },
          { text: next[0], width: LABEL_WIDTH, label: true },
          { text: next[1], width: this.halfValueWidth, label: false },
        ]);
        index++;
      } else {
        this.row([
          { text: label, width: LABEL_WIDTH, label: true },
          { text: value, width: this.width - LABEL_WIDTH, label: false },
        ]);
      }
    }
  }

  private row(cells: Cell[]): void {
    this.use('regular', BODY_SIZE);
    const textHeight = Math.max(
      ...cells.map((cell) =>
        this.doc.heightOfString(cell.text, { width: cell.width - 2 * PADDING_X, lineGap: LINE_GAP }),
      ),
    );
    const height = textHeight + 2 * PADDING_Y;
    if (height > this.contentHeight) {
      // Longer than a page (a 2,000-character 违法事实 is not, but be safe): let the text flow across pages.
      for (const cell of cells) {
        this.ensureSpace(30);
        this.use('regular', BODY_SIZE, cell.label ? COLORS.muted : COLORS.text).text(
          cell.label ? `${cell.text}：` : cell.text,
          this.left,
          this.doc.y,
          { width: this.width, lineGap: LINE_GAP },
        );
      }
      this.doc.moveDown(0.3);
      return;
    }
    this.ensureSpace(height);
    const y = this.doc.y;
    let x = this.left;
    for (const cell of cells) {
      if (cell.label) this.doc.rect(x, y, cell.width, height).fill(COLORS.labelFill);
      x += cell.width;
    }
    this.doc.lineWidth(0.5).rect(this.left, y, this.width, height).stroke(COLORS.border);
    x = this.left;
    for (const cell of cells.slice(0, -1)) {
      x += cell.width;
      this.doc
        .moveTo(x, y)
        .lineTo(x, y + height)
        .stroke(COLORS.border);
    }
    x = this.left;
    for (const cell of cells) {
      this.use('regular', BODY_SIZE, cell.label ? COLORS.muted : COLORS.text).text(
        cell.text,
        x + PADDING_X,
        y + PADDING_Y,
        { width: cell.width - 2 * PADDING_X, lineGap: LINE_GAP },
      );
      x += cell.width;
    }
    this.doc.x = this.left;
    this.doc.y = y + height;
  }

  paragraph(text: string, options: { color?: string; size?: number } = {}): void {
    this.use('regular', options.size ?? BODY_SIZE, options.color ?? COLORS.text).text(text, this.left, this.doc.y, {
      width: this.width,
      lineGap: LINE_GAP + 1.5,
    });
    this.doc.x = this.left;
  }

  space(lines: number): void {
    this.doc.moveDown(lines);
  }

  /** A running header from the second page on, and `第 N 页 共 M 页` on every page (written once all pages exist). */
  pageFurniture(numberLabel: string, number: string): void {
    const range = this.doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      this.doc.switchToPage(index);
      const page = this.doc.page;
      // Text in the bottom margin would otherwise start a new page.
      const bottomMargin = page.margins.bottom;
      page.margins.bottom = 0;
      if (index > range.start) {
        this.use('regular', 8, COLORS.muted).text(`${PLATFORM_NAME} · ${this.title}`, this.left, 34, {
          width: this.width / 2,
          lineBreak: false,
        });
        this.use('regular', 8, COLORS.muted).text(`${numberLabel}：${number}`, this.left + this.width / 2, 34, {
          width: this.width / 2,
          align: 'right',
          lineBreak: false,
        });
        this.doc
          .moveTo(this.left, 48)
          .lineTo(this.left + this.width, 48)
          .lineWidth(0.5)
          .stroke(COLORS.border);
      }
      this.use('regular', 8.5, COLORS.muted).text(
        `第 ${index - range.start + 1} 页 共 ${range.count} 页`,
        this.left,
        page.height - 40,
        { width: this.width, align: 'center', lineBreak: false },
      );
      page.margins.bottom = bottomMargin;
    }
  }
}

function basicInformation(content: ReportContent): [string, string][] {
  const entity = content.entity;
  return [
    ['统一社会信用代码', entity.creditCode],
    ['名称', entity.name],
    ['主体类型', ENTITY_KIND_LABELS[entity.kind]],
    [legalRepresentativeLabel(entity.kind), entity.legalRepresentative ?? '—'],
    ['登记状态', ENTITY_STATUS_LABELS[entity.status]],
    ['成立日期', entity.establishedOn ?? ''],
    ['登记机关', entity.registrationAuthority ?? '—'],
    ['所属地区', entity.regionName],
    ['所属行业', entity.industryName ?? '—'],
    [addressLabel(entity.kind), entity.address ?? '—'],
    ['曾用名', entity.formerNames.length > 0 ? entity.formerNames.join('；') : '—'],
    ['信用标识', entity.badges.length > 0 ? entity.badges.map((badge) => ENTITY_BADGE_LABELS[badge]).join('、') : '无'],
    // The same sentences as the profile page (domain describeStanding): which list, or a 严重失信 record that is not one.
    ...describeStanding(entity.badges).map((sentence): [string, string] => ['信用状况', sentence]),
  ];
}

/** What a record without an end date says: listings last until their removal; others are publicised without a limit. */
function untilText(section: ReportSection['key']): string {
  if (section === 'abnormal' || section === 'serious_illegal') return '至移出时止';
  return section === 'removed_listings' ? '已移出' : '长期';
}

/** A value as printed: blanks as a dash; dates stay YYYY-MM-DD as on every other view; the text is never interpreted. */
function displayValue(value: string): string {
  return value.trim() === '' ? '—' : value;
}

export interface ReportPdfInput {
  content: ReportContent;
  digest: string;
  /** The platform's signed bundle of the report, attached to the PDF (docs/verifiable-log.md). */
  signed: SignedDocument;
  /** The verification page's address for this report, printed and encoded in the QR code (drawn as vectors). */
  verificationUrl: string;
}

/**
 * Attaches a document's signed bundle to its PDF as an embedded file (ISO 32000 §7.11.4; PDF/A-3's associated file,
 * relationship Data), which `npx gzcredit-verify` reads. This is not a PDF signature (PAdES): pdfkit cannot reserve
 * and fill a /ByteRange signature field (docs/verifiable-log.md).
 */
export function attachSignedDocument(doc: PDFKit.PDFDocument, signed: SignedDocument): void {
  doc.file(Buffer.from(JSON.stringify(signed, null, 2), 'utf8'), {
    name: `${signed.subject}.sig.json`,
    type: 'application/json',
    description: '平台签名文件：规范内容、SM2 签名、可验证日志叶子序号、包含证明与检查点（npx gzcredit-verify 核验）',
    // pdfkit 0.20 writes it as the file's /AFRelationship; @types/pdfkit does not list it yet.
    relationship: 'Data',
  } as PDFKit.Mixins.PDFAttachmentOptions);
}

/** The rows a signed document prints under its digest: its leaf, the checkpoint and the signature. */
export function signatureRows(signed: SignedDocument): [string, string][] {
  return [
    [
      '可验证日志叶子',
      `第 ${signed.leafIndex} 个叶子；检查点树大小 ${signed.checkpoint.treeSize}，树根 ${signed.checkpoint.rootHash}`,
    ],
    ['平台签名（SM2）', `${signed.signature}（公钥标识 ${signed.keyId}）`],
  ];
}

/**
 * An A4 platform document with the project's CJK font, its first page begun with the platform's name and `title`, and
 * the QR code of `verificationUrl` (drawn by `summary`). Credit reports and credit checks are both printed this way.
 */
export async function startPlatformPdf(options: {
  title: string;
  /** The document's own title in the PDF's properties (e.g. `企业信用报告-<name>`). */
  documentTitle: string;
  subject: string;
  issuedAt: string;
  verificationUrl: string;
}): Promise<{ doc: PDFKit.PDFDocument; writer: ReportWriter; qr: QRCode.BitMatrix }> {
  const fonts = await loadReportFonts();
  const qr = QRCode.create(options.verificationUrl, { errorCorrectionLevel: 'M' }).modules;
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    autoFirstPage: false,
    // pdfkit selects Helvetica, a standard font the reader's machine supplies, unless told otherwise: none.
    font: null as unknown as undefined,
    info: {
      Title: options.documentTitle,
      Author: PLATFORM_NAME,
      Subject: options.subject,
      Creator: PLATFORM_NAME,
      CreationDate: new Date(options.issuedAt),
    },
    lang: 'zh-CN',
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('regular');
  doc.addPage();
  const writer = new ReportWriter(doc, options.title);
  writer.heading1();
  return { doc, writer, qr };
}

/**
 * Renders the report as an A4 PDF and returns the finished pdfkit document, a readable stream of the file. Drawing is
 * synchronous once the fonts are loaded, so a failure surfaces before a byte is sent.
 */
export async function renderReportPdf({
  signed,
  content,
  digest,
  verificationUrl,
}: ReportPdfInput): Promise<PDFKit.PDFDocument> {
  const { doc, writer, qr } = await startPlatformPdf({
    title: TITLE,
    documentTitle: `${TITLE}-${content.entity.name}`,
    subject: `报告编号 ${content.reportNo}`,
    issuedAt: content.issuedAt,
    verificationUrl,
  });
  writer.summary(
    [
      ['报告编号', content.reportNo],
      ['出具时间', `${chinaDateTime(content.issuedAt)}（北京时间）`],
      ['主体名称', content.entity.name],
      ['统一社会信用代码', content.entity.creditCode],
    ],
    qr,
    '扫码验证报告真伪',
  );

  let sectionIndex = 0;
  writer.heading(sectionIndex++, '基本信息');
  writer.table(basicInformation(content).map(([label, value]) => [label, displayValue(value)]));
  writer.space(1.2);

  for (const section of content.sections) {
    writer.heading(sectionIndex++, section.title, `共 ${formatCount(section.records.length)} 条`);
    if (section.records.length === 0) {
      writer.paragraph('截至报告出具时间，平台无该类公示信息。', { color: COLORS.muted });
    }
    section.records.forEach((record, recordIndex) => {
      const level = record.dishonestyLevel;
      writer.subheading(
        `（${recordIndex + 1}）${record.itemName}`,
        level ? { text: DISHONESTY_LEVEL_LABELS[level], color: COLORS.danger } : undefined,
      );
      // 异议处理中 (issue 21): the entity's objection is with the providing agency while the report is issued.
      if (record.underObjection)
        writer.paragraph('异议处理中：主体已对该信息提出异议，提供单位正在处理。', { color: COLORS.danger });
      const rows: [string, string][] = [
        ['提供单位', displayValue(record.agencyName)],
        [RECORD_DATE_LABELS.aroseOn, record.aroseOn],
        [RECORD_DATE_LABELS.receivedAt, chinaDateTime(record.receivedAt)],
        // No end date: a listing lasts until its removal (SPEC §3); other items are publicised without a limit.
        [RECORD_DATE_LABELS.publicityUntil, record.publicityUntil ?? untilText(section.key)],
      ];
      // 失信等级 dishonesty level: carried by every 不良 record (Rules Art. 7(三), 13).
      if (level) rows.push(['失信等级', DISHONESTY_LEVEL_LABELS[level]]);
      for (const field of record.fields) rows.push([field.label, displayValue(field.value)]);
      // 移出 as gsxt shows it: date, reason and the deciding authority next to the listing.
      if (record.removal)
        rows.push(
          [RECORD_DATE_LABELS.removedOn, record.removal.removedOn],
          ['移出原因', displayValue(record.removal.reason)],
          ['作出移出决定机关', displayValue(record.removal.authority)],
        );
      writer.table(rows);
      if (record.correction) {
        // Art. 16: the version before the correction is shown next to the current one, with the reason.
        writer.table([
          [RECORD_DATE_LABELS.correctedAt, chinaDateTime(record.correction.correctedAt)],
          ['更正原因', displayValue(record.correction.reason)],
        ]);
        writer.caption('更正前的内容');
        writer.table(record.correction.before.map((field) => [field.label, displayValue(field.value)]));
      }
      writer.space(0.8);
    });
    writer.space(0.8);
  }

  writer.heading(sectionIndex++, '报告说明');
  const statements = [
    `本报告信息来源于${PLATFORM_NAME}，为各级国家机关依法归集并截至报告出具时间在平台公示的企业公共信用信息，不含未公示、已撤销或已超过公示期限的信息。`,
    '本报告仅供参考，不构成对该主体信用状况的最终评价。报告出具后信息可能发生变化，以平台公示为准。',
    '如对报告所列信息有异议，可由主体的法定代表人或经授权的经办人在平台在线提出，或向信息提供单位提出。',
    '本报告的 SM3 摘要由报告全部内容计算得出。扫描首页二维码或访问下列验证地址，可核验本报告是否由平台出具、摘要是否一致。',
    '本报告由平台以 SM2 签名，并记入平台的可验证日志。本 PDF 附有签名文件，可用 npx gzcredit-verify 离线核验签名、每条记录的摘要及其在检查点中的包含证明。',
  ];
  statements.forEach((statement, index) => {
    writer.paragraph(`${index + 1}. ${statement}`, { color: COLORS.muted });
    writer.space(0.2);
  });
  writer.space(0.6);
  writer.table([
    ['报告编号', content.reportNo],
    ['出具时间', `${chinaDateTime(content.issuedAt)}（北京时间）`],
    ['内容摘要（SM3）', digest],
    ...signatureRows(signed),
    ['验证地址', verificationUrl],
  ]);

  writer.pageFurniture('报告编号', content.reportNo);
  attachSignedDocument(doc, signed);
  doc.end();
  return doc;
}
