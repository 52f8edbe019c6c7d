import {
  type CheckpointHistoryResponseDto,
  type ConsistencyProofDto,
  type InclusionProofDto,
  type LogCheckpointResponseDto,
  SignedCheckpointSchema,
} from '@gzcredit/contracts';
import {
  appendLeaves,
  consistencyRanges,
  documentDigest,
  documentStatement,
  frontierNodes,
  inclusionRanges,
  type LeafRange,
  leafBytes,
  leafHash,
  MemoryTree,
  nodeKey,
  nodesOfRanges,
  rangeHash,
  SIGNED_DOCUMENT_FORMAT,
  type SignedCheckpoint,
  type SignedDocument,
  type SignedDocumentKind,
  signCheckpoint,
  signDocumentStatement,
  sm2PublicKey,
  verifyConsistency,
} from '@gzcredit/verify';
import { lockAuditChain, recordAudit } from '../../platform/audit';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { readWitness, type WitnessFiles, writeWitness } from '../../platform/files';
import { logAppendSeconds, logLeavesAppended } from '../../platform/metrics';
import { createTtlCache } from '../../platform/ttl-cache';
import {
  type CheckpointRow,
  findCheckpointOfSize,
  findLatestCheckpoint,
  findLatestLeafOf,
  findLeaf,
  findLogHead,
  insertCheckpoint,
  insertLeavesAndNodes,
  listCheckpoints,
  lockLogHead,
  readLeafPage,
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
  /** The canonical JSON of `content` when the caller has written it already (verify's `leafBytes`). */
  canonicalContent?: string;
}

