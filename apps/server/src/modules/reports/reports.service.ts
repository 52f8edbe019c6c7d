import { PROFILE_SECTION_KEYS, type ReportSectionCountDto, type ReportVerificationDto } from '@gzcredit/contracts';
import { constantTimeEqual } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import type { EnterprisesService } from '../enterprises';
import {
  buildReportContent,
  generateReportNumber,
  type ReportContent,
  reportDigest,
  sectionCounts,
} from './report-content';
import { findCreditReport, insertCreditReport } from './reports.repository';

export interface IssuedReport {
  content: ReportContent;
  digest: string;
}

/**
 * Issues a credit report (SPEC C20): the entity's public profile as of now, numbered, digested with SM3 and stored, so
 * that the verification page can later confirm it. Unknown or malformed codes fail as on the profile route.
 */
async function issueReport(
  db: Db,
  enterprises: EnterprisesService,
  creditCode: string,
  requestedIp: string | null,
): Promise<IssuedReport> {
  const profile = await enterprises.getPublicProfile(creditCode);
  const issuedAt = new Date();
  const content = buildReportContent(profile, { reportNo: generateReportNumber(issuedAt), issuedAt });
  const digest = reportDigest(content);
  await insertCreditReport(db, {
    reportNo: content.reportNo,
    creditCode: content.entity.creditCode,
    entityName: content.entity.name,
    issuedAt,
    digest,
    sectionCounts: JSON.stringify(sectionCounts(content)),
    requestedIp,
  });
  return { content, digest };
}

/**
 * Whether a report with this number was issued and, given a digest, whether it is the one issued. A known number
 * answers with the entity, the issue time and the section counts even when the digest differs: that tells the verifier
 * which report the number really belongs to (all of it is public information of the entity).
 */
async function verifyReport(db: Db, reportNo: string, digest: string | undefined): Promise<ReportVerificationDto> {
  const row = await findCreditReport(db, reportNo);
  if (!row) return { reportNo, issued: false, digestMatches: null };
  const counts = (row.sectionCounts as ReportSectionCountDto[]).filter((count) =>
    (PROFILE_SECTION_KEYS as readonly string[]).includes(count.key),
  );
  return {
    reportNo: row.reportNo,
    issued: true,
    digestMatches: digest === undefined ? null : constantTimeEqual(digest, row.digest),
    entityName: row.entityName,
    creditCode: row.creditCode,
    issuedAt: new Date(row.issuedAt).toISOString(),
    sectionCounts: counts,
  };
}

/** `enterprises`: the service the profile route uses, so a report holds exactly what the profile shows. */
export function createReportsService(db: Db, enterprises: EnterprisesService) {
  return {
    issueReport: (creditCode: string, requestedIp: string | null) =>
      issueReport(db, enterprises, creditCode, requestedIp),
    verifyReport: (reportNo: string, digest?: string) => verifyReport(db, reportNo, digest),
  };
}
export type ReportsService = ReturnType<typeof createReportsService>;
