import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (m=19 MiB, t=2), about 35 ms here. */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** Verified against a real hash even for unknown users, so both answers take the same time. */
const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2iY0yJ1S0mAcFz7gHl3o9LQdfS8kQ2HrjG5Sx8m8vXg';

export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}

const SYMBOLS = '@#%+=!?';
const ALPHABETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnpqrstuvwxyz', '23456789', SYMBOLS];

/** A one-time password meeting the password rules, without look-alike characters (shown once, typed by hand). */
export function generateOneTimePassword(length = 14): string {
  const characters = ALPHABETS.map((alphabet) => alphabet[randomInt(alphabet.length)]!);
  const all = ALPHABETS.join('');
  while (characters.length < length) characters.push(all[randomInt(all.length)]!);
  for (let i = characters.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [characters[i], characters[j]] = [characters[j]!, characters[i]!];
  }
  // Never a symbol first: a leading `=`, `+` or `-` reads as punctuation where it is printed, and spreadsheets take
  // it for a formula.
  const first = characters.findIndex((character) => !SYMBOLS.includes(character));
  [characters[0], characters[first]] = [characters[first]!, characters[0]!];
  return characters.join('');
}
