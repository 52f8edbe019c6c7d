import { generateSecret, generateURI, verify } from 'otplib';

/**
 * RFC 6238 TOTP, 6 digits every 30 s. Returns the time step the code belongs to, undefined when it is wrong. One step
 * either side is accepted (a phone's clock drifts, a code is typed late); a replay within that window is refused by
 * the caller, which accepts each account's steps only in increasing order (`totp_last_step`).
 */
export async function verifyTotp(secret: string, token: string): Promise<number | undefined> {
  try {
    const result = await verify({ secret, token, epochTolerance: 30 });
    // `verify` answers for HOTP too; a TOTP match carries its time step.
    return result.valid && 'timeStep' in result ? result.timeStep : undefined;
  } catch {
    return undefined;
  }
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: '贵州省企业公共信用信息平台', label: username, secret });
}
