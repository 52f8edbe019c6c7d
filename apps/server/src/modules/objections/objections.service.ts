import type {
  ConsoleObjectionDto,
  CreateObjectionFields,
  DecideObjectionBody,
  ObjectionDto,
  ObjectionStatus,
} from '@gzcredit/contracts';
import { OBJECTION_STATUS_LABELS } from '@gzcredit/contracts';
import { chinaToday, maskMobile } from '@gzcredit/domain';
import { appendAudit } from '../../platform/audit';
import { sm3Hex, sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { StoredFile } from '../../platform/files';
import type { Actor } from '../../platform/sessions';
import { loadWorkingDayCalendar } from '../calendar';
import { listOwnFiles } from '../files';
import {
  correctRecord,
  findApplicantRecord,
  loadSubmissionContext,
  markUnderObjection,
  revokeRecord,
} from '../records';
import { generateReportNumber } from '../reports';
import { appendLogLeaves } from '../transparency';
import { type Applicant, applicantKey, followsCase } from './applicant-session';
import { caseDeadline } from './deadlines';
import {
  findObjection,
  findObjectionByNo,
  findPendingObjectionNo,
  insertObjection,
  insertObjectionFiles,
  listApplicantObjections,
  listObjectionFiles,
  listQueue,
  lockObjection,
  type ObjectionRow,
  updateObjection,
} from './objections.repository';

/**
 * 《信用修复管理办法》与 Rules Art. 16: the providing agency decides an objection within 5 working days of its filing,
 * extendable once to 20 working days with a reason; counted with the working-day calendar (holidays and 调休).
 */
export const OBJECTION_DAYS = 5;
/** 异议编号: YY + the China date + 10 random base-32 characters, a receipt nobody can guess or enumerate. */
export const OBJECTION_NUMBER_PREFIX = 'YY';
export const OBJECTION_EXTENDED_DAYS = 20;

export interface ObjectionsDependencies {
  db: Db;
  dataKey: Buffer;
}

type ObjectionFileRow = Awaited<ReturnType<typeof listObjectionFiles>>[number];

const deadlineOf = (row: ObjectionRow, today?: string) => caseDeadline({ kind: 'objection', ...row }, today);

function toObjectionDto(row: ObjectionRow, files: ObjectionFileRow[]): ObjectionDto {
  return {
    objectionNo: row.objectionNo,
    status: row.status,
    statusLabel: OBJECTION_STATUS_LABELS[row.status],
    record: { id: Number(row.recordId), itemName: row.itemName, agencyName: row.agencyName, aroseOn: row.aroseOn },
    contactName: row.contactName,
    contactPhoneMasked: row.contactPhoneMasked,
    reasons: row.reasons,
    evidence: files.map((file) => ({ id: Number(file.id), name: file.originalName, size: Number(file.size) })),
    filedAt: row.filedAt.toISOString(),
    dueOn: deadlineOf(row).dueOn,
    extension: row.extendedDueOn ? { reason: row.extensionReason!, dueOn: row.extendedDueOn } : null,
    decision:
      row.status === 'pending'
        ? null
        : {
            outcome: row.status,
            decidedAt: row.decidedAt!.toISOString(),
            reason: row.decisionReason!,
            file:
              row.decisionFileId === null
                ? null
                : { id: Number(row.decisionFileId), name: row.decisionFileName!, size: Number(row.decisionFileSize) },
            correctedRecordId: row.resultRecordId === null ? null : Number(row.resultRecordId),
          },
  };
}

function toConsoleDto(row: ObjectionRow, files: ObjectionFileRow[], today: string): ConsoleObjectionDto {
  return {
    ...toObjectionDto(row, files),
    id: Number(row.id),
    entity: { creditCode: row.creditCode, name: row.entityName },
    agencyId: Number(row.agencyId),
    applicant: {
      name: row.applicantName,
      role: row.applicantRole as ConsoleObjectionDto['applicant']['role'],
      method: row.applicantMethod,
    },
    contactPhone: row.contactPhoneMasked,
    overdue: deadlineOf(row, today).overdue,
  };
}

async function withFiles<T>(db: Db, rows: ObjectionRow[], map: (row: ObjectionRow, files: ObjectionFileRow[]) => T) {
  const files = await listObjectionFiles(
    db,
    rows.map((row) => Number(row.id)),
  );
  return rows.map((row) =>
    map(
      row,
      files.filter((file) => Number(file.objectionId) === Number(row.id)),
    ),
  );
}

/**
 * 提出异议: against a current public record of the applicant's own entity (another entity's record, or one not in
 * public view, answers OBJECTION_RECORD_NOT_FOUND), one pending objection per record. The evidence was checked by
 * content and stored before (`storeFile`, as article attachments); the objection, its files, the record's 异议处理中
 * mark and the audit row are one transaction.
 */
export async function fileObjection(
  deps: ObjectionsDependencies,
  applicant: Applicant,
  fields: CreateObjectionFields,
  evidence: StoredFile[],
  origin: { ip: string; requestId: string },
): Promise<ObjectionDto> {
  const filedNo = await deps.db.transaction().execute(async (trx) => {
    const record = await findApplicantRecord(trx, fields.recordId, {
      enterpriseId: applicant.enterpriseId,
      lock: true,
    });
    if (!record) throw new AppError('OBJECTION_RECORD_NOT_FOUND');
    const rootRecordId = Number(record.rootId ?? record.id);
    const pending = await findPendingObjectionNo(trx, rootRecordId);
    if (pending)
      throw new AppError('OBJECTION_PENDING', `该信息已有正在处理的异议（编号 ${pending}），请按编号查看处理进度`);
    const filedOn = chinaToday();
    const calendar = await loadWorkingDayCalendar(trx);
    const created = await insertObjection(trx, {
      objectionNo: generateReportNumber(new Date(), OBJECTION_NUMBER_PREFIX),
      recordId: Number(record.id),
      rootRecordId,
      enterpriseId: applicant.enterpriseId,
      agencyId: Number(record.agencyId),
      applicantMethod: applicant.method,
      applicantRole: applicant.role,
      applicantName: applicant.name,
      applicantKey: applicantKey(applicant),
      contactName: fields.contactName,
      contactPhoneCipher: sm4Encrypt(deps.dataKey, fields.contactPhone),
      contactPhoneMasked: maskMobile(fields.contactPhone),
      reasons: fields.reasons,
      filedOn,
      dueOn: calendar.addWorkingDays(filedOn, OBJECTION_DAYS).date,
    });
    await insertObjectionFiles(
      trx,
      evidence.map((file) => ({
        objectionId: Number(created.id),
        sha256: file.sha256,
        kind: file.kind,
        mediaType: file.mediaType,
        size: file.size,
        originalName: file.originalName,
        storageKey: file.storageKey,
      })),
    );
    await markUnderObjection(trx, Number(record.id), true);
    await appendAudit(trx, {
      ip: origin.ip,
      requestId: origin.requestId,
      action: 'objection.filed',
      objectType: 'objection',
      objectId: Number(created.id),
      result: 'success',
      details: {
        objectionNo: created.objectionNo,
        creditCode: applicant.creditCode,
        recordId: Number(record.id),
        applicantName: applicant.name,
        evidence: evidence.length,
      },
    });
    return created.objectionNo;
  });
  return getOwnObjection(deps.db, applicant, filedNo);
}

/**
 * An objection by number, for the applicant who filed it (`followsCase`: that session or a later one of the same
 * verified person); any other, of the same entity too, answers OBJECTION_NOT_FOUND.
 */
export async function getOwnObjection(db: Db, applicant: Applicant, objectionNo: string): Promise<ObjectionDto> {
  const row = await findObjectionByNo(db, objectionNo);
  if (!row || !followsCase(applicant, row)) throw new AppError('OBJECTION_NOT_FOUND');
  const [dto] = await withFiles(db, [row], toObjectionDto);
  return dto!;
}

/** The latest objections the applicant filed (`followsCase`). */
export async function listOwnObjections(db: Db, applicant: Applicant): Promise<ObjectionDto[]> {
  const rows = await listApplicantObjections(db, {
    enterpriseId: applicant.enterpriseId,
    applicantKey: applicantKey(applicant),
  });
  return withFiles(db, rows, toObjectionDto);
}

/**
 * The console's queues: `agency`, the objections to the caller's agency's records; `escalated`, every objection past
 * its due date still pending, for the provincial bureau (`platform.operator`).
 */
export async function listObjectionQueue(
  db: Db,
  actor: Actor,
  query: { queue: 'agency' | 'escalated'; status?: ObjectionStatus | undefined },
): Promise<{ items: ConsoleObjectionDto[]; total: number }> {
  const today = chinaToday();
  if (query.queue === 'escalated' && !actor.permissions.has('platform.operator')) throw new AppError('FORBIDDEN');
  const rows =
    query.queue === 'escalated'
      ? await listQueue(db, { overdueOn: today })
      : await listQueue(db, { agencyId: actor.agency.id, ...(query.status ? { status: query.status } : {}) });
  const items = await withFiles(db, rows, (row, files) => toConsoleDto(row, files, today));
  return { items, total: items.length };
}

/**
 * One objection for the console, of the caller's own agency; another's answers OBJECTION_NOT_FOUND (the provincial
 * bureau reads the ones it chases in the escalated queue, which carries every detail).
 */
export async function getConsoleObjection(db: Db, actor: Actor, id: number): Promise<ConsoleObjectionDto> {
  const row = await findObjection(db, id);
  if (!row || Number(row.agencyId) !== actor.agency.id) throw new AppError('OBJECTION_NOT_FOUND');
  const [dto] = await withFiles(db, [row], (each, files) => toConsoleDto(each, files, chinaToday()));
  return dto!;
}

/** A pending objection of the caller's agency, row-locked; another agency's answers OBJECTION_NOT_FOUND. */
async function ownPendingObjection(trx: Db, actor: Actor, id: number) {
  const row = await lockObjection(trx, id);
  if (!row || Number(row.agencyId) !== actor.agency.id) throw new AppError('OBJECTION_NOT_FOUND');
  if (row.status !== 'pending') throw new AppError('OBJECTION_STATE_CONFLICT');
  return row;
}

/** 延期: once, to 20 working days from the filing, with the reason the objector sees. */
export async function extendObjection(trx: Db, actor: Actor, id: number, reason: string): Promise<ConsoleObjectionDto> {
  const row = await ownPendingObjection(trx, actor, id);
  if (row.extendedDueOn) throw new AppError('OBJECTION_ALREADY_EXTENDED');
  const calendar = await loadWorkingDayCalendar(trx);
  await updateObjection(trx, id, {
    extendedDueOn: calendar.addWorkingDays(row.filedOn, OBJECTION_EXTENDED_DAYS).date,
    extensionReason: reason,
    extendedAt: new Date(),
  });
  return getConsoleObjection(trx, actor, id);
}

/**
 * 处理决定: uphold (the record stays as it is), correct (a new version through records' correctRecord, exactly as a
 * correction from the records page) or revoke (records' revokeRecord: it leaves every view at once). The 异议处理中 mark
 * ends, and the decision, its reason and its file (an attachment the agency uploaded) are kept for the objector.
 */
export async function decideObjection(
  trx: Db,
  deps: ObjectionsDependencies,
  actor: Actor,
  id: number,
  body: DecideObjectionBody,
): Promise<ConsoleObjectionDto> {
  const row = await ownPendingObjection(trx, actor, id);
  if (body.fileId !== undefined) await listOwnFiles(trx, actor, [body.fileId]);
  const recordId = Number(row.recordId);
  await markUnderObjection(trx, recordId, false);
  let resultRecordId: number | null = null;
  if (body.outcome === 'corrected') {
    const context = await loadSubmissionContext(trx, deps.dataKey);
    resultRecordId = (
      await correctRecord(trx, actor, context, recordId, {
        reason: `异议 ${row.objectionNo}：${body.reason}`,
        record: body.record,
      })
    ).id;
  } else if (body.outcome === 'revoked') {
    await revokeRecord(trx, actor, recordId, `异议 ${row.objectionNo}：${body.reason}`);
  }
  const decidedAt = new Date();
  await updateObjection(trx, id, {
    status: body.outcome,
    decidedAt,
    decidedOn: chinaToday(),
    decisionReason: body.reason,
    decisionFileId: body.fileId ?? null,
    decidedBy: actor.accountId,
    resultRecordId,
  });
  // 处理决定 as a leaf of the verifiable log, in the decision's transaction (issue 23 item 1). The reason and the file
  // are bound by their SM3 only: the leaf copies no text the objector or the agency wrote.
  await appendLogLeaves(trx, [
    {
      kind: 'objection-decision',
      subject: row.objectionNo,
      content: {
        objectionNo: row.objectionNo,
        recordId,
        agencyId: actor.agency.id,
        outcome: body.outcome,
        resultRecordId,
        decidedAt: decidedAt.toISOString(),
        reasonDigest: sm3Hex(body.reason),
        decisionFileId: body.fileId ?? null,
      },
    },
  ]);
  return getConsoleObjection(trx, actor, id);
}
