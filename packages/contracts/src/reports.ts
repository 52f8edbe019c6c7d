import { z } from 'zod';
import { normalizeReportNumber, REPORT_DIGEST_PATTERN, REPORT_NUMBER_PATTERN } from './document-numbers';
import { PROFILE_SECTION_KEYS, ProfileFieldSchema } from './enterprises';
import { SignedCheckpointSchema } from './transparency';

export {
  normalizeReportNumber,
  REPORT_DIGEST_PATTERN,
  REPORT_NUMBER_ALPHABET,
  REPORT_NUMBER_PATTERN,
  REPORT_NUMBER_PREFIX,
  REPORT_NUMBER_RANDOM_LENGTH,
} from './document-numbers';

export const ReportNumberParamsSchema = z.object({
  reportNo: z
    .string()
    .max(64)
    .transform(normalizeReportNumber)
    .pipe(z.string().regex(REPORT_NUMBER_PATTERN, { error: '报告编号格式不正确，应为 GZXY 加 18 位数字和字母' }))
    .describe('报告编号，如 GZXY20261201K7M2Q9XW4D'),
});

/** The `digest` query of a public verification: the SM3 digest printed on `document` (报告, 核查结果). */
export function printedDigestQuerySchema(document: string) {
  return z.object({
    digest: z
      .string()
      .trim()
      .toLowerCase()
      .regex(REPORT_DIGEST_PATTERN, { error: 'SM3 摘要应为 64 位十六进制数' })
      .optional()
      .describe(`${document}上打印的 SM3 摘要（64 位十六进制）`),
  });
}

export const VerifyReportQuerySchema = printedDigestQuerySchema('报告');
export type VerifyReportQuery = z.infer<typeof VerifyReportQuerySchema>;

export const ReportSectionCountSchema = z.object({
  key: z.enum(PROFILE_SECTION_KEYS),
  title: z.string(),
  count: z.number().int(),
});
export type ReportSectionCountDto = z.infer<typeof ReportSectionCountSchema>;

/** One step of the verification of a signed document, as `gzcredit-verify` prints it. */
export const VerificationStepSchema = z.object({ ok: z.boolean(), message: z.string() });

/** A record as the report's leaf attests it: its key fields and its own SM3 digest. */
export const AttestedReportRecordSchema = z.object({
  id: z.number().int(),
  itemName: z.string(),
  agencyName: z.string(),
  aroseOn: z.string(),
  fields: z.array(ProfileFieldSchema),
  digest: z.string().describe('该条记录的 SM3 摘要（规范 JSON，见 docs/verifiable-log.md）'),
});

/**
 * The report's leaf in the verifiable log (issue 23): the content the platform keeps and signed, its inclusion in the
 * latest checkpoint verified by the server with the proof shown, so that a reader can redo it and compare the paper.
 */
export const ReportAttestationSchema = z.object({
  verified: z.boolean().describe('签名、各条记录摘要、内容摘要及包含证明是否全部成立'),
  steps: z.array(VerificationStepSchema).describe('逐项核验结果（与 gzcredit-verify 相同）'),
  leafIndex: z.number().int(),
  leafHash: z.string(),
  inclusionProof: z.array(z.string()).describe('审计路径（RFC 9162 §2.1.3），自叶子一侧起'),
  checkpoint: SignedCheckpointSchema,
  publicKey: z.string(),
  sections: z.array(
    z.object({ key: z.enum(PROFILE_SECTION_KEYS), title: z.string(), records: z.array(AttestedReportRecordSchema) }),
  ),
});
export type ReportAttestationDto = z.infer<typeof ReportAttestationSchema>;

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
  attestation: ReportAttestationSchema.nullable()
    .optional()
    .describe('报告在可验证日志中的证明与其记入日志的内容；报告早于日志出具时为 null'),
});
export type ReportVerificationDto = z.infer<typeof ReportVerificationSchema>;
