import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { LOG_ID, type SignedCheckpoint, verifyCheckpoint } from './checkpoint';
import { leafHash, verifyInclusion } from './merkle';
import { sm2KeyId, sm2Sign, sm2Verify } from './sm2';

/**
 * Signed documents (issue 23 item 4; docs/verifiable-log.md): a credit report or a credit-check report, its canonical
 * content, the SM2 signature of its statement, its leaf in the verifiable log, the inclusion proof and the checkpoint
 * the proof leads to. The same bundle is the detached signature file and the PDF's attached file.
 */
export const SIGNED_DOCUMENT_FORMAT = 'gzcredit-signed-document-v1';

export type SignedDocumentKind = 'credit-report' | 'credit-check';

/** What the platform signs for a document: its kind, number, content digest and leaf, under the log's name. */
export interface DocumentStatement {
  log: typeof LOG_ID;
  type: 'document';
  kind: SignedDocumentKind;
  subject: string;
  /** SM3 of the canonical JSON of `content`, hex: the digest printed on the paper. */
  digest: string;
  leafIndex: number;
}

export interface SignedDocument {
  format: typeof SIGNED_DOCUMENT_FORMAT;
  kind: SignedDocumentKind;
  /** The report or check number. */
  subject: string;
  content: Record<string, unknown>;
  digest: string;
  leafIndex: number;
  keyId: string;
  /** The signer's public key as the platform states it: compare with the key the platform publishes. */
  publicKey: string;
  /** SM2 (GB/T 32918.2), r ‖ s hex, over the canonical JSON of the statement. */
  signature: string;
  /** RFC 9162 audit path of the leaf in the checkpoint's tree, hex, leaf side first. */
  inclusionProof: string[];
  checkpoint: SignedCheckpoint;
}

export function sm3Of(text: string): string {
  return createHash('sm3').update(text, 'utf8').digest('hex');
}

/**
 * The bytes of a leaf of the log: canonical JSON of its content with its kind as `type` and the format version `v`.
 * `canonicalContent`, when the writer has it already, is the canonical JSON of `content` (a credit check's ~5 MB, whose
 * SM3 is its digest): when every key of the content sorts before "type", the two members go last, so the leaf is that
 * text with them appended instead of written again.
 */
export function leafBytes(leaf: { kind: string; content: Record<string, unknown> }, canonicalContent?: string): string {
  if (canonicalContent !== undefined && Object.keys(leaf.content).every((key) => key < 'type')) {
    const members = `"type":${JSON.stringify(leaf.kind)},"v":1}`;
    return canonicalContent === '{}' ? `{${members}` : `${canonicalContent.slice(0, -1)},${members}`;
  }
  return canonicalJson({ ...leaf.content, type: leaf.kind, v: 1 });
}

/** The SM3 of a document's content: what the paper prints as 内容摘要（SM3）. */
export function documentDigest(content: unknown): string {
  return sm3Of(canonicalJson(content));
}

/**
 * Each record's own digest (SM3 of its canonical JSON without `digest`), so that a content altered in one record
 * names that record, not only the whole document.
 */
export function recordDigest(record: Record<string, unknown>): string {
  const { digest: _digest, ...fields } = record;
  return sm3Of(canonicalJson(fields));
}

export function withRecordDigest<T extends Record<string, unknown>>(record: T): T & { digest: string } {
  return { ...record, digest: recordDigest(record) };
}

export function documentStatement(document: Pick<SignedDocument, 'kind' | 'subject' | 'digest' | 'leafIndex'>) {
  const statement: DocumentStatement = {
    log: LOG_ID,
    type: 'document',
    kind: document.kind,
    subject: document.subject,
    digest: document.digest,
    leafIndex: document.leafIndex,
  };
  return canonicalJson(statement);
}

export function signDocumentStatement(
  document: Pick<SignedDocument, 'kind' | 'subject' | 'digest' | 'leafIndex'>,
  keys: { privateKey: string; publicKey: string },
): { keyId: string; publicKey: string; signature: string } {
  return {
    keyId: sm2KeyId(keys.publicKey),
    publicKey: keys.publicKey,
    signature: sm2Sign(documentStatement(document), keys.privateKey),
  };
}

/** One step of a verification, with its Chinese explanation. */
export interface VerificationStep {
  ok: boolean;
  message: string;
}

/** Another checkpoint to verify against (e.g. the latest one the platform publishes), with the proof to reach it. */
export interface LaterCheckpoint {
  checkpoint: SignedCheckpoint;
  /** The audit path of the document's leaf in that checkpoint's tree; not needed when it is the bundle's own tree. */
  proof?: { leafIndex: number; treeSize: number; proof: string[] };
}

const SECTION_TITLE = (value: unknown): string | undefined =>
  value !== null && typeof value === 'object' && typeof (value as { title?: unknown }).title === 'string'
    ? (value as { title: string }).title
    : undefined;

/** A record's name as the verifier prints it: its section, its place, its item, its id and its first field. */
function recordLabel(record: Record<string, unknown>, section: string | undefined, position: number): string {
  const item = typeof record.itemName === 'string' ? `「${record.itemName}」` : '';
  const names: string[] = [];
  if (typeof record.id === 'number') names.push(`记录编号 ${record.id}`);
  const [first] = Array.isArray(record.fields) ? (record.fields as Array<{ label?: unknown; value?: unknown }>) : [];
  if (first && typeof first.label === 'string' && typeof first.value === 'string') {
    names.push(`${first.label}：${first.value}`);
  }
  return `${section ? `「${section}」部分` : ''}第 ${position} 条记录${item}${names.length ? `（${names.join('，')}）` : ''}`;
}

