import {
  TODO_PUBLICITY_ENDING_DAYS,
  TODO_UPLOAD_ERRORS_DAYS,
  type TodoDto,
  type TodoKind,
  type TodoListDto,
} from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { Actor } from '../../platform/sessions';
import { countFilingsAwaitingReview, countPendingResetRequests } from '../accounts';
import { countUnacceptedFaults } from '../faults';
import { countRecentUploadsWithErrors } from '../ingestion';
import { countColumnRequestsAwaitingDecision } from '../publishing';
import { countRecordsLeavingPublicity } from '../records';

interface TodoSource {
  kind: TodoKind;
  /** Whether the caller handles this queue: the permission of the console page that works it. */
  handles: (actor: Actor) => boolean;
  /** The owning feature's count, in the scope its list page shows. */
  count: (db: Db, actor: Actor, now: Date) => Promise<number>;
}

// Art. 19–21: filings and reset requests are reviewed by the account administrators of market-regulation bureaus.
const isBureauAdministrator = (actor: Actor) =>
  actor.permissions.has('account.admin') && actor.agency.kind === 'market_regulation';

const SOURCES: readonly TodoSource[] = [
  {
    kind: 'filing-reviews',
    handles: isBureauAdministrator,
    count: (db, actor) => countFilingsAwaitingReview(db, actor),
  },
  {
    kind: 'reset-requests',
    handles: isBureauAdministrator,
    count: (db, actor) => countPendingResetRequests(db, actor),
  },
  {
    kind: 'open-faults',
    handles: (actor) => actor.permissions.has('platform.operator'),
    count: (db) => countUnacceptedFaults(db),
  },
  {
    kind: 'column-requests',
    handles: (actor) => actor.permissions.has('platform.operator'),
    count: (db) => countColumnRequestsAwaitingDecision(db),
  },
  {
    kind: 'upload-errors',
    handles: (actor) => actor.permissions.has('record.submit'),
    count: (db, actor, now) => countRecentUploadsWithErrors(db, actor, now, TODO_UPLOAD_ERRORS_DAYS),
  },
  {
    kind: 'publicity-ending',
    handles: (actor) => RECORD_PERMISSIONS.some((permission) => actor.permissions.has(permission)),
    count: (db, actor, now) => countRecordsLeavingPublicity(db, actor, now, TODO_PUBLICITY_ENDING_DAYS),
  },
];

/** The console home page's to-do counts: only the queues the caller works, each counted by its own feature. */
export async function listTodos(db: Db, actor: Actor, now: Date = new Date()): Promise<TodoListDto> {
  const items: TodoDto[] = [];
  for (const source of SOURCES) {
    if (source.handles(actor)) items.push({ kind: source.kind, count: await source.count(db, actor, now) });
  }
  return { items };
}