export interface AppendedLeaves {
  /** Index of the first leaf appended; the others follow in input order. */
  firstIndex: number;
  treeSize: number;
  rootHash: Buffer;
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
  const contents = leaves.map((leaf) => leafBytes(leaf, leaf.canonicalContent));
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

/**
 * Issues a signed document (issue 23 item 4) in the caller's transaction, the one that stores the document: its leaf
 * (the canonical content the platform keeps), a checkpoint of the tree that leaf ends (trigger `document`), the audit
 * path to it and the SM2 signature of the statement (kind, number, digest, leaf index). The caller prints the digest.
 */
export async function signDocument(
  trx: Db,
  keys: LogKeys,
  document: { kind: SignedDocumentKind; subject: string; content: Record<string, unknown> },
): Promise<SignedDocument> {
  const appended = await appendLogLeaves(trx, [document]);
  const checkpoint = await storeCheckpoint(trx, keys, appended, 'document');
  return documentBundle(trx, keys, { ...document, leafIndex: appended.firstIndex }, checkpoint);
}

/**
 * The statements this node has signed, by statement and key. A statement (kind, number, digest, leaf index) is signed
 * once per process: the detached signature file, a check's PDF and the public verification page then reuse the
 * signature made at issue instead of making a new SM2 signature (~65 ms of CPU) at every download or visit.
 */
const statementSignatures = createTtlCache<string, ReturnType<typeof signDocumentStatement>>({
  ttlMs: Number.POSITIVE_INFINITY,
  maxEntries: 10_000,
});

async function documentBundle(
  db: Db,
  keys: LogKeys,
  document: { kind: SignedDocumentKind; subject: string; content: Record<string, unknown>; leafIndex: number },
  checkpoint: SignedCheckpoint,
): Promise<SignedDocument> {
  const digest = documentDigest(document.content);
  const proof = await inclusionProofOf(db, document.leafIndex, checkpoint.treeSize);
  const statement = { ...document, digest };
  const signature = await statementSignatures.get(`${keys.publicKey}:${documentStatement(statement)}`, async () =>
    signDocumentStatement(statement, keys),
  );
  return {
    format: SIGNED_DOCUMENT_FORMAT,
    ...document,
    digest,
    ...signature,
    inclusionProof: proof.map((hash) => hash.toString('hex')),
    checkpoint,
  };
}

/**
 * A document's signed bundle from what the log keeps: its leaf's content, proved in the latest checkpoint (one is
 * signed first when none covers the leaf yet, e.g. a credit check printed right after it ran). The statement's
 * signature is the one this node made first (at issue, when it issued the document); after a restart it is signed
 * once anew (SM2 signatures are randomised, and each verifies). Undefined when the log holds no such document (one
 * issued before the log existed).
 */
export async function findSignedDocument(
  db: Db,
  keys: LogKeys,
  kind: SignedDocumentKind,
  subject: string,
): Promise<SignedDocument | undefined> {
  const leaf = await findLatestLeafOf(db, kind, subject);
  if (!leaf) return undefined;
  const leafIndex = Number(leaf.leafIndex);
  const latest = await findLatestCheckpoint(db);
  const checkpoint =
    latest && Number(latest.treeSize) > leafIndex
      ? checkpointOfRow(latest)
      : await storeCheckpoint(db, keys, await findLogHead(db), 'document');
  return documentBundle(db, keys, { kind, subject, content: contentOfLeaf(leaf.content), leafIndex }, checkpoint);
}

/** The content a leaf's bytes hold: its canonical JSON without the leaf's `type` and `v`. */
function contentOfLeaf(bytes: string): Record<string, unknown> {
  const { type: _type, v: _version, ...content } = JSON.parse(bytes) as Record<string, unknown>;
  return content;
}

/**
 * The content the log holds for a subject (its newest leaf), for a feature that keeps its document in the log only
 * (a credit check's content, which is stored once: modules/checks).
 */
export async function findLoggedContent(
  db: Db,
  kind: SignedDocumentKind,
  subject: string,
): Promise<Record<string, unknown> | undefined> {
  const leaf = await findLatestLeafOf(db, kind, subject);
  return leaf && contentOfLeaf(leaf.content);
}

/** The key pair of a private key. */
export function logKeysOf(privateKey: string): LogKeys {
  return { privateKey, publicKey: sm2PublicKey(privateKey) };
}

/** Checkpoint files in LOG_WITNESS_DIR: the newest (replaced atomically) and every one, a JSON object a line. */
const checkpointWitnessFiles = (directory: string): WitnessFiles => ({
  directory,
  latest: 'log-checkpoint.json',
  history: 'log-checkpoints.jsonl',
});

/** The newest checkpoint in the witness directory, or undefined when none was written there. */
async function readWitnessedCheckpoint(directory: string): Promise<SignedCheckpoint | undefined> {
  const witnessed = await readWitness(checkpointWitnessFiles(directory));
  return witnessed === undefined ? undefined : SignedCheckpointSchema.parse(witnessed);
}

/**
 * What the monitor found (issue 23 item 6): the tree checked from its leaves' bytes against the witnessed checkpoint
 * and the consistency proof from it to the current head verified. `problem` says the first thing that failed.
 */
export type LogMonitorResult =
  | { consistent: true; witnessedSize: number; treeSize: number; checkedLeaves: number }
  | {
      consistent: false;
      witnessedSize: number;
      treeSize: number;
      problem: 'leaf-altered' | 'leaf-missing' | 'witness-root-mismatch' | 'tree-shrunk' | 'consistency-proof-failed';
      leafIndex: number | null;
      reason: string;
    };

const MONITOR_PAGE = 5_000;

/**
 * Re-verifies the log against a witnessed checkpoint: every leaf's stored hash is the hash of its bytes, the leaves
 * are 0…n−1 without gap, the tree of the first `witnessed.treeSize` leaves (rebuilt from their bytes) has the
 * witnessed root, and the consistency proof the log serves from that size to the head verifies against both roots.
 * A superuser who edits a leaf and re-hashes it, deletes a leaf and re-chains, or truncates the log fails one of these.
 */
export async function monitorLog(db: Db, witnessed: SignedCheckpoint): Promise<LogMonitorResult> {
  const head = await findLogHead(db);
  const base = { witnessedSize: witnessed.treeSize, treeSize: head.treeSize };
  if (head.treeSize < witnessed.treeSize) {
    return {
      consistent: false,
      ...base,
      problem: 'tree-shrunk',
      leafIndex: head.treeSize,
      reason: `日志只有 ${head.treeSize} 个叶子，少于已见证检查点的 ${witnessed.treeSize} 个（日志被截断或删除）`,
    };
  }
  const tree = new MemoryTree('sm3');
  let expected = 0;
  for (;;) {
    const page = await readLeafPage(db, expected, MONITOR_PAGE);
    if (page.length === 0) break;
    for (const leaf of page) {
      if (leaf.leafIndex !== expected || leaf.content === null || leaf.hash === null) {
        return {
          consistent: false,
          ...base,
          problem: 'leaf-missing',
          leafIndex: expected,
          reason: `叶子 ${expected} 缺失（叶子或其哈希被删除，序号不再连续）`,
        };
      }
      const hash = leafHash(leaf.content);
      if (!hash.equals(leaf.hash)) {
        return {
          consistent: false,
          ...base,
          problem: 'leaf-altered',
          leafIndex: expected,
          reason: `叶子 ${expected} 的内容与其存储的哈希不符（内容被改动）`,
        };
      }
      tree.append([hash]);
      expected += 1;
      if (expected === witnessed.treeSize && tree.root.toString('hex') !== witnessed.rootHash) {
        return {
          consistent: false,
          ...base,
          problem: 'witness-root-mismatch',
          leafIndex: null,
          reason: `前 ${witnessed.treeSize} 个叶子构成的树根与 ${witnessed.timestamp} 见证的检查点不符（日志被改写）`,
        };
      }
    }
  }
  if (expected < witnessed.treeSize || expected !== head.treeSize) {
    return {
      consistent: false,
      ...base,
      problem: expected < witnessed.treeSize ? 'tree-shrunk' : 'leaf-missing',
      leafIndex: expected,
      reason: `日志存有 ${expected} 个叶子，而树头记为 ${head.treeSize} 个、已见证检查点为 ${witnessed.treeSize} 个`,
    };
  }
  const proof = await consistencyProofOf(db, witnessed.treeSize, head.treeSize).catch(() => null);
  if (
    !proof ||
    !tree.root.equals(head.rootHash) ||
    !verifyConsistency(witnessed.treeSize, head.treeSize, Buffer.from(witnessed.rootHash, 'hex'), head.rootHash, proof)
  ) {
    return {
      consistent: false,
      ...base,
      problem: 'consistency-proof-failed',
      leafIndex: null,
      reason: `从已见证的 ${witnessed.treeSize} 个叶子到当前 ${head.treeSize} 个叶子的一致性证明不成立`,
    };
  }
  return { consistent: true, ...base, checkedLeaves: expected };
}

export interface TransparencyOptions {
  keys: LogKeys;
  /** LOG_WITNESS_DIR. */
  witnessDir?: string;
}

/**
 * Signs a checkpoint of the head as it is now, stores it and writes it to the witness directory. A witness write that
 * fails (a full disk, a lost mount, no permission) leaves the checkpoint signed and stored but not witnessed: it is
 * reported, as the audit row `transparency.witness-failed` (a security event, Art. 28) and on the console, not thrown,
 * so that the checkpoint's transaction (the on-demand route's) keeps the row.
 */
async function signHead(
  db: Db,
  options: TransparencyOptions,
  trigger: CheckpointRow['trigger'],
): Promise<SignedCheckpoint> {
  const sign = (trx: Db) => findLogHead(trx).then((head) => storeCheckpoint(trx, options.keys, head, trigger));
  const signed = await (db.isTransaction ? sign(db) : db.transaction().execute(sign));
  if (options.witnessDir) {
    try {
      await writeWitness(checkpointWitnessFiles(options.witnessDir), signed);
    } catch (error) {
      const reason = (error as Error).message;
      await recordAudit(db, {
        action: 'transparency.witness-failed',
        objectType: 'checkpoint',
        objectId: signed.treeSize,
        result: 'failure',
        details: { treeSize: signed.treeSize, trigger, reason },
      });
      console.error(`[可验证日志告警] 检查点（${signed.treeSize} 个叶子）未能写入见证目录：${reason}`);
    }
  }
  return signed;
}

/** The checkpoint the monitor starts from: the witness directory's newest, else the database's. */
async function lastWitnessed(db: Db, options: TransparencyOptions): Promise<SignedCheckpoint | undefined> {
  if (options.witnessDir) {
    const witnessed = await readWitnessedCheckpoint(options.witnessDir);
    if (witnessed) return witnessed;
  }
  const row = await findLatestCheckpoint(db);
  return row ? checkpointOfRow(row) : undefined;
}

function treeSizeWithin(treeSize: number, head: number): void {
  if (treeSize > head) {
    throw new AppError('LOG_TREE_SIZE_INVALID', `树大小 ${treeSize} 超出可验证日志当前的 ${head} 个叶子`);
  }
}

export function createTransparencyService(db: Db, options: TransparencyOptions) {
  const publicKey = options.keys.publicKey;

  /** The newest checkpoint; one is signed first when none exists yet (a fresh platform). */
  async function latestCheckpoint(): Promise<SignedCheckpoint> {
    const row = await findLatestCheckpoint(db);
    return row ? checkpointOfRow(row) : signHead(db, options, 'on-demand');
  }

  return {
    publicKey,
    latestCheckpoint: async (): Promise<LogCheckpointResponseDto> => ({
      checkpoint: await latestCheckpoint(),
      publicKey,
    }),

    /** `trx`: the caller's transaction (a console route's), else the service's database. */
    signCheckpoint: (trigger: 'scheduled' | 'on-demand', trx: Db = db) => signHead(trx, options, trigger),

    async checkpointHistory(query: { before?: number; limit: number }): Promise<CheckpointHistoryResponseDto> {
      const rows = await listCheckpoints(db, query);
      return {
        items: rows.map((row) => ({ id: Number(row.id), ...checkpointOfRow(row) })),
        nextBefore: rows.length === query.limit ? Number(rows.at(-1)!.id) : null,
      };
    },

    async inclusion(query: { leaf: number; treeSize?: number }): Promise<InclusionProofDto> {
      const head = await findLogHead(db);
      const checkpoint = query.treeSize === undefined ? await latestCheckpoint() : undefined;
      const treeSize = query.treeSize ?? checkpoint!.treeSize;
      treeSizeWithin(treeSize, head.treeSize);
      const leaf = query.leaf < treeSize ? await findLeaf(db, query.leaf) : undefined;
      if (!leaf) {
        throw new AppError(
          'LOG_LEAF_NOT_FOUND',
          `可验证日志中大小为 ${treeSize} 的树没有第 ${query.leaf} 个叶子（叶子序号从 0 开始）`,
        );
      }
      const proof = await inclusionProofOf(db, query.leaf, treeSize);
      const sized = checkpoint ?? (await findCheckpointOfSize(db, treeSize).then((row) => row && checkpointOfRow(row)));
      return {
        leafIndex: query.leaf,
        treeSize,
        leafHash: leafHash(leaf.content).toString('hex'),
        kind: leaf.kind,
        // Only a credit report's content is public information; a record's or a check's leaf is shown by its hash.
        leaf: leaf.kind === 'credit-report' ? leaf.content : null,
        proof: proof.map((hash) => hash.toString('hex')),
        checkpoint: sized ?? null,
      };
    },

    async consistency(query: { from: number; to: number }): Promise<ConsistencyProofDto> {
      const head = await findLogHead(db);
      treeSizeWithin(query.to, head.treeSize);
      const proof = await consistencyProofOf(db, query.from, query.to);
      const checkpointOf = (size: number) =>
        findCheckpointOfSize(db, size).then((row) => (row ? checkpointOfRow(row) : null));
      return {
        from: query.from,
        to: query.to,
        proof: proof.map((hash) => hash.toString('hex')),
        fromCheckpoint: await checkpointOf(query.from),
        toCheckpoint: await checkpointOf(query.to),
      };
    },

    /** The monitor's alert as the audit row `transparency.log-inconsistent`: a security event (Art. 28: 篡改). */
    recordInconsistency: (result: Extract<LogMonitorResult, { consistent: false }>) =>
      recordAudit(db, {
        action: 'transparency.log-inconsistent',
        result: 'failure',
        details: {
          problem: result.problem,
          leafIndex: result.leafIndex,
          witnessedSize: result.witnessedSize,
          treeSize: result.treeSize,
          reason: result.reason,
        },
      }),

    /** The monitor's run: the last witnessed checkpoint against the log now; nothing witnessed yet counts as consistent. */
    async monitor(): Promise<LogMonitorResult | undefined> {
      const witnessed = await lastWitnessed(db, options);
      return witnessed ? monitorLog(db, witnessed) : undefined;
    },
  };
}
export type TransparencyService = ReturnType<typeof createTransparencyService>;
