import { describe, expect, it } from 'vitest';
import { type AttemptCounter, admitAttempt, networkOf, PER_NETWORK } from './sign-in-attempts.policy';

const MINUTE = 60_000;

describe('networkOf', () => {
  it.each([
    ['203.0.113.77', '203.0.113.0/24'],
    ['::ffff:203.0.113.77', '203.0.113.0/24'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002::6', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['1::2:3:4:5:6:7', '1:0:2:3::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('puts %s in %s', (ip, network) => {
    expect(networkOf(ip)).toBe(network);
  });
});

describe('admitAttempt (SPEC §6: five failures lock 30 minutes)', () => {
  const start = new Date('2026-12-07T09:00:00Z');
  const fresh: AttemptCounter = { attempts: 0, locks: 0, lockedUntil: null, lastAttemptAt: start };
  const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);

  function run(counter: AttemptCounter, times: number, now: Date) {
    let current = counter;
    const judged: boolean[] = [];
    for (let i = 0; i < times; i++) {
      const decision = admitAttempt(current, PER_NETWORK, now);
      judged.push(decision.judged);
      if (decision.judged) current = decision.counter;
    }
    return { judged, counter: current };
  }

  it('judges five attempts, locking at the fifth for 30 minutes, and refuses the rest', () => {
    const { judged, counter } = run(fresh, 8, start);
    expect(judged).toEqual([true, true, true, true, true, false, false, false]);
    expect(counter).toEqual({ attempts: 5, locks: 1, lockedUntil: at(30), lastAttemptAt: start });
    expect(admitAttempt(counter, PER_NETWORK, at(29.9))).toEqual({ judged: false, lockedUntil: at(30) });
  });

  it('doubles the lock each time the network locks again, up to a day', () => {
    let counter = run(fresh, 5, start).counter;
    const lockMinutes = [30];
    for (let round = 0; round < 7; round++) {
      const now = counter.lockedUntil!;
      counter = run(counter, 5, now).counter;
      lockMinutes.push((counter.lockedUntil!.getTime() - now.getTime()) / MINUTE);
    }
    expect(lockMinutes).toEqual([30, 60, 120, 240, 480, 960, 1440, 1440]);
  });

  it('starts over a day after the last attempt and the end of the last lock', () => {
    const locked = run(run(fresh, 5, start).counter, 5, at(30)).counter;
    expect(locked).toMatchObject({ locks: 2, lockedUntil: at(90) });
    expect(admitAttempt(locked, PER_NETWORK, at(90 + 24 * 60 - 1))).toMatchObject({ counter: { locks: 2 } });
    expect(admitAttempt(locked, PER_NETWORK, at(90 + 24 * 60))).toEqual({
      judged: true,
      counter: { attempts: 1, locks: 0, lockedUntil: null, lastAttemptAt: at(90 + 24 * 60) },
    });
  });
});
