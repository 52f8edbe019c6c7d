import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 TOTP, 6 digits every 30 s; the previous code is still accepted (STACK.md: epochTolerance 30). */
export async function verifyTotp(secret: string, token: string): Promise<boolean> {
  try {
    const result = await verify({ secret, token, epochTolerance: 30 });
    return result.valid;
  } catch {
    return false;
  }
}

export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(secret: string, username: string): string {
  return generateURI({ issuer: '贵州省企业公共信用信息平台', label: username, secret });
}
