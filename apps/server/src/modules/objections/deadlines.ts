import { chinaToday } from '@gzcredit/domain';
import type { Selectable } from 'kysely';
import type { ObjectionsTable, RepairsTable } from '../../db/schema';

/**
 * An objection (异议) or a credit-repair application (信用修复申请), as far as its deadlines go: the columns of its row,
 * tagged with what it is. Every deadline was counted in working days when the step began (calendar module).
 */
export type CaseDeadlineFields =
  | ({ kind: 'objection' } & Pick<Selectable<ObjectionsTable>, 'status' | 'dueOn' | 'extendedDueOn' | 'decidedAt'>)
  | ({ kind: 'repair' } & Pick<
      Selectable<RepairsTable>,
      'status' | 'acceptDueOn' | 'acceptedAt' | 'decideDueOn' | 'extendedDueOn' | 'decidedAt'
    >);

export interface CaseDeadline {
  /**
   * The step the deadline is about: `acceptance`, the provincial bureau's 受理 of a repair application (3 working days);
   * `decision`, the providing agency's (an objection's 5 working days, extendable once to 20; a repair's configured
   * limit, extendable once). A closed case names the step that closed it (an application refused as incomplete:
   * acceptance).
   */
  step: 'acceptance' | 'decision';
  /** That step's due date, the extended one if it was extended. */
  dueOn: string;
  /** Still waiting on that step. */
  open: boolean;
  /** Open past its due date (China time): escalated to the provincial bureau. */
  overdue: boolean;
  /** Overdue, or closed on a China day after its due date: what accountability (考核) counts against the step's owner. */
  late: boolean;
}

/**
 * The one reading of an objection's or a repair application's deadline, for its views, the bureau's escalated queue
 * and the accountability figures. Rules Art. 16 and 《信用修复管理办法》(令第36号): the agency decides an objection within
 * 5 working days (once extended, 20); 国办发〔2025〕22号: the platform accepts a repair application within 3 working
 * days and the agency decides within the configured limit, extended once.
 */
export function caseDeadline(fields: CaseDeadlineFields, today: string = chinaToday()): CaseDeadline {
  const closedOn = (at: Date | null) => (at === null ? null : chinaToday(at));
  const reading = (step: CaseDeadline['step'], dueOn: string, closed: string | null): CaseDeadline => {
    const overdue = closed === null && dueOn < today;
    return { step, dueOn, open: closed === null, overdue, late: overdue || (closed !== null && closed > dueOn) };
  };
  if (fields.kind === 'objection')
    return reading(
      'decision',
      fields.extendedDueOn ?? fields.dueOn,
      fields.status === 'pending' ? null : (closedOn(fields.decidedAt) ?? today),
    );
  if (fields.status === 'submitted') return reading('acceptance', fields.acceptDueOn, null);
  if (fields.status === 'incomplete')
    return reading('acceptance', fields.acceptDueOn, closedOn(fields.acceptedAt) ?? today);
  // accepted, approved or refused: the acceptance set decideDueOn.
  return reading(
    'decision',
    fields.extendedDueOn ?? fields.decideDueOn!,
    fields.status === 'accepted' ? null : (closedOn(fields.decidedAt) ?? today),
  );
}
