import type { Writable } from 'node:stream';
import {
  RECORD_DATE_LABELS,
  type RecordDto,
  type SharedExportQuery,
  type SharedRecordListDto,
  type SharedRecordsQuery,
} from '@gzcredit/contracts';
import {
  chinaDateTime,
  chinaToday,
  DISHONESTY_LEVEL_LABELS,
  formatCount,
  RECORD_CATEGORY_LABELS,
  USE_SCOPE_LABELS,
} from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { DownloadName } from '../../platform/files';
import type { Actor } from '../../platform/sessions';
import { type SheetColumn, type SpreadsheetCell, writeCsv, writeXlsx } from '../../platform/spreadsheet';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import { addExchangeBatchCounts, openExchangeBatch, readVisibleRecords, type VisibleRecordsQuery } from '../records';
import { toSharedRecordDtos } from './sharing.service';

/** Rows read per statement while an export streams: memory stays flat whatever the file's length. */
const EXPORT_PAGE = 1_000;

function toVisibleQuery(query: Omit<SharedRecordsQuery, 'before' | 'pageSize'>): VisibleRecordsQuery {
  return {
    ...(query.creditCode ? { creditCodes: [query.creditCode] } : {}),
    ...(query.name ? { name: query.name } : {}),
    ...(query.itemCode ? { itemCodes: [query.itemCode] } : {}),
    ...(query.category ? { category: query.category } : {}),
    ...(query.level ? { levels: [query.level] } : {}),
    ...(query.regionCode ? { regionCode: query.regionCode } : {}),
    ...(query.from ? { aroseFrom: query.from } : {}),
    ...(query.to ? { aroseTo: query.to } : {}),
  };
}

/** 共享查询 (Art. 22(二)): a page of what the caller's agency may see, newest first, fields as it may see them. */
export async function querySharedRecords(
  db: Db,
  actor: Actor,
  query: SharedRecordsQuery,
): Promise<SharedRecordListDto> {
  const rows = await readVisibleRecords(db, actor.agency.id, {
    ...toVisibleQuery(query),
    ...(query.before ? { beforeId: query.before } : {}),
    limit: query.pageSize + 1,
  });
  const page = rows.slice(0, query.pageSize);
  return {
    items: await toSharedRecordDtos(db, { agencyId: actor.agency.id }, page),
    next: rows.length > query.pageSize ? Number(page.at(-1)!.id) : null,
  };
}

const EXPORT_COLUMNS: readonly SheetColumn[] = [
  { header: '信息编号', width: 12 },
  { header: '信息项', width: 24 },
  { header: '信息类别', width: 10 },
  { header: '统一社会信用代码', width: 22 },
  { header: '主体名称', width: 36 },
  { header: '提供单位', width: 30 },
  { header: '使用范围', width: 12 },
  { header: '失信等级', width: 12 },
  { header: RECORD_DATE_LABELS.aroseOn, width: 14, format: 'date' },
  { header: RECORD_DATE_LABELS.receivedAt, width: 18, format: 'dateTime' },
  { header: RECORD_DATE_LABELS.publicityUntil, width: 14, format: 'date' },
  { header: '数据项', width: 80 },
];

export interface SharedExport {
  exportNo: string;
  batchId: number;
  download: DownloadName & { mediaType: string };
  write(output: Writable): Promise<void>;
}

const MEDIA_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
} as const;

/**
 * 下载 (Art. 22(二)): the query's records as XLSX or CSV, streamed page by page. A purpose is required when any record
 * found is not public (Art. 24); the export is logged in the exchange log (channel `download`, Art. 14) under its
 * number, and the file carries who, which agency, when and the number in its properties (XLSX) and its last row.
 */
export async function openSharedExport(db: Db, actor: Actor, query: SharedExportQuery): Promise<SharedExport> {
  const filter = toVisibleQuery(query);
  const purpose = query.purpose?.trim() || null;
  if (!purpose) {
    const nonPublic = await readVisibleRecords(db, actor.agency.id, { ...filter, nonPublicOnly: true, limit: 1 });
    if (nonPublic.length > 0) {
      const message = '下载用途（purpose）必填：所下载的信息含非公示信息，请说明下载用途';
      throw new AppError('VALIDATION_FAILED', message, [{ field: 'purpose', message }]);
    }
  }
  const exportedAt = new Date();
  const batchId = await openExchangeBatch(db, {
    agencyId: actor.agency.id,
    channel: 'download',
    accountId: actor.accountId,
    details: { format: query.format, purpose, filter },
  });
  const exportNo = `GX${chinaToday(exportedAt).replaceAll('-', '')}-${String(batchId).padStart(6, '0')}`;
  const who = `${actor.displayName}（${actor.username}）`;
  const stamp = [
    `导出编号：${exportNo}`,
    `导出人：${who}`,
    `单位：${actor.agency.name}`,
    `导出时间：${chinaDateTime(exportedAt)}（北京时间）`,
    `用途：${purpose ?? '仅含公示信息'}`,
  ].join('；');
  const viewer = { agencyId: actor.agency.id };

  async function* rows(): AsyncGenerator<SpreadsheetCell[]> {
    const items = new Map<number, Promise<CatalogueItem>>();
    let beforeId: number | undefined;
    let count = 0;
    for (;;) {
      const page = await readVisibleRecords(db, actor.agency.id, {
        ...filter,
        ...(beforeId === undefined ? {} : { beforeId }),
        limit: EXPORT_PAGE,
      });
      for (const record of await toSharedRecordDtos(db, viewer, page)) {
        let item = items.get(record.item.id);
        if (!item) {
          item = getCatalogueItem(db, record.item.id);
          items.set(record.item.id, item);
        }
        yield exportRow(record, await item);
      }
      count += page.length;
      if (page.length < EXPORT_PAGE) break;
      beforeId = Number(page.at(-1)!.id);
    }
    await addExchangeBatchCounts(db, batchId, { received: count, accepted: count, rejected: 0 });
    yield [`${stamp}；共 ${formatCount(count)} 条`];
  }

  const extension = query.format;
  return {
    exportNo,
    batchId,
    download: {
      originalName: `共享信息-${exportNo}.${extension}`,
      asciiName: `shared-records-${exportNo}.${extension}`,
      mediaType: MEDIA_TYPES[extension],
    },
    write: (output) =>
      extension === 'csv'
        ? writeCsv(
            output,
            EXPORT_COLUMNS.map((column) => column.header),
            rows(),
          )
        : writeXlsx(output, [{ name: '共享信息', columns: EXPORT_COLUMNS, rows: rows() }], {
            title: `共享信息下载 ${exportNo}`,
            subject: purpose ?? '仅含公示信息',
            creator: who,
            category: actor.agency.name,
            keywords: exportNo,
            description: stamp,
            created: exportedAt,
          }),
  };
}

function exportRow(record: RecordDto, item: CatalogueItem): SpreadsheetCell[] {
  const fields = item.fields
    .filter((field) => record.payload[field.key])
    .map((field) => `${field.label}：${record.payload[field.key]}`)
    .join('；');
  return [
    record.id,
    record.item.name,
    RECORD_CATEGORY_LABELS[record.item.category],
    record.creditCode,
    record.entityName,
    record.agency.name,
    USE_SCOPE_LABELS[record.useScope],
    record.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[record.dishonestyLevel] : '',
    record.aroseOn,
    chinaDateTime(record.receivedAt),
    record.publicityUntil ?? '',
    fields,
  ];
}
