import {
  type AcceptRepairBodySchema,
  type DecideRepairBodySchema,
  MAX_REPAIR_EVIDENCE_FILES,
  type PublicRepairDto,
  type RepairDto,
  type RepairReceiptDto,
  type RepairTermsDto,
  type SubmitRepairFields,
} from '@gzcredit/contracts';
import {
  chinaToday,
  REPAIR_ACCEPTANCE_WORKING_DAYS,
  type RepairEligibility,
  type RepairStatus,
  repairAcceptanceDue,
  repairCommitmentText,
  repairDecisionDue,
  repairEligibility,
} from '@gzcredit/domain';
import type { z } from 'zod';
import { appendAudit, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { loadWorkingDayCalendar } from '../calendar';
import { getCatalogueItem } from '../catalogue';
import { lastApprovedRepairs } from '../enterprises';
import { type ApplicantRecord, endPublicityByRepair, findApplicantRecord, lockRepairableRecord } from '../records';
import { generateReportNumber } from '../reports';
import { applicantKey, followsCase, requireApplicant } from './applicant-session';
import { caseDeadline } from './deadlines';
import { type EvidenceFile, storeEvidence } from './evidence-form';
import {
  findOpenRepairOfRecord,
  findRepair,
  findRepairByNumber,
  findRepairFile,
  insertRepair,
  insertRepairFiles,
  listRepairFiles,
  listRepairs,
  lockRepair,
  type RepairFileRow,
  type RepairRow,
  updateRepair,
} from './repairs.repository';

/** Who applies, as the applicant session (`applicantOf`, applicant-session.ts) names them: the entity and the person. */
export interface RepairApplicant {
  /** The entity the applicant proved to act for: the only one whose records it may apply for, and follow. */
  enterpriseId: number;
  creditCode: string;
  name: string;
  method: string;
  subject: string | null;
}

export interface RepairSettings {
  dataDir: string;
  decisionWorkingDays: number;
  extensionWorkingDays: number;
}

export const REPAIR_NUMBER_PREFIX = 'XF';

async function eligibilityOf(db: Db, record: ApplicantRecord, today: string): Promise<RepairEligibility> {
  const item = await getCatalogueItem(db, Number(record.itemId));
  const lastRepair = (await lastApprovedRepairs(db, Number(record.enterpriseId))).get(record.itemCode);
  return repairEligibility(
    { status: record.status, aroseOn: record.aroseOn, dishonestyLevel: record.dishonestyLevel, item },
    today,
    lastRepair ? chinaToday(lastRepair) : null,
  );
}

function commitmentOf(record: ApplicantRecord): string {
  return repairCommitmentText({
    entityName: record.entityName,
    creditCode: record.creditCode,
    itemName: record.itemName,
    agencyName: record.agencyName,
    aroseOn: record.aroseOn,
  });
}

/**
 * 信用修复告知 what the portal shows before an application: whether, from when, and the 承诺书 to sign; for a public record
 * an applicant may act on (records' findApplicantRecord), any other answers RECORD_NOT_FOUND.
 */
export async function getRepairTerms(db: Db, recordId: number, settings: RepairSettings): Promise<RepairTermsDto> {
  const record = await findApplicantRecord(db, recordId);
  if (!record) throw new AppError('RECORD_NOT_FOUND');
  const eligibility = await eligibilityOf(db, record, chinaToday());
  return {
    recordId: Number(record.id),
    entityName: record.entityName,
    creditCode: record.creditCode,
    itemName: record.itemName,
    agencyName: record.agencyName,
    aroseOn: record.aroseOn,
    dishonestyLevel: record.dishonestyLevel,
    eligible: eligibility.eligible,
    repairableFrom: eligibility.from ?? null,
    minMonths: eligibility.eligible ? eligibility.minMonths : null,
    message: eligibility.eligible ? null : eligibility.message,
    commitmentText: commitmentOf(record),
    acceptanceWorkingDays: REPAIR_ACCEPTANCE_WORKING_DAYS,
    decisionWorkingDays: settings.decisionWorkingDays,
  };
}

/**
 * 申请信用修复 (令第36号): the applicant's own entity's record, past its minimum publicity and not barred, with evidence
 * (checked by content like article attachments) and the signed 承诺书. Everything is checked before anything is
 * stored; the application, its files and the audit row are one transaction.
 */
export async function submitRepair(
  db: Db,
  applicant: RepairApplicant,
  input: { fields: SubmitRepairFields; evidence: EvidenceFile[]; ip: string; requestId: string },
  settings: RepairSettings,
): Promise<RepairReceiptDto> {
  const { fields, evidence } = input;
  // Another entity's record and one not in public view answer alike (404, as objections do): no existence oracle.
  const record = await findApplicantRecord(db, fields.recordId, { enterpriseId: applicant.enterpriseId });
  if (!record) throw new AppError('REPAIR_RECORD_NOT_OWN');
  const today = chinaToday();
  const eligibility = await eligibilityOf(db, record, today);
  if (!eligibility.eligible)
    throw new AppError('REPAIR_NOT_ALLOWED', eligibility.message, {
      reason: eligibility.reason,
      ...(eligibility.from ? { repairableFrom: eligibility.from } : {}),
    });
  const open = await findOpenRepairOfRecord(db, Number(record.id));
  if (open) throw new AppError('REPAIR_ALREADY_OPEN', `该信息已有办理中的信用修复申请（编号 ${open.repairNo}）`);
  if (evidence.length === 0 || evidence.length > MAX_REPAIR_EVIDENCE_FILES)
    throw new AppError(
      'REPAIR_INVALID',
      `请上传 1–${MAX_REPAIR_EVIDENCE_FILES} 份证明材料（已纠正失信行为、履行法定义务）`,
      [{ field: 'evidence', message: `证明材料应为 1–${MAX_REPAIR_EVIDENCE_FILES} 份` }],
    );
  const stored = await storeEvidence(settings.dataDir, evidence);

  const calendar = await loadWorkingDayCalendar(db);
  const acceptDueOn = repairAcceptanceDue(calendar, today).date;
  const repairNo = generateReportNumber(new Date(), REPAIR_NUMBER_PREFIX);
  return db.transaction().execute(async (trx) => {
    const id = await insertRepair(trx, {
      repairNo,
      recordId: Number(record.id),
      enterpriseId: Number(record.enterpriseId),
      creditCode: record.creditCode,
      entityName: record.entityName,
      agencyId: Number(record.agencyId),
      itemCode: record.itemCode,
      itemName: record.itemName,
      dishonestyLevel: record.dishonestyLevel,
      aroseOn: record.aroseOn,
      applicantMethod: applicant.method,
      applicantName: applicant.name,
      applicantKey: applicantKey(applicant),
      correction: fields.correction,
      commitmentText: commitmentOf(record),
      commitmentSignedBy: fields.commitmentSignedBy,
      acceptDueOn,
    }).catch((error: unknown) => {
      // Two submissions racing for one record: the partial unique index keeps one open application.
      if (String((error as { code?: string }).code) === '23505') throw new AppError('REPAIR_ALREADY_OPEN');
      throw error;
    });
    await insertRepairFiles(
      trx,
      stored.map((file) => ({
        repairId: id,
        sha256: file.sha256,
        kind: file.kind,
        mediaType: file.mediaType,
        size: file.size,
        originalName: file.originalName,
        storageKey: file.storageKey,
      })),
    );
    await appendAudit(trx, {
      action: 'repair.submitted',
      result: 'success',
      objectType: 'repair',
      objectId: id,
      ip: input.ip,
      requestId: input.requestId,
      details: { repairNo, recordId: Number(record.id), creditCode: record.creditCode, files: stored.length },
    });
    return { repairNo, status: 'submitted' as const, acceptDueOn };
  });
}

function toPublicRepair(row: RepairRow, files: RepairFileRow[]): PublicRepairDto {
  return {
    repairNo: row.repairNo,
    status: row.status,
    entityName: row.entityName,
    creditCode: row.creditCode,
    itemName: row.itemName,
    agencyName: row.agencyName,
    aroseOn: row.aroseOn,
    submittedAt: row.submittedAt.toISOString(),
    acceptDueOn: row.acceptDueOn,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    decideDueOn: row.extendedDueOn ?? row.decideDueOn,
    extensionReason: row.extensionReason,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    reason: row.reason,
    evidence: files.map((file) => ({ name: file.originalName, size: file.size })),
  };
}

/**
 * The applicant follows its application by number: the session that filed it, or a later one of the same verified
 * applicant (`followsCase`; the number alone does not open it); any other session, of the same entity too, is told
 * it does not exist.
 */
export async function getOwnRepair(db: Db, applicant: RepairApplicant, repairNo: string): Promise<PublicRepairDto> {
  const row = await findRepairByNumber(db, repairNo);
  if (!row || !followsCase(applicant, row)) throw new AppError('REPAIR_NOT_FOUND');
  return toPublicRepair(row, await listRepairFiles(db, [Number(row.id)]));
}

/** Which queue: the provincial bureau's acceptance (`platform`, every application) or the providing agency's decisions. */
export type RepairView = 'platform' | 'agency';

export const repairFileUrl = (view: RepairView, repairId: number | string, fileId: number | string) =>
  `/api/console/${view === 'platform' ? 'repair-queue' : 'repairs'}/${repairId}/files/${fileId}`;

function toRepairDto(row: RepairRow, files: RepairFileRow[], view: RepairView, today: string): RepairDto {
  const deadline = caseDeadline({ kind: 'repair', ...row }, today);
  return {
    ...toPublicRepair(row, files),
    id: Number(row.id),
    recordId: Number(row.recordId),
    agency: { id: Number(row.agencyId), name: row.agencyName },
    dishonestyLevel: row.dishonestyLevel,
    applicantName: row.applicantName,
    correction: row.correction,
    commitmentText: row.commitmentText,
    commitmentSignedBy: row.commitmentSignedBy,
    extendedDueOn: row.extendedDueOn,
    dueOn: deadline.open ? deadline.dueOn : null,
    overdue: deadline.overdue,
    files: files.map((file) => ({
      id: Number(file.id),
      name: file.originalName,
      mediaType: file.mediaType,
      size: file.size,
      url: repairFileUrl(view, row.id, file.id),
    })),
  };
}

async function toRepairDtos(db: Db, rows: RepairRow[], view: RepairView): Promise<RepairDto[]> {
  const files = await listRepairFiles(
    db,
    rows.map((row) => Number(row.id)),
  );
  const today = chinaToday();
  return rows.map((row) =>
    toRepairDto(
      row,
      files.filter((file) => Number(file.repairId) === Number(row.id)),
      view,
      today,
    ),
  );
}

/** 谁认定、谁修复: an agency reaches only the applications about its own records; another's answers REPAIR_NOT_FOUND. */
function reaches(view: RepairView, actor: Actor, row: RepairRow | undefined): row is RepairRow {
  return row !== undefined && (view === 'platform' || Number(row.agencyId) === actor.agency.id);
}

export async function listRepairQueue(
  db: Db,
  actor: Actor,
  view: RepairView,
  status: RepairStatus | undefined,
): Promise<{ items: RepairDto[] }> {
  const rows = await listRepairs(db, {
    ...(view === 'agency' ? { agencyId: actor.agency.id } : {}),
    ...(status ? { statuses: [status] } : {}),
  });
  return { items: await toRepairDtos(db, rows, view) };
}

export async function getRepair(db: Db, actor: Actor, view: RepairView, id: number): Promise<RepairDto> {
  const row = await findRepair(db, id);
  if (!reaches(view, actor, row)) throw new AppError('REPAIR_NOT_FOUND');
  return (await toRepairDtos(db, [row], view))[0]!;
}

export async function getRepairFile(
  db: Db,
  actor: Actor,
  view: RepairView,
  id: number,
  fileId: number,
): Promise<RepairFileRow> {
  const row = await findRepair(db, id);
  if (!reaches(view, actor, row)) throw new AppError('REPAIR_NOT_FOUND');
  const file = await findRepairFile(db, id, fileId);
  if (!file) throw new AppError('FILE_NOT_FOUND');
  return file;
}

async function lockInStatus(trx: Db, actor: Actor, view: RepairView, id: number, status: RepairStatus) {
  const row = await lockRepair(trx, id);
  if (!reaches(view, actor, row)) throw new AppError('REPAIR_NOT_FOUND');
  if (row.status !== status)
    throw new AppError(
      'REPAIR_STATE_CONFLICT',
      `该申请${row.status === 'submitted' ? '尚未受理' : `已${REPAIR_STEP_DONE[row.status]}`}，不能再${REPAIR_STEP_WANTED[status]}`,
    );
  return row;
}

const REPAIR_STEP_DONE: Record<RepairStatus, string> = {
  submitted: '提交',
  incomplete: '不予受理',
  accepted: '受理',
  approved: '准予修复',
  refused: '不予修复',
};
const REPAIR_STEP_WANTED: Partial<Record<RepairStatus, string>> = { submitted: '受理', accepted: '决定或延期' };

/**
 * 受理 (国办发〔2025〕22号: within 3 working days): the provincial bureau accepts a complete application, which starts
 * the agency's decision period, or refuses it as incomplete with what is missing (the entity may apply again).
 */
export async function decideAcceptance(
  trx: Db,
  actor: Actor,
  id: number,
  body: z.output<typeof AcceptRepairBodySchema>,
  settings: RepairSettings,
): Promise<RepairDto> {
  await lockInStatus(trx, actor, 'platform', id, 'submitted');
  const today = chinaToday();
  const now = new Date();
  if (body.accepted) {
    const calendar = await loadWorkingDayCalendar(trx);
    await updateRepair(trx, id, {
      status: 'accepted',
      acceptedAt: now,
      acceptedBy: actor.accountId,
      decideDueOn: repairDecisionDue(calendar, today, settings.decisionWorkingDays).date,
    });
  } else {
    await updateRepair(trx, id, {
      status: 'incomplete',
      acceptedAt: now,
      acceptedBy: actor.accountId,
      reason: body.reason!,
    });
  }
  return getRepair(trx, actor, 'platform', id);
}

/** One extension of the agency's decision period, with its reason (因案情复杂或需进行核查), told to the applicant. */
export async function extendRepair(
  trx: Db,
  actor: Actor,
  id: number,
  reason: string,
  settings: RepairSettings,
): Promise<RepairDto> {
  const row = await lockInStatus(trx, actor, 'agency', id, 'accepted');
  if (row.extendedDueOn !== null)
    throw new AppError(
      'REPAIR_STATE_CONFLICT',
      `该申请已于 ${row.extendedAt ? chinaToday(row.extendedAt) : ''} 延期一次，不能再次延期`,
    );
  const calendar = await loadWorkingDayCalendar(trx);
  await updateRepair(trx, id, {
    extendedDueOn: calendar.addWorkingDays(row.decideDueOn!, settings.extensionWorkingDays).date,
    extensionReason: reason,
    extendedAt: new Date(),
    extendedBy: actor.accountId,
  });
  return getRepair(trx, actor, 'agency', id);
}

/**
 * 准予修复 or 不予修复 by the providing agency (谁认定、谁修复). Approval ends the record's publicity and sharing in the
 * same transaction (records' endPublicityByRepair: the portal, reports, shares, the pull, credit checks and both
 * standings); a refusal keeps the record and tells the entity why, and it may apply again once it has fixed that.
 */
export async function decideRepair(
  trx: Db,
  actor: Actor,
  id: number,
  body: z.output<typeof DecideRepairBodySchema>,
): Promise<RepairDto> {
  const row = await lockInStatus(trx, actor, 'agency', id, 'accepted');
  const reason = body.reason?.trim() || (body.approved ? '已纠正失信行为、履行相关义务，准予信用修复' : '');
  if (body.approved) {
    const record = await lockRepairableRecord(trx, Number(row.recordId));
    if (record?.status !== 'active')
      throw new AppError(
        'REPAIR_STATE_CONFLICT',
        '该信息已更正、撤销、移出或公示期届满，不在公示中；请决定不予修复并说明，或由申请人就更正后的信息重新申请',
      );
    await endPublicityByRepair(trx, record, {
      agencyId: actor.agency.id,
      accountId: actor.accountId,
      repairNo: row.repairNo,
      reason,
    });
  }
  await updateRepair(trx, id, {
    status: body.approved ? 'approved' : 'refused',
    decidedAt: new Date(),
    decidedBy: actor.accountId,
    reason,
  });
  return getRepair(trx, actor, 'agency', id);
}

/**
 * The entity's side bound to the database and settings, for the public routes (routes never hold the database), with
 * the applicant session's guard (applicant-session.ts).
 */
export function createRepairsPublicService(db: Db, settings: RepairSettings) {
  return {
    guard: requireApplicant(db),
    terms: (recordId: number) => getRepairTerms(db, recordId, settings),
    submit: (applicant: RepairApplicant, input: Parameters<typeof submitRepair>[2]) =>
      submitRepair(db, applicant, input, settings),
    /** The applicant's own application, its read audited as `repair.followed`. */
    follow: async (applicant: RepairApplicant, repairNo: string, meta: { ip: string; requestId: string }) => {
      const repair = await getOwnRepair(db, applicant, repairNo);
      await recordAudit(db, {
        action: 'repair.followed',
        result: 'success',
        objectType: 'repair',
        ip: meta.ip,
        requestId: meta.requestId,
        details: { repairNo },
      });
      return repair;
    },
  };
}
export type RepairsPublicService = ReturnType<typeof createRepairsPublicService>;
