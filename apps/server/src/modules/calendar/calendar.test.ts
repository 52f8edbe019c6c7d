import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/database';
import type { DatabaseHandle } from '../../platform/database';
import { loadWorkingDayCalendar, seedCalendarFromLibrary } from './calendar.service';

let database: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
});

afterAll(async () => {
  await database?.close();
});

describe('working-day calendar seeded from chinese-days', () => {
  it('seeds every known year once, and a second seed adds nothing', async () => {
    const first = await seedCalendarFromLibrary(database.db);
    expect(first).toContain(2026);
    expect(first).not.toContain(2027);
    expect(await seedCalendarFromLibrary(database.db)).toEqual([]);
  });

  it('knows 2026-10-01 (国庆节) is a holiday and 2026-10-10 (调休) is a working day', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-11')).toBe(false);
    expect(calendar.isWorkingDay('2026-09-30')).toBe(true);
  });

  it('computes the Art. 12 deadline of 20 working days across the National Day holiday', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    // Arose Mon 2026-09-28; counting starts the next day: 29, 30 Sep (2); 1–7 Oct off; 8, 9, 10 (Sat, 调休) Oct (5);
    // 12–16 (10), 19–23 (15), 26–30 Oct (20) → due 30 Oct. Plain weekdays would have given 26 Oct.
    expect(calendar.addWorkingDays('2026-09-28', 20)).toEqual({ date: '2026-10-30', provisional: false });
  });

  it('marks a deadline in a year without holiday data as provisional', async () => {
    const calendar = await loadWorkingDayCalendar(database.db);
    expect(calendar.addWorkingDays('2026-12-20', 20).provisional).toBe(true);
    expect(calendar.addWorkingDays('2026-11-02', 5).provisional).toBe(false);
  });
});
