import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InclusionProofDto, LogCheckpointResponseDto, ReportVerificationDto } from '@gzcredit/contracts';
import {
  embeddedFiles,
  leafBytes,
  recordDigest,
  type SignedDocument,
  sm2GenerateKeyPair,
  sm2PublicKey,
  verifySignedDocument,
} from '@gzcredit/verify';
import { runCli } from '@gzcredit/verify/cli';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_DATA_KEY } from '../../../test/app';
import { createTestDatabase } from '../../../test/database';
import { createAgency, createEnterprise } from '../../../test/factories';
import { penaltyRecord } from '../../../test/records';
import type { DatabaseHandle } from '../../platform/database';
import { loadSubmissionContext, type Submitter, submitRecords } from '../records';
import type { ReportContent } from './report-content';

const SIGNING_KEY = sm2GenerateKeyPair().privateKey;
const PUBLIC_KEY = sm2PublicKey(SIGNING_KEY);
const ENTITY_NAME = '贵州黔信签名报告测试有限公司';

let database: DatabaseHandle;
let app: FastifyInstance;
let creditCode: string;
let directory: string;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await createTestApp(database, { LOG_SIGNING_KEY: SIGNING_KEY, REPORT_RATE_LIMIT_PER_MINUTE: '1000' });
  const agency = await createAgency(database.db, { name: '贵阳市观山湖区市场监督管理局', kind: 'market_regulation' });
  const bureau: Submitter = {
    agencyId: Number(agency.id),
    agencyKind: 'market_regulation',
    accountId: null,
    channel: 'api',
  };
  creditCode = (await createEnterprise(database.db, { name: ENTITY_NAME })).creditCode;
  const context = await loadSubmissionContext(database.db, TEST_DATA_KEY);
  const penalty = (decisionNumber: string, fineAmount: string) =>
    penaltyRecord(creditCode, { entityName: ENTITY_NAME, useScope: 'public', fields: { decisionNumber, fineAmount } });
  await database.db
    .transaction()
    .execute((trx) =>
      submitRecords(trx, bureau, context, [
        penalty('筑观市监罚〔2026〕1号', '3'),
        penalty('筑观市监罚〔2026〕2号', '5'),
      ]),
    );
  directory = await mkdtemp(join(tmpdir(), 'gzcredit-verify-'));
});

afterAll(async () => {
  await app?.close();
  await database?.close();
});

async function issue(): Promise<{ pdf: Buffer; reportNo: string }> {
  const response = await app.inject({ method: 'GET', url: `/api/public/enterprises/${creditCode}/report.pdf` });
  expect(response.statusCode, response.body).toBe(200);
  return { pdf: response.rawPayload, reportNo: response.headers['x-report-number'] as string };
}

function bundleOf(pdf: Buffer): SignedDocument {
  const files = embeddedFiles(pdf);
  expect(files).toHaveLength(1);
  return JSON.parse(files[0]!.toString('utf8')) as SignedDocument;
}

async function cli(...argv: string[]): Promise<{ code: number; output: string }> {
  const lines: string[] = [];
  const code = await runCli(argv, {
    readFile: (path) => import('node:fs/promises').then((fs) => fs.readFile(path)),
    out: (line) => lines.push(line),
  });
  return { code, output: lines.join('\n') };
}

async function file(name: string, value: unknown): Promise<string> {
  const path = join(directory, name);
  await writeFile(path, typeof value === 'string' || Buffer.isBuffer(value) ? value : JSON.stringify(value));
  return path;
}

