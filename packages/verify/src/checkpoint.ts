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
