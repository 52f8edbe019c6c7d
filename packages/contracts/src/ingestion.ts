import { z } from 'zod';

/**
 * 数据上传 (Rules Art. 13(二)): an agency uploads a CSV or XLSX file in its catalogue item's template; a background job
 * validates every row, stores the valid ones and keeps the others for a downloadable error report.
 *
 * POST /api/console/uploads is multipart/form-data with the field `itemId` first (and `kind` = `removals` for a file of
 * removals from a listing), then the field `file` (.csv in UTF-8
 * or GB18030/GBK, or .xlsx). The answer is an Upload; `duplicate: true` when the same file was already uploaded for
 * the same item (nothing is stored twice).
 */
export const SPREADSHEET_FORMATS = ['xlsx', 'csv'] as const;
export type SpreadsheetFormat = (typeof SPREADSHEET_FORMATS)[number];

export const UPLOAD_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type UploadStatus = (typeof UPLOAD_STATUSES)[number];
export const UPLOAD_STATUS_LABELS: Record<UploadStatus, string> = {
  queued: '排队中',
  running: '处理中',
  done: '已完成',
  failed: '失败',
};

/** Header of the row number column in error reports (the row in the uploaded sheet; the header is row 1). */
export const ERROR_REPORT_ROW_HEADER = '行号';
/** Header of the error column in error reports: every error of the row as `字段名：说明`, joined by `；`. */
export const ERROR_REPORT_MESSAGE_HEADER = '错误说明';
/** Rows whose 主体名称 starts with this are the template's example rows: skipped on import, never counted. */
export const EXAMPLE_ROW_MARK = '【示例】';

export const SpreadsheetFormatQuerySchema = z.object({
  format: z.enum(SPREADSHEET_FORMATS).default('xlsx').describe('文件格式：xlsx（默认）或 csv（UTF-8，带 BOM）'),
});

/**
 * What the rows of an upload are: records of the item (the default), or removals (移出) from a listing item's list,
 * one per row with 统一社会信用代码, 主体名称, 列入决定书文号, 移出日期, 移出原因 and 作出移出决定机关.
 */
export const UPLOAD_KINDS = ['records', 'removals'] as const;
export type UploadKind = (typeof UPLOAD_KINDS)[number];
export const UPLOAD_KIND_LABELS: Record<UploadKind, string> = { records: '报送信息', removals: '移出名单' };

export const TemplateQuerySchema = SpreadsheetFormatQuerySchema.extend({
  kind: z
    .enum(UPLOAD_KINDS)
    .default('records')
    .describe('records：信息导入模板（默认）；removals：名单信息项的移出模板'),
});

export const UploadSchema = z.object({
  id: z.number().int(),
  item: z.object({ id: z.number().int(), code: z.string(), name: z.string() }),
  kind: z.enum(UPLOAD_KINDS),
  fileName: z.string(),
  fileSize: z.number().int(),
  format: z.enum(SPREADSHEET_FORMATS),
  status: z.enum(UPLOAD_STATUSES),
  /** Data rows in the file: exact once known (XLSX before import, CSV when done), an estimate while a CSV runs. */
  totalRows: z.number().int().nullable(),
  /** Data rows read so far (example rows and blank rows included). */
  rowsDone: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** 0–100, for the progress bar. */
  progress: z.number().int().min(0).max(100),
  /** Why the file as a whole could not be imported (wrong columns, broken file, encoding), Chinese. */
  errorMessage: z.string().nullable(),
  /** The exchange-log batch of the upload (Art. 14). */
  batchId: z.number().int().nullable(),
  uploadedBy: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** True when rows were rejected: GET /uploads/:id/error-report gives them back with 错误说明. */
  hasErrorReport: z.boolean(),
});
export type UploadDto = z.infer<typeof UploadSchema>;

export const UploadCreatedSchema = UploadSchema.extend({
  /** The same file was already uploaded for this item: this is that upload, nothing new was stored. */
  duplicate: z.boolean(),
});
export type UploadCreatedDto = z.infer<typeof UploadCreatedSchema>;

export const UPLOADS_MAX_PAGE_SIZE = 100;
export const UploadsQuerySchema = z.object({
  itemId: z.coerce.number().int().positive().optional().describe('征集目录信息项'),
  status: z.enum(UPLOAD_STATUSES).optional().describe('处理状态'),
  withErrors: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe('true：仅看有错误的上传（有未导入的行，或处理失败）'),
  createdAfter: z.iso
    .datetime({ offset: true, error: '应为带时区的时间，如 2026-12-01T08:00:00+08:00' })
    .optional()
    .describe('上传时间不早于'),
  page: z.coerce.number().int().min(1).default(1).describe('页码，从 1 开始'),
  pageSize: z.coerce.number().int().min(1).max(UPLOADS_MAX_PAGE_SIZE).default(20).describe('每页条数'),
});
export type UploadsQuery = z.infer<typeof UploadsQuerySchema>;

export const UploadListSchema = z.object({ items: z.array(UploadSchema), total: z.number().int() });
export type UploadListDto = z.infer<typeof UploadListSchema>;