/** Every object holding a `digest` inside an array named `records`, with its label. */
function attestedRecords(value: unknown, section?: string): Array<{ record: Record<string, unknown>; label: string }> {
  if (Array.isArray(value)) return value.flatMap((item) => attestedRecords(item, section));
  if (value === null || typeof value !== 'object') return [];
  const object = value as Record<string, unknown>;
  const title = SECTION_TITLE(object) ?? section;
  return Object.entries(object).flatMap(([key, item]) => {
    if (key === 'records' && Array.isArray(item)) {
      return item.flatMap((record, index) =>
        record !== null && typeof record === 'object' && typeof (record as { digest?: unknown }).digest === 'string'
          ? [{ record: record as Record<string, unknown>, label: recordLabel(record, title, index + 1) }]
          : [],
      );
    }
    return attestedRecords(item, title);
  });
}

function unhex(text: string): Buffer {
  return Buffer.from(text, 'hex');
}

/**
 * Verifies a signed document offline, with no database and no network: each record's digest, the content digest,
 * the statement's signature, the checkpoint's signature and the leaf's inclusion in the checkpoint's tree (RFC 9162).
 * Every step is reported, in Chinese; the document passes when all do.
 */
export function verifySignedDocument(
  document: SignedDocument,
  options: { publicKey: string; later?: LaterCheckpoint },
): VerificationStep[] {
  const steps: VerificationStep[] = [];
  if (document.format !== SIGNED_DOCUMENT_FORMAT) {
    return [{ ok: false, message: `文件格式不是 ${SIGNED_DOCUMENT_FORMAT}，无法核验` }];
  }
  const records = attestedRecords(document.content);
  const altered = records.filter(({ record }) => recordDigest(record) !== record.digest);
  for (const { label } of altered) {
    steps.push({ ok: false, message: `${label}的内容与其摘要不符：该条记录被改动` });
  }
  if (records.length > 0 && altered.length === 0) {
    steps.push({ ok: true, message: `${records.length} 条记录的内容均与各自的摘要一致` });
  }
  const digest = documentDigest(document.content);
  steps.push(
    digest === document.digest
      ? { ok: true, message: `内容摘要（SM3）${digest} 与文件所记一致` }
      : { ok: false, message: `内容摘要不符：按内容重算为 ${digest}，文件记为 ${document.digest}（内容被改动）` },
  );
  const signed = sm2Verify(documentStatement({ ...document, digest }), document.signature, options.publicKey);
  steps.push(
    signed
      ? { ok: true, message: `平台 SM2 签名成立（公钥标识 ${sm2KeyId(options.publicKey)}）` }
      : {
          ok: false,
          message: '平台 SM2 签名不成立：内容、编号或叶子序号被改动，或所用公钥不是签名的公钥',
        },
  );
  const leaf = leafHash(leafBytes({ kind: document.kind, content: document.content }));
  const targets: Array<{ checkpoint: SignedCheckpoint; proof: string[]; name: string }> = [
    { checkpoint: document.checkpoint, proof: document.inclusionProof, name: '文件所附检查点' },
  ];
  if (options.later) {
    const { checkpoint, proof } = options.later;
    if (checkpoint.treeSize === document.checkpoint.treeSize && !proof) {
      targets.push({ checkpoint, proof: document.inclusionProof, name: '所给检查点' });
    } else if (!proof) {
      steps.push({
        ok: false,
        message: `所给检查点的树有 ${checkpoint.treeSize} 个叶子，与文件所附的 ${document.checkpoint.treeSize} 个不同：请用 --proof 给出该树的包含证明（GET /api/public/log/inclusion?leaf=${document.leafIndex}&treeSize=${checkpoint.treeSize}）`,
      });
    } else if (proof.leafIndex !== document.leafIndex || proof.treeSize !== checkpoint.treeSize) {
      steps.push({
        ok: false,
        message: `所给包含证明是第 ${proof.leafIndex} 个叶子在 ${proof.treeSize} 个叶子的树中的证明，而文件是第 ${document.leafIndex} 个叶子、检查点有 ${checkpoint.treeSize} 个叶子`,
      });
    } else {
      targets.push({ checkpoint, proof: proof.proof, name: '所给检查点' });
    }
  }
  for (const target of targets) {
    const { checkpoint } = target;
    const label = `${target.name}（${checkpoint.treeSize} 个叶子，${checkpoint.timestamp}）`;
    steps.push(
      verifyCheckpoint(checkpoint, options.publicKey)
        ? { ok: true, message: `${label}的签名成立` }
        : { ok: false, message: `${label}的签名不成立：检查点被改动，或不是该公钥签发的` },
    );
    const included = verifyInclusion(
      leaf,
      document.leafIndex,
      checkpoint.treeSize,
      target.proof.map(unhex),
      unhex(checkpoint.rootHash),
    );
    steps.push(
      included
        ? { ok: true, message: `文件内容是可验证日志第 ${document.leafIndex} 个叶子，包含在${label}的树中` }
        : {
            ok: false,
            message: `文件内容不在${label}的树中：包含证明不成立（内容、叶子序号、证明或检查点不符）`,
          },
    );
  }
  return steps;
}
