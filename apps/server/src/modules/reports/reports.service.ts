import {
  PROFILE_SECTION_KEYS,
  type ReportAttestationDto,
  type ReportSectionCountDto,
  type ReportVerificationDto,
} from '@gzcredit/contracts';
import { canonicalJson, leafBytes, leafHash, type SignedDocument, sm3Of, verifySignedDocument } from '@gzcredit/verify';
import { constantTimeEqual } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import { createTtlCache } from '../../platform/ttl-cache';
import type { EnterprisesService } from '../enterprises';
import { findSignedDocument, type LogKeys, signDocument } from '../transparency';
import { buildReportContent, generateReportNumber, type ReportContent, sectionCounts } from './report-content';
import { findCreditReport, insertCreditReport } from './reports.repository';

export interface IssuedReport {
  content: ReportContent;
  digest: string;
  signed: SignedDocument;
}

/**
 * Issues a credit report (SPEC C20, issue 23): the entity's public profile as of now, numbered and stored, its content
 * kept as a leaf of the verifiable log and signed by the platform, all in one transaction, so that the verification
 * page and `gzcredit-verify` can later confirm it. Unknown or malformed codes fail as on the profile route.
 */
async function issueReport(
  db: Db,
  enterprises: EnterprisesService,
  keys: LogKeys,
  creditCode: string,
  requestedIp: string | null,
): Promise<IssuedReport> {
  const profile = await enterprises.getPublicProfile(creditCode);
  const issuedAt = new Date();
  const content = buildReportContent(profile, { reportNo: generateReportNumber(issuedAt), issuedAt });
  const signed = await db.transaction().execute(async (trx) => {
    const document = await signDocument(trx, keys, {
      kind: 'credit-report',
      subject: content.reportNo,
      content: { ...content },
    });
    await insertCreditReport(trx, {
      reportNo: content.reportNo,
      creditCode: content.entity.creditCode,
      entityName: content.entity.name,
      issuedAt,
      digest: document.digest,
      sectionCounts: JSON.stringify(sectionCounts(content)),
      requestedIp,
    });
    return document;
  });
  return { content, digest: signed.digest, signed };
}

/**
 * The verification steps of a report's bundle, by everything they depend on: the whole signed bundle but its content
 * (which its digest stands for: computed from the content read), so the leaf, the statement's signature, the inclusion
 * proof read from the tree's nodes and the checkpoint, and the key. The page then checks two SM2 signatures (~90 ms of
 * CPU each) once per report and checkpoint, not at every visit of a public page.
 */
const verifiedSteps = createTtlCache<string, ReturnType<typeof verifySignedDocument>>({
  ttlMs: Number.POSITIVE_INFINITY,
  maxEntries: 10_000,
});

/** What the verification page shows of the report's leaf: the server's checks and each record's key fields. */
async function attestationOf(signed: SignedDocument, publicKey: string): Promise<ReportAttestationDto> {
  const key = `${publicKey}:${sm3Of(canonicalJson({ ...signed, content: undefined }))}`;
  const steps = await verifiedSteps.get(key, async () => verifySignedDocument(signed, { publicKey }));
  const content = signed.content as unknown as ReportContent;
  return {
    verified: steps.every((step) => step.ok),
    steps,
    leafIndex: signed.leafIndex,
    leafHash: leafHash(leafBytes(signed)).toString('hex'),
    inclusionProof: signed.inclusionProof,
    checkpoint: signed.checkpoint,
    publicKey,
    sections: content.sections.map((section) => ({
      key: section.key,
      title: section.title,
      records: section.records.map(({ id, itemName, agencyName, aroseOn, fields, digest }) => ({
        id,
        itemName,
        agencyName,
        aroseOn,
        fields,
        digest,
      })),
    })),
  };
}

/**
 * Whether a report with this number was issued and, given a digest, whether it is the one issued. A known number
 * answers with the entity, the issue time and the section counts even when the digest differs: that tells the verifier
 * which report the number really belongs to (all of it is public information of the entity). A report in the log also
 * answers with its leaf's content and its inclusion in the latest checkpoint, verified here with the proof shown.
 */
async function verifyReport(
  db: Db,
  keys: LogKeys,
  reportNo: string,
  digest: string | undefined,
): Promise<ReportVerificationDto> {
  const row = await findCreditReport(db, reportNo);
  if (!row) return { reportNo, issued: false, digestMatches: null };
  const counts = (row.sectionCounts as ReportSectionCountDto[]).filter((count) =>
    (PROFILE_SECTION_KEYS as readonly string[]).includes(count.key),
  );
  const signed = await findSignedDocument(db, keys, 'credit-report', row.reportNo);
  return {
    reportNo: row.reportNo,
    issued: true,
    digestMatches: digest === undefined ? null : constantTimeEqual(digest, row.digest),
    entityName: row.entityName,
    creditCode: row.creditCode,
    issuedAt: new Date(row.issuedAt).toISOString(),
    sectionCounts: counts,
    attestation: signed ? await attestationOf(signed, keys.publicKey) : null,
  };
}

/** The detached signature file of a report in the log (the bundle its PDF carries). */
async function reportSignature(db: Db, keys: LogKeys, reportNo: string): Promise<SignedDocument> {
  const signed = await findSignedDocument(db, keys, 'credit-report', reportNo);
  if (!signed) throw new AppError('SIGNED_DOCUMENT_NOT_FOUND');
  return signed;
}

/**
 * `enterprises`: the service the profile route uses, so a report holds exactly what the profile shows; `keys`: the
 * platform's SM2 key pair (LOG_SIGNING_KEY), which signs reports as it signs the log's checkpoints; `readDb`: where
 * verification reads (the replica, when one is in use), while issuing writes to `db`.
 */
export function createReportsService(db: Db, enterprises: EnterprisesService, keys: LogKeys, readDb: Db) {
  return {
    issueReport: (creditCode: string, requestedIp: string | null) =>
      issueReport(db, enterprises, keys, creditCode, requestedIp),
    verifyReport: (reportNo: string, digest?: string) => verifyReport(readDb, keys, reportNo, digest),
    reportSignature: (reportNo: string) => reportSignature(db, keys, reportNo),
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
