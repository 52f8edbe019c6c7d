import { describe, expect, it } from 'vitest';
import { caseDeadline } from './deadlines';

/** 10:00 China time on a China day: the instant a decision was taken. */
const at = (day: string) => new Date(`${day}T10:00:00+08:00`);
/** 23:30 China time is 15:30 UTC the same day; 00:30 China time is the previous UTC day. */
const lateEvening = (day: string) => new Date(`${day}T23:30:00+08:00`);
const earlyMorning = (day: string) => new Date(`${day}T00:30:00+08:00`);

const objection = { kind: 'objection', dueOn: '2026-10-12', extendedDueOn: null, decidedAt: null } as const;
const repair = {
  kind: 'repair',
  acceptDueOn: '2026-10-12',
  acceptedAt: null,
  decideDueOn: null,
  extendedDueOn: null,
  decidedAt: null,
} as const;

describe('caseDeadline: an objection', () => {
  it('is open and on time through its due date, and overdue (late) the China day after', () => {
    const pending = { ...objection, status: 'pending' } as const;
    expect(caseDeadline(pending, '2026-10-12')).toEqual({
      step: 'decision',
      dueOn: '2026-10-12',
      open: true,
      overdue: false,
      late: false,
    });
    expect(caseDeadline(pending, '2026-10-13')).toMatchObject({ open: true, overdue: true, late: true });
  });

  it('reads the extended due date once extended', () => {
    const extended = { ...objection, status: 'pending', extendedDueOn: '2026-11-02' } as const;
    expect(caseDeadline(extended, '2026-10-20')).toMatchObject({ dueOn: '2026-11-02', overdue: false });
    expect(caseDeadline(extended, '2026-11-03')).toMatchObject({ dueOn: '2026-11-02', overdue: true });
  });

  it('is never overdue once decided, and late only if decided on a China day after its due date', () => {
    const onTime = { ...objection, status: 'corrected', decidedAt: lateEvening('2026-10-12') } as const;
    expect(caseDeadline(onTime, '2026-12-01')).toMatchObject({ open: false, overdue: false, late: false });
    const afterDue = { ...objection, status: 'upheld', decidedAt: earlyMorning('2026-10-13') } as const;
    expect(caseDeadline(afterDue, '2026-12-01')).toMatchObject({ open: false, overdue: false, late: true });
  });
});

describe('caseDeadline: a repair application', () => {
  it('waits on the acceptance first, overdue after its 3 working days', () => {
    const submitted = { ...repair, status: 'submitted' } as const;
    expect(caseDeadline(submitted, '2026-10-12')).toMatchObject({ step: 'acceptance', open: true, overdue: false });
    expect(caseDeadline(submitted, '2026-10-13')).toMatchObject({ step: 'acceptance', overdue: true, late: true });
  });

  it('closes at the acceptance when refused as incomplete, late if refused after its due date', () => {
    const incomplete = { ...repair, status: 'incomplete', acceptedAt: at('2026-10-14') } as const;
    expect(caseDeadline(incomplete, '2026-10-20')).toEqual({
      step: 'acceptance',
      dueOn: '2026-10-12',
      open: false,
      overdue: false,
      late: true,
    });
  });

  it('then waits on the agency decision, extended once, and is late when decided after it', () => {
    const accepted = {
      ...repair,
      status: 'accepted',
      acceptedAt: at('2026-10-12'),
      decideDueOn: '2026-10-26',
    } as const;
    expect(caseDeadline(accepted, '2026-10-26')).toMatchObject({ step: 'decision', dueOn: '2026-10-26', open: true });
    expect(caseDeadline(accepted, '2026-10-27')).toMatchObject({ overdue: true, late: true });
    const extended = { ...accepted, extendedDueOn: '2026-11-09' } as const;
    expect(caseDeadline(extended, '2026-10-27')).toMatchObject({ dueOn: '2026-11-09', overdue: false, late: false });
    const approved = { ...extended, status: 'approved', decidedAt: at('2026-11-09') } as const;
    expect(caseDeadline(approved, '2027-01-01')).toMatchObject({ open: false, overdue: false, late: false });
    const refusedLate = { ...accepted, status: 'refused', decidedAt: at('2026-10-28') } as const;
    expect(caseDeadline(refusedLate, '2026-10-28')).toMatchObject({ open: false, overdue: false, late: true });
  });
});
