import { z } from 'zod';
import { PROFILE_SECTION_KEYS } from './enterprises';

/**
 * 信用报告 credit reports (SPEC C20): numbered `GZXY` + issue date (YYYYMMDD, China time) + 10 random characters of
 * Crockford's base 32 (no I, L, O, U), so a number cannot be guessed and is easy to read out and type.
 */
export const REPORT_NUMBER_PREFIX = 'GZXY';
export const REPORT_NUMBER_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const REPORT_NUMBER_RANDOM_LENGTH = 10;
export const REPORT_NUMBER_PATTERN = /^GZXY\d{8}[0-9A-HJKMNP-TV-Z]{10}$/;
/** SM3 digests travel as 64 lowercase hexadecimal digits. */
export const REPORT_DIGEST_PATTERN = /^[0-9a-f]{64}$/;

/**
 * A report number as typed by hand: spaces and dashes dropped, upper case, and after the prefix the letters Crockford's
 * base 32 reads as digits (O → 0, I and L → 1).
 */
export function normalizeReportNumber(input: string): string {
  const compact = input.replace(/[\s-]/g, '').toUpperCase();
  if (!compact.startsWith(REPORT_NUMBER_PREFIX)) return compact;
  const rest = compact.slice(REPORT_NUMBER_PREFIX.length).replace(/O/g, '0').replace(/[IL]/g, '1');
  return REPORT_NUMBER_PREFIX + rest;
}

export const ReportNumberParamsSchema = z.object({
  reportNo: z
    .string()
    .max(64)
    .transform(normalizeReportNumber)
    .pipe(z.string().regex(REPORT_NUMBER_PATTERN, { error: '报告编号格式不正确，应为 GZXY 加 18 位数字和字母' }))
    .describe('报告编号，如 GZXY20261201K7M2Q9XW4D'),
});

export const VerifyReportQuerySchema = z.object({
  digest: z
    .string()
    .trim()
    .toLowerCase()
    .regex(REPORT_DIGEST_PATTERN, { error: 'SM3 摘要应为 64 位十六进制数' })
    .optional()
    .describe('报告上打印的 SM3 摘要（64 位十六进制）'),
});
export type VerifyReportQuery = z.infer<typeof VerifyReportQuerySchema>;

export const ReportSectionCountSchema = z.object({
  key: z.enum(PROFILE_SECTION_KEYS),
  title: z.string(),
  count: z.number().int(),
});
export type ReportSectionCountDto = z.infer<typeof ReportSectionCountSchema>;

/**
 * The answer of the public verification page. An unknown number says only `issued: false`. A known number names the
 * entity, the issue time and how many records each section listed, so that whoever holds a paper copy can compare it;
 * these are public facts of the entity and reveal nothing the portal does not show.
 */
export const ReportVerificationSchema = z.object({
  reportNo: z.string(),
  issued: z.boolean().describe('平台是否出具过该编号的报告'),
  digestMatches: z.boolean().nullable().describe('所给摘要是否与出具时的摘要一致；未提供摘要时为 null'),
  entityName: z.string().optional(),
  creditCode: z.string().optional(),
  issuedAt: z.string().optional().describe('出具时间（ISO 8601）'),
  sectionCounts: z.array(ReportSectionCountSchema).optional().describe('出具时各部分所列信息条数'),
});
export type ReportVerificationDto = z.infer<typeof ReportVerificationSchema>;
