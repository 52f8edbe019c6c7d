import { readFile } from 'node:fs/promises';
import type { SignedCheckpoint } from './checkpoint';
import { type LaterCheckpoint, SIGNED_DOCUMENT_FORMAT, type SignedDocument, verifySignedDocument } from './document';
import { embeddedFiles } from './pdf-attachment';
import { SM2_PUBLIC_KEY } from './sm2';

const USAGE = `用法：gzcredit-verify <报告.pdf | 签名文件.sig.json> [--checkpoint 检查点.json] [--proof 包含证明.json] [--public-key 公钥或公钥文件]

离线核验贵州省企业公共信用信息平台出具的信用报告或信用核查结果：不连数据库，不联网。
  --checkpoint  平台的检查点（GET /api/public/log/checkpoint 的应答，或见证目录的 log-checkpoint.json）
  --proof       该检查点之树中的包含证明（GET /api/public/log/inclusion?leaf=…&treeSize=… 的应答）
  --public-key  平台公布的 SM2 公钥（04 开头的 130 位十六进制），或含该公钥的文件
退出码：0 核验通过，1 核验未通过，2 用法或文件有误。`;

export interface CliIo {
  readFile(path: string): Promise<Buffer>;
  out(line: string): void;
}

class UsageError extends Error {}

interface Arguments {
  document: string;
  checkpoint?: string;
  proof?: string;
  publicKey?: string;
}

function parseArguments(argv: string[]): Arguments {
  const options: Partial<Arguments> = {};
  const names: Record<string, keyof Arguments> = {
    '--checkpoint': 'checkpoint',
    '--proof': 'proof',
    '--public-key': 'publicKey',
  };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]!;
    const name = names[argument];
    if (name) {
      const value = argv[index + 1];
      if (value === undefined) throw new UsageError(`${argument} 后缺少取值`);
      options[name] = value;
      index += 1;
    } else if (argument.startsWith('--')) {
      throw new UsageError(`不认识的选项 ${argument}`);
    } else if (options.document === undefined) {
      options.document = argument;
    } else {
      throw new UsageError(`多余的参数 ${argument}：一次核验一份报告`);
    }
  }
  if (!options.document) throw new UsageError('请给出要核验的报告 PDF 或签名文件');
  return options as Arguments;
}

