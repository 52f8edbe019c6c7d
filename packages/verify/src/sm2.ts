/// <reference path="./sm-crypto.d.ts" />
import { createHash } from 'node:crypto';
import smCrypto from 'sm-crypto';

/**
 * SM2 signatures as GB/T 32918.2 defines them (with SM3 and the signer's Z value, default identity
 * "1234567812345678"), through sm-crypto: Node's own "SM2" signing is plain ECDSA on the SM2 curve (STACK.md). Keys
 * are hex: the private key 64 digits, the public key the uncompressed point (04 ‖ x ‖ y, 130 digits); a signature is
 * r ‖ s, 128 digits.
 */
const { sm2 } = smCrypto;

export const SM2_PRIVATE_KEY = /^[0-9a-f]{64}$/;
export const SM2_PUBLIC_KEY = /^04[0-9a-f]{128}$/;
export const SM2_SIGNATURE = /^[0-9a-f]{128}$/;

/** The public key of a private key. */
export function sm2PublicKey(privateKey: string): string {
  return sm2.getPublicKeyFromPrivateKey(privateKey);
}

/** Signs the UTF-8 bytes of `message`. */
export function sm2Sign(message: string, privateKey: string): string {
  return sm2.doSignature(utf8Bytes(message), privateKey, {
    hash: true,
    der: false,
    publicKey: sm2PublicKey(privateKey),
  });
}

export function sm2Verify(message: string, signature: string, publicKey: string): boolean {
  if (!SM2_SIGNATURE.test(signature) || !SM2_PUBLIC_KEY.test(publicKey)) return false;
  try {
    return sm2.doVerifySignature(utf8Bytes(message), signature, publicKey, { hash: true, der: false });
  } catch {
    return false;
  }
}

/** A short name for a public key: the first 16 hex digits of its SM3. */
export function sm2KeyId(publicKey: string): string {
  return createHash('sm3').update(publicKey).digest('hex').slice(0, 16);
}

export function sm2GenerateKeyPair(): { privateKey: string; publicKey: string } {
  return sm2.generateKeyPairHex();
}

function utf8Bytes(text: string): number[] {
  return [...Buffer.from(text, 'utf8')];
}
