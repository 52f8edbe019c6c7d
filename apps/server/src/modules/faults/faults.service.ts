import type { FaultDto, ReportFaultBodySchema } from '@gzcredit/contracts';
import type { z } from 'zod';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import { getFile, getFiles, listOwnFiles, toFileDto } from '../files';
import {
  countFaults,
  type FaultRow,
  findFault,
  insertFault,
  insertFaultEvent,
  isOperatorAccount,
  listFaultEvents,
  listFaultFileIds,
  listFaults,
  updateFault,
} from './faults.repository';

/** Who is looking: the reporting agency sees its own tickets; the provincial operators see every ticket (Art. 26). */
export type FaultViewer = 'agency' | 'operator';

export const faultFileUrl = (viewer: FaultViewer, ticketId: number, fileId: number) =>
  viewer === 'operator' ? `/api/console/fault-queue/${ticketId}/files/${fileId}` : `/api/console/files/${fileId}`;

function minutesOpen(row: FaultRow): number {
  const end = row.resolvedAt ?? row.closedAt ?? new Date();
  return Math.max(0, Math.floor((end.getTime() - row.createdAt.getTime()) / 60_000));
}

function toSummary(row: FaultRow): Omit<FaultDto, 'events' | 'screenshots'> {
  return {
    id: Number(row.id),
    agency: { id: Number(row.agencyId), name: row.agencyName },
    reporter: row.reporterName,
    title: row.title,
    description: row.description,
    location: row.location,
    occurredAt: row.occurredAt.toISOString(),
    severity: row.severity,
    status: row.status,
    assignee: row.assigneeName,
    resolution: row.resolution,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    minutesOpen: minutesOpen(row),
  };
}

async function toDto(db: Db, row: FaultRow, viewer: FaultViewer): Promise<FaultDto> {
  const id = Number(row.id);
  const [events, files] = await Promise.all([
    listFaultEvents(db, id),
    listFaultFileIds(db, id).then((ids) => getFiles(db, ids)),
  ]);
  return {
    ...toSummary(row),
    screenshots: files.map((file) => toFileDto(file, faultFileUrl(viewer, id, Number(file.id)))),
    events: events.map((event) => ({
      id: Number(event.id),
      kind: event.kind,
      account: event.accountName,
      body: event.body,
      createdAt: event.createdAt.toISOString(),
    })),
  };
}

/** The ticket as `viewer` may see it: another agency's ticket does not exist for an agency user (404). */
async function findVisible(db: Db, actor: Actor, id: number, viewer: FaultViewer): Promise<FaultRow> {
  const row = await findFault(db, id);
  if (!row || (viewer === 'agency' && Number(row.agencyId) !== actor.agency.id)) throw new AppError('FAULT_NOT_FOUND');
  return row;
}

export async function reportFault(
  db: Db,
  actor: Actor,
  body: z.infer<typeof ReportFaultBodySchema>,
): Promise<FaultDto> {
  const screenshots = await listOwnFiles(db, actor, body.screenshotIds);
  if (screenshots.some((file) => !file.mediaType.startsWith('image/'))) {
    throw new AppError('FILE_REJECTED', '故障截图须为图片', [{ field: 'screenshotIds', message: '故障截图须为图片' }]);
  }
  const id = await insertFault(
    db,
    {
      agencyId: actor.agency.id,
      reporterId: actor.accountId,
      title: body.title,
      description: body.description,
      location: body.location,
      occurredAt: new Date(body.occurredAt),
      severity: body.severity,
      status: 'open',
    },
    screenshots.map((file) => Number(file.id)),
  );
  await insertFaultEvent(db, { ticketId: id, accountId: actor.accountId, kind: 'reported', body: null });
  return toDto(db, (await findFault(db, id))!, 'agency');
}

export async function listVisibleFaults(db: Db, actor: Actor, viewer: FaultViewer, status?: FaultRow['status']) {
  const rows = await listFaults(db, { status, ...(viewer === 'agency' ? { agencyId: actor.agency.id } : {}) });
  return { items: rows.map(toSummary) };
}

/** The tickets 故障处理 shows first (待受理, not yet assigned), for the operators' to-do count. */
export async function countUnacceptedFaults(db: Db): Promise<number> {
  return countFaults(db, { status: 'open' });
}

export async function getFault(db: Db, actor: Actor, id: number, viewer: FaultViewer): Promise<FaultDto> {
  return toDto(db, await findVisible(db, actor, id, viewer), viewer);
}

export async function commentOnFault(
  db: Db,
  actor: Actor,
  id: number,
  body: string,
  viewer: FaultViewer,
): Promise<FaultDto> {
  const row = await findVisible(db, actor, id, viewer);
  if (row.status === 'closed') throw new AppError('FAULT_STATE_CONFLICT', '故障报告已关闭，不能再补充说明');
  await insertFaultEvent(db, { ticketId: id, accountId: actor.accountId, kind: 'commented', body });
  return toDto(db, (await findFault(db, id))!, viewer);
}

export async function assignFault(db: Db, actor: Actor, id: number, assigneeId: number): Promise<FaultDto> {
  const row = await findVisible(db, actor, id, 'operator');
  if (row.status === 'closed') throw new AppError('FAULT_STATE_CONFLICT', '故障报告已关闭');
  if (!(await isOperatorAccount(db, assigneeId))) {
    throw new AppError('VALIDATION_FAILED', '只能指派给省局平台运营人员', [
      { field: 'assigneeId', message: '只能指派给省局平台运营人员' },
    ]);
  }
  await updateFault(db, id, { assigneeId, status: row.status === 'open' ? 'assigned' : row.status });
  await insertFaultEvent(db, { ticketId: id, accountId: actor.accountId, kind: 'assigned', body: null });
  return toDto(db, (await findFault(db, id))!, 'operator');
}

export async function resolveFault(db: Db, actor: Actor, id: number, resolution: string): Promise<FaultDto> {
  const row = await findVisible(db, actor, id, 'operator');
  if (row.status === 'resolved' || row.status === 'closed')
    throw new AppError('FAULT_STATE_CONFLICT', '故障报告已处理');
  await updateFault(db, id, { status: 'resolved', resolution, resolvedAt: new Date() });
  await insertFaultEvent(db, { ticketId: id, accountId: actor.accountId, kind: 'resolved', body: resolution });
  return toDto(db, (await findFault(db, id))!, 'operator');
}

export async function closeFault(db: Db, actor: Actor, id: number): Promise<FaultDto> {
  const row = await findVisible(db, actor, id, 'operator');
  if (row.status !== 'resolved') throw new AppError('FAULT_STATE_CONFLICT', '只有已解决的故障报告可以关闭');
  await updateFault(db, id, { status: 'closed', closedAt: new Date() });
  await insertFaultEvent(db, { ticketId: id, accountId: actor.accountId, kind: 'closed', body: null });
  return toDto(db, (await findFault(db, id))!, 'operator');
}

/** A screenshot of a ticket, for the operators who handle it. */
export async function findTicketFile(db: Db, actor: Actor, ticketId: number, fileId: number) {
  await findVisible(db, actor, ticketId, 'operator');
  if (!(await listFaultFileIds(db, ticketId)).includes(fileId)) throw new AppError('FILE_NOT_FOUND');
  return getFile(db, fileId);
}
