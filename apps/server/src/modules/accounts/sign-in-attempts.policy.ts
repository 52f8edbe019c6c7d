import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a sign-in comes from: the IPv4 /24 or the IPv6 /64 of the client address. Counting per network rather
 * than per address keeps an attacker who owns a block of addresses to one counter, and a user whose address moves
 * within the office network to one history.
 */
export function networkOf(ip: string): string {
  const address = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip;
  if (isIPv4(address)) return `${address.split('.').slice(0, 3).join('.')}.0/24`;
  if (!isIPv6(address)) return address;
  const [head, tail] = address.split('%')[0]!.split('::');
  const groupsOf = (part: string | undefined) => (part ? part.split(':') : []);
  const headGroups = groupsOf(head);
  const tailGroups = groupsOf(tail);
  // `::` stands for the missing zero groups; an embedded IPv4 address (::ffff:1.2.3.4) fills the last two.
  const missing = 8 - headGroups.length - tailGroups.reduce((count, group) => count + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array(missing).fill('0'), ...tailGroups];
  const prefix = groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':');
  return `${prefix}::/64`;
}

/** The network key of a user name's account-wide counter. */
export const EVERY_NETWORK = '*';

export interface AttemptCounter {
  /** Attempts admitted in the current series (since the last lock ended, the last success or a quiet day). */
  attempts: number;
  /** Locks in a row without a success: each lasts twice the one before. */
  locks: number;
  lockedUntil: Date | null;
  lastAttemptAt: Date;
}

export interface ThrottleRule {
  /** Attempts judged before the counter locks; the last of them is judged, then the lock starts. */
  limit: number;
  firstLockMs: number;
  maxLockMs: number;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * SPEC §6: five failures lock 30 minutes, counted per user name and network, so an attacker locks only their own
 * network. A network that locks again (no success in between) waits twice as long each time, up to a day.
 */
export const PER_NETWORK: ThrottleRule = { limit: 5, firstLockMs: 30 * MINUTE, maxLockMs: DAY };

/**
 * The ceiling over all networks an account has never signed in from: 50 attempts lock those networks for a day, so
 * guessing from many networks stays slow, while the account's own networks keep working.
 */
export const ACCOUNT_WIDE: ThrottleRule = { limit: 50, firstLockMs: DAY, maxLockMs: DAY };

/** A counter this long past its last attempt and its last lock starts over (and may be deleted). */
export const FORGET_AFTER_MS = DAY;

export type AttemptDecision = { judged: true; counter: AttemptCounter } | { judged: false; lockedUntil: Date };

/**
 * Whether one more attempt may be judged, and the counter after it. Called with the counter's row locked, so
 * concurrent attempts are admitted one after another and no more than `limit` in a row are ever judged.
 */
export function admitAttempt(counter: AttemptCounter, rule: ThrottleRule, now: Date): AttemptDecision {
  const quietSince = Math.max(counter.lastAttemptAt.getTime(), counter.lockedUntil?.getTime() ?? 0);
  const forgotten = now.getTime() - quietSince >= FORGET_AFTER_MS;
  const { attempts, locks, lockedUntil } = forgotten ? { attempts: 0, locks: 0, lockedUntil: null } : counter;
  if (lockedUntil && lockedUntil > now) return { judged: false, lockedUntil };
  // A lock that has run out starts a new series; its count of locks stays, so the next lock is longer.
  const admitted = (lockedUntil ? 0 : attempts) + 1;
  if (admitted < rule.limit) {
    return { judged: true, counter: { attempts: admitted, locks, lockedUntil: null, lastAttemptAt: now } };
  }
  const lockMs = Math.min(rule.firstLockMs * 2 ** locks, rule.maxLockMs);
  return {
    judged: true,
    counter: {
      attempts: admitted,
      locks: locks + 1,
      lockedUntil: new Date(now.getTime() + lockMs),
      lastAttemptAt: now,
    },
  };
}