async function readJson(io: CliIo, path: string, what: string): Promise<unknown> {
  let text: string;
  try {
    text = (await io.readFile(path)).toString('utf8');
  } catch {
    throw new UsageError(`无法读取${what} ${path}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new UsageError(`${what} ${path} 不是 JSON`);
  }
}

function isSignedDocument(value: unknown): value is SignedDocument {
  return (
    value !== null &&
    typeof value === 'object' &&
    (value as { format?: unknown }).format === SIGNED_DOCUMENT_FORMAT &&
    typeof (value as { content?: unknown }).content === 'object'
  );
}

/** The signed bundle: the file itself (a detached .sig.json), or the file a PDF carries. */
async function readDocument(io: CliIo, path: string): Promise<SignedDocument> {
  let bytes: Buffer;
  try {
    bytes = await io.readFile(path);
  } catch {
    throw new UsageError(`无法读取文件 ${path}`);
  }
  if (bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
    for (const file of embeddedFiles(bytes)) {
      try {
        const parsed: unknown = JSON.parse(file.toString('utf8'));
        if (isSignedDocument(parsed)) return parsed;
      } catch {
        // Another attachment: look on.
      }
    }
    throw new UsageError(`${path} 中没有平台的签名文件：它不是平台出具的、带签名的报告，或附件已被删除`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new UsageError(`${path} 既不是 PDF 也不是签名文件（JSON）`);
  }
  if (!isSignedDocument(parsed))
    throw new UsageError(`${path} 不是平台的签名文件（format 应为 ${SIGNED_DOCUMENT_FORMAT}）`);
  return parsed;
}

/** The checkpoint of a file: a bare signed checkpoint, or the platform's answer `{ checkpoint, publicKey }`. */
function checkpointOf(value: unknown, path: string): SignedCheckpoint {
  const candidate =
    value !== null && typeof value === 'object' && 'checkpoint' in value
      ? (value as { checkpoint: unknown }).checkpoint
      : value;
  const checkpoint = candidate as Partial<SignedCheckpoint> | null;
  if (
    !checkpoint ||
    typeof checkpoint.treeSize !== 'number' ||
    typeof checkpoint.rootHash !== 'string' ||
    typeof checkpoint.signature !== 'string'
  ) {
    throw new UsageError(`${path} 不是检查点（应有 treeSize、rootHash、signature）`);
  }
  return checkpoint as SignedCheckpoint;
}

function proofOf(value: unknown, path: string): NonNullable<LaterCheckpoint['proof']> {
  const proof = value as { leafIndex?: unknown; treeSize?: unknown; proof?: unknown } | null;
  if (
    !proof ||
    typeof proof.leafIndex !== 'number' ||
    typeof proof.treeSize !== 'number' ||
    !Array.isArray(proof.proof) ||
    !proof.proof.every((item) => typeof item === 'string')
  ) {
    throw new UsageError(`${path} 不是包含证明（应有 leafIndex、treeSize、proof）`);
  }
  return { leafIndex: proof.leafIndex, treeSize: proof.treeSize, proof: proof.proof as string[] };
}

async function publicKeyOf(io: CliIo, given: string): Promise<string> {
  const direct = given.trim().toLowerCase();
  if (SM2_PUBLIC_KEY.test(direct)) return direct;
  let text: string;
  try {
    text = (await io.readFile(given)).toString('utf8').trim();
  } catch {
    throw new UsageError(`--public-key 既不是 SM2 公钥（04 开头的 130 位十六进制），也不是可读取的文件：${given}`);
  }
  let key = text.toLowerCase();
  if (text.startsWith('{')) {
    try {
      key = String((JSON.parse(text) as { publicKey?: unknown }).publicKey ?? '').toLowerCase();
    } catch {
      key = '';
    }
  }
  if (!SM2_PUBLIC_KEY.test(key)) throw new UsageError(`${given} 中没有 SM2 公钥（04 开头的 130 位十六进制）`);
  return key;
}

const KIND_NAMES: Record<SignedDocument['kind'], string> = {
  'credit-report': '信用报告',
  'credit-check': '信用核查结果',
};

/** Runs the verifier: 0 passes, 1 fails, 2 usage or unreadable input. Every line it prints is Chinese. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    const options = parseArguments(argv);
    const document = await readDocument(io, options.document);
    io.out(`核验${KIND_NAMES[document.kind] ?? '文件'} ${document.subject}（${options.document}）`);
    let publicKey: string;
    if (options.publicKey) {
      publicKey = await publicKeyOf(io, options.publicKey);
    } else {
      publicKey = document.publicKey;
      io.out(
        '注意：未给出 --public-key，以下用文件自带的公钥核验，只能说明文件自身一致；请用平台公布的公钥（GET /api/public/log/checkpoint 的 publicKey）核验其来源。',
      );
    }
    let later: LaterCheckpoint | undefined;
    if (options.checkpoint) {
      const checkpoint = checkpointOf(await readJson(io, options.checkpoint, '检查点文件'), options.checkpoint);
      later = {
        checkpoint,
        ...(options.proof ? { proof: proofOf(await readJson(io, options.proof, '包含证明文件'), options.proof) } : {}),
      };
    } else if (options.proof) {
      throw new UsageError('--proof 须与 --checkpoint 一起给出：证明是对某个检查点之树的');
    }
    const steps = verifySignedDocument(document, { publicKey, ...(later ? { later } : {}) });
    for (const step of steps) io.out(`${step.ok ? '✓' : '✗'} ${step.message}`);
    const passed = steps.every((step) => step.ok);
    io.out(
      passed
        ? `核验通过：该${KIND_NAMES[document.kind]}由平台签名，内容未被改动，并记入了平台的可验证日志。`
        : `核验未通过：${steps.filter((step) => !step.ok).length} 项不成立，见上。`,
    );
    return passed ? 0 : 1;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.out(`错误：${error.message}`);
    io.out(USAGE);
    return 2;
  }
}

export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    readFile: (path) => readFile(path),
    out: (line) => process.stdout.write(`${line}\n`),
  });
}
