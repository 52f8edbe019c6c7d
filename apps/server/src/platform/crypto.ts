import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** SM3 (GB/T 32905) digest, hex. Node's OpenSSL implements it (standard vectors pass, STACK.md). */
export function sm3Hex(data: string | Buffer): string {
  return createHash('sm3').update(data).digest('hex');
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function hmacHex(algorithm: 'sm3' | 'sha256', key: string | Buffer, data: string | Buffer): string {
  return createHmac(algorithm, key).update(data).digest('hex');
}

/** A random token for cookies, CSRF and one-time secrets: 32 bytes, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function constantTimeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * SM4-CBC (GB/T 32907) encryption of personal data at rest (SPEC §3: identity-card numbers). The output is the random
 * 16-byte IV followed by the ciphertext.
 */
export function sm4Encrypt(key: Buffer, plaintext: string): Buffer {
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]);
}

/** Strict UTF-8: what a wrong key yields is refused even when its padding happens to look right (1 time in 256). */
const plaintextDecoder = new TextDecoder('utf-8', { fatal: true });

export function sm4Decrypt(key: Buffer, sealed: Buffer): string {
  const decipher = createDecipheriv('sm4-cbc', key, sealed.subarray(0, 16));
  return plaintextDecoder.decode(Buffer.concat([decipher.update(sealed.subarray(16)), decipher.final()]));
}
