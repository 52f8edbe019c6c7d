import type { SignatureMethod } from '@gzcredit/contracts';
import { constantTimeEqual, hmacHex, sha256Hex, sm3Hex } from '../../platform/crypto';

/** The hash behind each signature method: SM3 (GB/T 32905) by default, SHA-256 for systems without it. */
const HASH_OF: Record<SignatureMethod, 'sm3' | 'sha256'> = { 'HMAC-SM3': 'sm3', 'HMAC-SHA256': 'sha256' };

export interface SignedParts {
  httpMethod: string;
  /** The request target exactly as sent: path and query string, percent-encoding untouched. */
  pathWithQuery: string;
  timestamp: string;
  nonce: string;
  body: Buffer;
}

/** Hex digest of the body with the method's hash; an empty body is the digest of the empty string. */
export function bodyDigest(method: SignatureMethod, body: Buffer): string {
  return HASH_OF[method] === 'sm3' ? sm3Hex(body) : sha256Hex(body);
}

/** `METHOD\nPATH_WITH_QUERY\nTIMESTAMP\nNONCE\nHEX_DIGEST_OF_BODY` (docs/exchange-api.md). */
export function stringToSign(method: SignatureMethod, parts: SignedParts): string {
  return [
    parts.httpMethod.toUpperCase(),
    parts.pathWithQuery,
    parts.timestamp,
    parts.nonce,
    bodyDigest(method, parts.body),
  ].join('\n');
}

export function signatureOf(method: SignatureMethod, secret: string, parts: SignedParts): string {
  return hmacHex(HASH_OF[method], secret, stringToSign(method, parts));
}

/** Compares in constant time, so the answer's timing reveals nothing about how much of a forged signature matched. */
export function signatureMatches(method: SignatureMethod, secret: string, parts: SignedParts, given: string): boolean {
  return constantTimeEqual(signatureOf(method, secret, parts), given.toLowerCase());
}
