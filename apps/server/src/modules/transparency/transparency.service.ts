import {
  appendLeaves,
  canonicalJson,
  consistencyRanges,
  type DocumentSignature,
  frontierNodes,
  inclusionRanges,
  type LeafRange,
  leafHash,
  nodeKey,
  nodesOfRanges,
  rangeHash,
  type SignedCheckpoint,
  signCheckpoint,
  signDocument,
  sm2KeyId,
} from '@gzcredit/verify';
import { lockAuditChain } from '../../platform/audit';
import type { Db } from '../../platform/database';
import { logAppendSeconds, logLeavesAppended } from '../../platform/metrics';
import {
  type CheckpointRow,
  insertCheckpoint,
  insertLeavesAndNodes,
  lockLogHead,
  readNodes,
  updateLogHead,
} from './transparency.repository';

/** The platform's SM2 key pair for checkpoints and signed documents (LOG_SIGNING_KEY). */
export interface LogKeys {
  privateKey: string;
  publicKey: string;
}

/**
 * What a leaf attests (docs/verifiable-log.md): `kind` (`record`, `credit-report`, `credit-check`, and what other
 * features add, e.g. `objection-decision`), the object it is about (`subject`: a record id, a report or check number)
 * and the attested content. Personal data never appears in `content` but as a salted hash.
 */
export interface LogLeafInput {
  kind: string;
  subject: string;
  content: Record<string, unknown>;
}

export interface AppendedLeaves {
  /** Index of the first leaf appended; the others follow in input order. */
  firstIndex: number;
  treeSize: number;
  rootHash: Buffer;
}

/** The bytes a leaf holds: canonical JSON of its content with its kind as `type` and the format version `v`. */
export function leafBytes(leaf: LogLeafInput): string {
  return canonicalJson({ ...leaf.content, type: leaf.kind, v: 1 });
}

/**
 * Appends leaves to the verifiable log in the caller's transaction: call it in the transaction of the change the
 * leaves attest, so a change exists exactly when its leaf does (issue 23). Leaves get consecutive indices in commit
 * order (the head row is locked to the end of the transaction; the audit chain's lock first, in the order
 * `appendAudit` takes it). Cost: one read of at most 63 frontier nodes, one insert of the leaves, one of the nodes,
 * one head update, whatever the number of leaves.
 */
export async function appendLogLeaves(trx: Db, leaves: LogLeafInput[]): Promise<AppendedLeaves> {
  const started = performance.now();
  try {
    return await appendToHead(trx, leaves);
  } finally {
    logAppendSeconds.inc((performance.now() - started) / 1000);
  }
}

async function appendToHead(trx: Db, leaves: LogLeafInput[]): Promise<AppendedLeaves> {
  await lockAuditChain(trx);
  const head = await lockLogHead(trx);
  if (leaves.length === 0) return { firstIndex: head.treeSize, treeSize: head.treeSize, rootHash: head.rootHash };
  const contents = leaves.map(leafBytes);
  const frontier = await readNodes(trx, frontierNodes(head.treeSize));
  const appended = appendLeaves(
    head.treeSize,
    frontier,
    contents.map((content) => leafHash(content)),
  );
  await insertLeavesAndNodes(
    trx,
    leaves.map((leaf, offset) => ({
      leafIndex: head.treeSize + offset,
      kind: leaf.kind,
      subject: leaf.subject,
      content: contents[offset]!,
    })),
    appended.nodes,
  );
  await updateLogHead(trx, { treeSize: appended.size, rootHash: appended.root });
  logLeavesAppended.inc(leaves.length);
  return { firstIndex: head.treeSize, treeSize: appended.size, rootHash: appended.root };
}

/** The hashes of the given leaf ranges of the stored tree, read in one query. */
export async function hashRanges(db: Db, ranges: LeafRange[]): Promise<Buffer[]> {
  const nodes = await readNodes(db, nodesOfRanges(ranges));
  return ranges.map((range) =>
    rangeHash(range, (node) => {
      const hash = nodes.get(nodeKey(node));
      if (!hash) throw new Error(`the log lacks node ${nodeKey(node)}`);
      return hash;
    }),
  );
}

export async function inclusionProofOf(db: Db, leafIndex: number, treeSize: number): Promise<Buffer[]> {
  return hashRanges(db, inclusionRanges(leafIndex, treeSize));
}

export async function consistencyProofOf(db: Db, first: number, second: number): Promise<Buffer[]> {
  return hashRanges(db, consistencyRanges(first, second));
}

export function checkpointOfRow(row: CheckpointRow): SignedCheckpoint {
  return {
    log: 'gzcredit-log-v1',
    hash: 'sm3',
    treeSize: Number(row.treeSize),
    rootHash: row.rootHash,
    timestamp: new Date(row.signedAt).toISOString(),
    keyId: row.keyId,
    signature: row.signature,
  };
}

/** Signs and stores a checkpoint of a tree size and root (in the caller's transaction). */
export async function storeCheckpoint(
  trx: Db,
  keys: LogKeys,
  head: { treeSize: number; rootHash: Buffer },
  trigger: CheckpointRow['trigger'],
): Promise<SignedCheckpoint> {
  const signedAt = new Date();
  const signed = signCheckpoint(
    { treeSize: head.treeSize, rootHash: head.rootHash.toString('hex'), timestamp: signedAt.toISOString() },
    keys,
  );
  await insertCheckpoint(trx, {
    treeSize: signed.treeSize,
    rootHash: signed.rootHash,
    signedAt,
    keyId: signed.keyId,
    signature: signed.signature,
    trigger,
  });
  return signed;
}

/** What a signed document carries besides its content: its leaf, the checkpoint it was issued under, the proof. */
export interface DocumentAttestation {
  leafIndex: number;
  checkpoint: SignedCheckpoint;
  /** Inclusion proof of the leaf in the checkpoint's tree, hex, leaf side first. */
  inclusionProof: string[];
  signature: DocumentSignature;
}

/**
 * Logs a credit report or a credit-check report and signs it (issue 23 item 4), in the caller's transaction: the
 * document's content is the leaf; a checkpoint of the tree just after it is signed and stored; the SM2 signature
 * covers the content's SM3 digest, the leaf index and that checkpoint.
 */
export async function attestDocument(
  trx: Db,
  keys: LogKeys,
  document: {
    kind: 'credit-report' | 'credit-check';
    documentNo: string;
    content: Record<string, unknown>;
    digest: string;
  },
): Promise<DocumentAttestation> {
  const appended = await appendLogLeaves(trx, [
    { kind: document.kind, subject: document.documentNo, content: document.content },
  ]);
  const checkpoint = await storeCheckpoint(trx, keys, appended, 'document');
  const inclusionProof = await inclusionProofOf(trx, appended.firstIndex, appended.treeSize);
  const { keyId: _keyId, signature: _signature, ...checkpointBody } = checkpoint;
  const signature = signDocument(
    {
      kind: document.kind,
      documentNo: document.documentNo,
      contentDigest: document.digest,
      leafIndex: appended.firstIndex,
      checkpoint: checkpointBody,
    },
    keys,
  );
  return {
    leafIndex: appended.firstIndex,
    checkpoint,
    inclusionProof: inclusionProof.map((hash) => hash.toString('hex')),
    signature,
  };
}

export function logKeyId(keys: LogKeys): string {
  return sm2KeyId(keys.publicKey);
}