describe('signed credit reports (issue 23 item 4)', () => {
  let pdf: Buffer;
  let reportNo: string;
  let signed: SignedDocument;

  beforeAll(async () => {
    ({ pdf, reportNo } = await issue());
    signed = bundleOf(pdf);
  });

  it('keeps the report’s content as its leaf, written in the issuing transaction, with the printed digest over it', async () => {
    const row = await database.db
      .selectFrom('creditReports')
      .select('digest')
      .where('reportNo', '=', reportNo)
      .executeTakeFirstOrThrow();
    expect(signed).toMatchObject({
      kind: 'credit-report',
      subject: reportNo,
      digest: row.digest,
      publicKey: PUBLIC_KEY,
    });
    const leaf = await database.db
      .selectFrom('transparencyLeaves')
      .selectAll()
      .where('leafIndex', '=', signed.leafIndex)
      .executeTakeFirstOrThrow();
    expect(leaf).toMatchObject({ kind: 'credit-report', subject: reportNo });
    // The platform keeps exactly the bytes it attested: anyone can recompute the printed digest from the leaf.
    expect(leaf.content).toBe(leafBytes(signed));
    const content = signed.content as unknown as ReportContent;
    const penalties = content.sections.find((section) => section.key === 'penalties')!;
    expect(penalties.records).toHaveLength(2);
    expect(penalties.records.every((record) => /^[0-9a-f]{64}$/.test(record.digest))).toBe(true);
    expect(signed.checkpoint.treeSize).toBe(signed.leafIndex + 1);
  });

  it('passes the offline verifier with the platform’s public key, from the PDF and from the detached file', async () => {
    expect(verifySignedDocument(signed, { publicKey: PUBLIC_KEY }).every((step) => step.ok)).toBe(true);
    const fromPdf = await cli(await file('report.pdf', pdf), '--public-key', PUBLIC_KEY);
    expect(fromPdf.output).toContain('核验通过');
    expect(fromPdf.code).toBe(0);

    const download = await app.inject({ method: 'GET', url: `/api/public/reports/${reportNo}/signature.json` });
    expect(download.statusCode, download.body).toBe(200);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${reportNo}.sig.json"`);
    const detached = download.json() as SignedDocument;
    expect(detached.content).toEqual(signed.content);
    // The statement is signed once, at issue: the file carries the PDF's signature, and a second download is the same.
    expect(detached.signature).toBe(signed.signature);
    const again = await app.inject({ method: 'GET', url: `/api/public/reports/${reportNo}/signature.json` });
    expect(again.body).toBe(download.body);
    const fromFile = await cli(await file('report.sig.json', download.body), '--public-key', PUBLIC_KEY);
    expect(fromFile.code, fromFile.output).toBe(0);
  });

  it('fails a report altered in one record’s amount, naming that record', async () => {
    const altered = structuredClone(signed);
    const content = altered.content as unknown as ReportContent;
    const penalties = content.sections.find((section) => section.key === 'penalties')!;
    const target = penalties.records[1]!;
    const amount = target.fields.find((field) => field.label.includes('罚款金额'))!;
    expect(amount).toBeDefined();
    amount.value = '0.5';
    const result = await cli(await file('altered.sig.json', altered), '--public-key', PUBLIC_KEY);
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `「${penalties.title}」部分第 2 条记录「${target.itemName}」（记录编号 ${target.id}，${target.fields[0]!.label}：${target.fields[0]!.value}）的内容与其摘要不符：该条记录被改动`,
    );
    expect(result.output).not.toContain('第 1 条记录');
    expect(result.output).toContain('内容摘要不符');
    expect(result.output).toContain('核验未通过');

    // Re-digesting the altered record does not help: the content digest and the signature fail.
    target.digest = recordDigest(target);
    const steps = verifySignedDocument(altered, { publicKey: PUBLIC_KEY });
    expect(steps.filter((step) => !step.ok).map((step) => step.message)).toEqual([
      expect.stringContaining('内容摘要不符'),
      expect.stringContaining('平台 SM2 签名不成立'),
      expect.stringContaining('文件内容不在文件所附检查点'),
    ]);
  });

  it('fails with a wrong public key', async () => {
    const other = sm2PublicKey(sm2GenerateKeyPair().privateKey);
    const result = await cli(await file('report.pdf', pdf), '--public-key', other);
    expect(result.code).toBe(1);
    expect(result.output).toContain('平台 SM2 签名不成立');
    expect(result.output).toContain('的签名不成立：检查点被改动，或不是该公钥签发的');
  });

  it('checks the report against a later checkpoint with its proof, and fails a wrong checkpoint', async () => {
    await issue();
    const latest = (
      await app.inject({ method: 'GET', url: '/api/public/log/checkpoint' })
    ).json() as LogCheckpointResponseDto;
    expect(latest.checkpoint.treeSize).toBeGreaterThan(signed.checkpoint.treeSize);
    const proof = (
      await app.inject({
        method: 'GET',
        url: `/api/public/log/inclusion?leaf=${signed.leafIndex}&treeSize=${latest.checkpoint.treeSize}`,
      })
    ).json() as InclusionProofDto;
    const pdfPath = await file('report.pdf', pdf);
    const checkpointPath = await file('cp.json', latest);
    const proofPath = await file('proof.json', proof);
    const passed = await cli(pdfPath, '--checkpoint', checkpointPath, '--proof', proofPath, '--public-key', PUBLIC_KEY);
    expect(passed.code, passed.output).toBe(0);
    expect(passed.output).toContain(`所给检查点（${latest.checkpoint.treeSize} 个叶子`);

    const noProof = await cli(pdfPath, '--checkpoint', checkpointPath, '--public-key', PUBLIC_KEY);
    expect(noProof.code).toBe(1);
    expect(noProof.output).toContain('请用 --proof 给出该树的包含证明');

    // A checkpoint of another root (forged, or of another log) fails its signature and the inclusion.
    const forged = { ...latest.checkpoint, rootHash: signed.checkpoint.rootHash };
    const wrong = await cli(
      pdfPath,
      '--checkpoint',
      await file('wrong.json', forged),
      '--proof',
      proofPath,
      '--public-key',
      PUBLIC_KEY,
    );
    expect(wrong.code).toBe(1);
    expect(wrong.output).toContain('所给检查点');
    expect(wrong.output).toContain('的签名不成立');
    expect(wrong.output).toContain('文件内容不在所给检查点');
  });

  it('runs as npx gzcredit-verify, in Chinese, with its exit code', async () => {
    const path = await file('report.pdf', pdf);
    const run = (...args: string[]) =>
      spawnSync('npx', ['--no-install', 'gzcredit-verify', ...args], { encoding: 'utf8', timeout: 60_000 });
    const passed = run(path, '--public-key', PUBLIC_KEY);
    expect(passed.stdout).toContain('核验通过');
    expect(passed.status).toBe(0);
    const wrongKey = run(path, '--public-key', sm2PublicKey(sm2GenerateKeyPair().privateKey));
    expect(wrongKey.status).toBe(1);
    const missing = run(join(directory, 'missing.pdf'));
    expect(missing.stdout).toContain('无法读取文件');
    expect(missing.status).toBe(2);
  });

  it('shows on the verification page the leaf’s inclusion in the latest checkpoint and each record’s key fields', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/public/reports/${reportNo}?digest=${signed.digest}`,
    });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as ReportVerificationDto;
    const attestation = body.attestation!;
    expect(attestation).toMatchObject({ verified: true, leafIndex: signed.leafIndex, publicKey: PUBLIC_KEY });
    const latest = (
      await app.inject({ method: 'GET', url: '/api/public/log/checkpoint' })
    ).json() as LogCheckpointResponseDto;
    expect(attestation.checkpoint).toEqual(latest.checkpoint);
    expect(attestation.steps.map((step) => step.message).join('\n')).toContain(
      `包含在文件所附检查点（${latest.checkpoint.treeSize} 个叶子`,
    );
    const penalties = attestation.sections.find((section) => section.key === 'penalties')!;
    expect(
      penalties.records.map((record) => record.fields.find((field) => field.label.includes('罚款金额'))?.value),
    ).toEqual(
      (signed.content as unknown as ReportContent).sections
        .find((section) => section.key === 'penalties')!
        .records.map((record) => record.fields.find((field) => field.label.includes('罚款金额'))?.value),
    );
    expect(penalties.records[0]!.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('does not keep a verification once the stored leaf is altered', async () => {
    const verify = async () =>
      (
        await app.inject({ method: 'GET', url: `/api/public/reports/${reportNo}?digest=${signed.digest}` })
      ).json() as ReportVerificationDto;
    expect((await verify()).attestation?.verified).toBe(true);
    const leaf = await database.db
      .selectFrom('transparencyLeaves')
      .select('content')
      .where('leafIndex', '=', signed.leafIndex)
      .executeTakeFirstOrThrow();
    const original = leaf.content;
    const tampered = original.replace('"罚款金额', '"罚款金额（改）');
    expect(tampered).not.toBe(original);
    await database.db
      .updateTable('transparencyLeaves')
      .set({ content: tampered })
      .where('leafIndex', '=', signed.leafIndex)
      .execute();
    try {
      const attestation = (await verify()).attestation!;
      expect(attestation.verified).toBe(false);
      expect(attestation.steps.filter((step) => !step.ok).length).toBeGreaterThan(0);
    } finally {
      await database.db
        .updateTable('transparencyLeaves')
        .set({ content: original })
        .where('leafIndex', '=', signed.leafIndex)
        .execute();
    }
    expect((await verify()).attestation?.verified).toBe(true);
  });

  it('does not keep a verification once a tree node its inclusion proof reads is altered (the cache key once left the proof out)', async () => {
    const verify = async () =>
      (
        await app.inject({ method: 'GET', url: `/api/public/reports/${reportNo}?digest=${signed.digest}` })
      ).json() as ReportVerificationDto;
    const first = (await verify()).attestation!;
    expect(first.verified).toBe(true);
    const node = await database.db
      .selectFrom('transparencyNodes')
      .selectAll()
      .where(
        'hash',
        'in',
        first.inclusionProof.map((hash) => Buffer.from(hash, 'hex')),
      )
      .executeTakeFirstOrThrow();
    const tamper = (hash: Buffer) =>
      database.db
        .updateTable('transparencyNodes')
        .set({ hash })
        .where('level', '=', node.level)
        .where('position', '=', node.position)
        .execute();
    await tamper(Buffer.alloc(32, 7));
    try {
      const attestation = (await verify()).attestation!;
      expect(attestation.inclusionProof).not.toEqual(first.inclusionProof);
      expect(attestation.verified).toBe(false);
    } finally {
      await tamper(node.hash);
    }
    expect((await verify()).attestation?.verified).toBe(true);
  });

  it('answers 404 in Chinese for the signature of a report the log does not hold', async () => {
    const response = await app.inject({
      method: 'GET',
      url: `/api/public/reports/GZXY20261201${'0'.repeat(10)}/signature.json`,
    });
    expect(response.statusCode).toBe(404);
    expect(response.json().error).toMatchObject({ code: 'SIGNED_DOCUMENT_NOT_FOUND' });
    expect(response.json().error.message).toContain('可验证日志中没有该编号的报告');
  });
});
