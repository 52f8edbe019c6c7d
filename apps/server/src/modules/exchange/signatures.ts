import { createHash, type Hash } from 'node:crypto';
import type { SignatureMethod } from '@gzcredit/contracts';
import { constantTimeEqual, hmacHex } from '../../platform/crypto';

/** The hash behind each signature method: SM3 (GB/T 32905) by default, SHA-256 for systems without it. */
const HASH_OF: Record<SignatureMethod, 'sm3' | 'sha256'> = { 'HMAC-SM3': 'sm3', 'HMAC-SHA256': 'sha256' };

/** What a signature covers besides the body. */
export interface SignedTarget {
  httpMethod: string;
  /** The request target exactly as sent: path and query string, percent-encoding untouched. */
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
}

export interface SignedParts extends SignedTarget {
  body: Buffer;
}

/** The method's hash, fed the body as it arrives; its hex digest is the body's part of the string to sign. */
export function createBodyHash(method: SignatureMethod): Hash {
  return createHash(HASH_OF[method]);
}

/** Hex digest of the body with the method's hash; an empty body is the digest of the empty string. */
export function bodyDigest(method: SignatureMethod, body: Buffer): string {
  return createBodyHash(method).update(body).digest('hex');
}

/** `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nHEX_DIGEST_OF_BODY` (docs/exchange-api.md). */
function stringToSign(target: SignedTarget, digest: string): string {
  return [target.httpMethod.toUpperCase(), target.pathWithQuery, target.timestamp, target.nonce, digest].join('\n');
}

/** The signature a client sends (tests sign their requests with it). */
export function signatureOf(method: SignatureMethod, secret: string, parts: SignedParts): string {
  return hmacHex(HASH_OF[method], secret, stringToSign(parts, bodyDigest(method, parts.body)));
}

/**
 * Compares in constant time, so the answer's timing reveals nothing about how much of a forged signature matched.
 * Takes the body's digest, computed while the body arrived: nothing of a body is parsed before its signature held.
 */
export function signatureMatches(
  method: SignatureMethod,
  secret: string,
  target: SignedTarget,
  digest: string,
  given: string,
): boolean {
  return constantTimeEqual(hmacHex(HASH_OF[method], secret, stringToSign(target, digest)), given.toLowerCase());
}
