import { canonicalJson } from './canonical-json';
import { LOG_HASH_ALGORITHM } from './merkle';
import { sm2KeyId, sm2Sign, sm2Verify } from './sm2';

/** The log's name in every signed statement: a signature over one kind of statement never passes for another. */
export const LOG_ID = 'gzcredit-log-v1';

/** What a checkpoint signs (docs/verifiable-log.md): the tree's size and root at a time. */
export interface CheckpointBody {
  log: typeof LOG_ID;
  hash: typeof LOG_HASH_ALGORITHM;
  treeSize: number;
  /** Hex. */
  rootHash: string;
  /** ISO 8601 instant. */
  timestamp: string;
}

export interface SignedCheckpoint extends CheckpointBody {
  keyId: string;
  /** SM2 (GB/T 32918.2), r ‖ s hex, over the canonical JSON of the body. */
  signature: string;
}

export function checkpointBody(checkpoint: Omit<CheckpointBody, 'log' | 'hash'>): CheckpointBody {
  return {
    log: LOG_ID,
    hash: LOG_HASH_ALGORITHM,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash,
    timestamp: checkpoint.timestamp,
  };
}

export function signCheckpoint(
  checkpoint: Omit<CheckpointBody, 'log' | 'hash'>,
  keys: { privateKey: string; publicKey: string },
): SignedCheckpoint {
  const body = checkpointBody(checkpoint);
  return { ...body, keyId: sm2KeyId(keys.publicKey), signature: sm2Sign(canonicalJson(body), keys.privateKey) };
}

export function verifyCheckpoint(checkpoint: SignedCheckpoint, publicKey: string): boolean {
  if (checkpoint.log !== LOG_ID || checkpoint.hash !== LOG_HASH_ALGORITHM) return false;
  return sm2Verify(canonicalJson(checkpointBody(checkpoint)), checkpoint.signature, publicKey);
}

/** What the platform signs for a credit report or a credit-check report: its content's digest, its leaf, its checkpoint. */
export interface DocumentStatement {
  type: 'gzcredit-document-signature';
  log: typeof LOG_ID;
  /** 信用报告 or 信用核查报告. */
  kind: 'credit-report' | 'credit-check';
  documentNo: string;
  /** SM3 of the canonical JSON of the document's content, hex. */
  contentDigest: string;
  leafIndex: number;
  checkpoint: CheckpointBody;
}

export interface DocumentSignature {
  statement: DocumentStatement;
  keyId: string;
  signature: string;
}

export function signDocument(
  statement: Omit<DocumentStatement, 'type' | 'log'>,
  keys: { privateKey: string; publicKey: string },
): DocumentSignature {
  const full: DocumentStatement = { type: 'gzcredit-document-signature', log: LOG_ID, ...statement };
  return { statement: full, keyId: sm2KeyId(keys.publicKey), signature: sm2Sign(canonicalJson(full), keys.privateKey) };
}

export function verifyDocumentSignature(document: DocumentSignature, publicKey: string): boolean {
  if (document.statement.type !== 'gzcredit-document-signature' || document.statement.log !== LOG_ID) return false;
  return sm2Verify(canonicalJson(document.statement), document.signature, publicKey);
}
