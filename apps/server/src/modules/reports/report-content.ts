import { randomBytes } from 'node:crypto';
import {
  type EnterpriseProfileDto,
  EnterpriseProfileSchema,
  PROFILE_SECTION_KEYS,
  PROFILE_SECTION_TITLES,
  type ProfileRecordDto,
  REPORT_NUMBER_ALPHABET,
  REPORT_NUMBER_PREFIX,
  REPORT_NUMBER_RANDOM_LENGTH,
  type ReportSectionCountDto,
} from '@gzcredit/contracts';
import { chinaToday } from '@gzcredit/domain';
import { withRecordDigest } from '@gzcredit/verify';

/** The entity's basic information as the report prints it (the public profile's, nothing more). */
export interface ReportEntity {
  creditCode: string;
  name: string;
  kind: EnterpriseProfileDto['kind'];
  status: EnterpriseProfileDto['status'];
  regionCode: string;
  regionName: string;
  industryCode: string | null;
  industryName: string | null;
  legalRepresentative: string | null;
  establishedOn: string | null;
  registrationAuthority: string | null;
  address: string | null;
  formerNames: string[];
  badges: EnterpriseProfileDto['badges'];
}

/** A record as a report attests it: as the profile shows it, with its own SM3 digest (docs/verifiable-log.md). */
export type ReportRecord = ProfileRecordDto & { digest: string };

export interface ReportSection {
  key: (typeof PROFILE_SECTION_KEYS)[number];
  title: string;
  records: ReportRecord[];
}

/**
 * Everything a report says: the SM3 digest and the platform's signature cover exactly this, the PDF prints exactly
 * this, and the verifiable log keeps exactly this as the report's leaf, so anyone can recompute the printed digest.
 */
export interface ReportContent {
  reportNo: string;
  /** ISO 8601 instant. */
  issuedAt: string;
  entity: ReportEntity;
  /** Every section of the profile contract, in its order, empty ones included (“无” is part of a credit report). */
  sections: ReportSection[];
}

/**
 * `GZXY` (or another document's `prefix`, e.g. credit checks' `GZHC`) + the China date + 10 random base-32 characters
 * (50 bits: numbers cannot be guessed or enumerated).
 */
export function generateReportNumber(issuedAt: Date, prefix: string = REPORT_NUMBER_PREFIX): string {
  const bytes = randomBytes(REPORT_NUMBER_RANDOM_LENGTH);
  // 32 divides 256, so the low five bits of a random byte are uniform.
  const random = Array.from(bytes, (byte) => REPORT_NUMBER_ALPHABET[byte & 31]).join('');
  return `${prefix}${chinaToday(issuedAt).replaceAll('-', '')}${random}`;
}

/**
 * The report's content from the public profile. The profile is parsed through its public schema first, so that only
 * what GET /api/public/enterprises/{creditCode} would show can reach the report, whatever the service returned.
 */
export function buildReportContent(
  profile: EnterpriseProfileDto,
  report: { reportNo: string; issuedAt: Date },
): ReportContent {
  const shown = EnterpriseProfileSchema.parse(profile);
  const entity: ReportEntity = {
    creditCode: shown.creditCode,
    name: shown.name,
    kind: shown.kind,
    status: shown.status,
    regionCode: shown.regionCode,
    regionName: shown.regionName,
    industryCode: shown.industryCode,
    industryName: shown.industryName,
    legalRepresentative: shown.legalRepresentative,
    establishedOn: shown.establishedOn,
    registrationAuthority: shown.registrationAuthority,
    address: shown.address,
    formerNames: shown.formerNames,
    badges: shown.badges,
  };
  const sections = PROFILE_SECTION_KEYS.map((key) => {
    const section = shown.sections.find((candidate) => candidate.key === key);
    const records = (section?.records ?? []).map((record) => withRecordDigest(record));
    return { key, title: section?.title ?? PROFILE_SECTION_TITLES[key], records };
  });
  return { reportNo: report.reportNo, issuedAt: report.issuedAt.toISOString(), entity, sections };
}

export function sectionCounts(content: ReportContent): ReportSectionCountDto[] {
  return content.sections.map(({ key, title, records }) => ({ key, title, count: records.length }));
}

/** What the QR code encodes: the portal's verification page (`reports`, `checks`) for this number and digest. */
export function verificationUrl(baseUrl: string, reportNo: string, digest: string, page = 'reports'): string {
  return `${baseUrl.replace(/\/+$/, '')}/${page}/${encodeURIComponent(reportNo)}?digest=${digest}`;
}
