import type { SyncDeadLettersQuery, SyncDestinationDto, UpdateSyncDestinationBody } from '@gzcredit/contracts';
import { sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Actor } from '../../platform/sessions';
import {
  findDestination,
  insertSyncEvents,
  listDeadLetters,
  listDeliveryCounts,
  listDestinationLatest,
  listDestinations,
  type NewSyncEvent,
  reviveDeadLetters,
  type SyncDestinationRow,
  updateDestination,
} from './sync.repository';

export type { NewSyncEvent };

/**
 * Writes events to the outbox in the caller's transaction, each after the entity's earlier ones (for changes the
 * triggers on `record_changes` and `enterprises` do not see, e.g. a credit repair: kind `record.repaired`).
 */
export function enterSyncEvents(trx: Db, events: NewSyncEvent[]): Promise<void> {
  if (events.length === 0) return Promise.resolve();
  return insertSyncEvents(trx, events);
}

function toDestinationDto(
  row: SyncDestinationRow,
  counts: SyncDestinationDto['counts'],
  latest: { lastDeliveredAt: Date | null; lastError: string | null } | undefined,
): SyncDestinationDto {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    endpoint: row.endpoint,
    keyId: row.keyId,
    secretSet: row.secretCipher !== null,
    itemCodes: row.itemCodes,
    useScopes: row.useScopes,
    format: row.format,
    enabled: row.enabled,
    maxAttempts: row.maxAttempts,
    ratePerSecond: row.ratePerSecond,
    updatedAt: row.updatedAt.toISOString(),
    counts,
    lastDeliveredAt: latest?.lastDeliveredAt ? new Date(latest.lastDeliveredAt).toISOString() : null,
    lastError: latest?.lastError ?? null,
  };
}

/** The destinations with how many deliveries each has in each state. */
export async function listSyncDestinations(db: Db): Promise<SyncDestinationDto[]> {
  const [rows, counts, latest] = await Promise.all([
    listDestinations(db),
    listDeliveryCounts(db),
    listDestinationLatest(db),
  ]);
  return rows.map((row) => {
    const own = { waiting: 0, pending: 0, delivered: 0, dead: 0 };
    for (const count of counts) if (count.destinationId === row.id) own[count.status] = count.count;
    return toDestinationDto(
      row,
      own,
      latest.find((each) => each.destinationId === row.id),
    );
  });
}

async function destinationOrThrow(db: Db, id: number): Promise<SyncDestinationRow> {
  const row = await findDestination(db, id);
  if (!row) throw new AppError('SYNC_DESTINATION_NOT_FOUND');
  return row;
}

/**
 * The operator's settings of a destination. The secret is kept SM4-encrypted and never shown again; switching on needs
 * an endpoint, a key id and a secret, and makes the operator's agency the one whose exchange log shows the deliveries.
 * A destination switched off neither sends nor queues: the changes made meanwhile are not delivered to it later.
 */
export async function changeSyncDestination(
  db: Db,
  deps: { dataKey: Buffer },
  actor: Actor,
  id: number,
  body: UpdateSyncDestinationBody,
): Promise<SyncDestinationDto> {
  const row = await destinationOrThrow(db, id);
  const secretCipher = body.secret !== undefined ? sm4Encrypt(deps.dataKey, body.secret) : row.secretCipher;
  if (body.enabled && (!body.endpoint || !body.keyId || !secretCipher))
    throw new AppError('SYNC_DESTINATION_INCOMPLETE');
  await updateDestination(db, id, {
    name: body.name,
    endpoint: body.endpoint,
    keyId: body.keyId,
    secretCipher,
    itemCodes: body.itemCodes,
    useScopes: body.useScopes,
    format: body.format,
    enabled: body.enabled,
    maxAttempts: body.maxAttempts,
    ratePerSecond: body.ratePerSecond,
    agencyId: body.enabled ? actor.agency.id : row.agencyId,
    updatedBy: actor.accountId,
  });
  const destinations = await listSyncDestinations(db);
  return destinations.find((each) => each.id === id)!;
}

export async function listSyncDeadLetters(db: Db, id: number, query: SyncDeadLettersQuery) {
  await destinationOrThrow(db, id);
  const { rows, total } = await listDeadLetters(db, id, query);
  return {
    items: rows.map((row) => ({ ...row, deadAt: new Date(row.deadAt).toISOString() })),
    total,
  };
}

/** The operator retries dead letters (the given ones, or all of the destination): each becomes a head again. */
export async function retrySyncDeadLetters(db: Db, id: number, ids: number[] | undefined): Promise<number> {
  await destinationOrThrow(db, id);
  return reviveDeadLetters(db, id, ids);
}
