import { z } from 'zod';

/** The verifiable log's public answers (issue 23; docs/verifiable-log.md). Hashes are lower-case hex. */
const Hash = z.string().regex(/^[0-9a-f]{64}$/);

export const SignedCheckpointSchema = z.object({
  log: z.literal('gzcredit-log-v1'),
  hash: z.literal('sm3'),
  treeSize: z.number().int().nonnegative().describe('树中叶子数'),
  rootHash: Hash.describe('树根（SM3，RFC 9162 结构）'),
  timestamp: z.string().describe('签名时间（ISO 8601）'),
  keyId: z.string().describe('签名公钥标识：公钥 SM3 的前 16 位十六进制'),
  signature: z
    .string()
    .regex(/^[0-9a-f]{128}$/)
    .describe('SM2 签名（GB/T 32918.2，r‖s 十六进制），对象为去掉 keyId 与 signature 后的规范 JSON'),
});
export type SignedCheckpointDto = z.infer<typeof SignedCheckpointSchema>;

export const LogCheckpointResponseSchema = z.object({
  checkpoint: SignedCheckpointSchema,
  publicKey: z.string().describe('平台签名公钥（SM2，04 开头的未压缩点，十六进制）；请与平台公布的公钥核对'),
});
export type LogCheckpointResponseDto = z.infer<typeof LogCheckpointResponseSchema>;

export const ListCheckpointsQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional().describe('只列出编号小于此值的检查点（翻页）'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const CheckpointHistoryResponseSchema = z.object({
  items: z.array(SignedCheckpointSchema.extend({ id: z.number().int() })),
  nextBefore: z.number().int().nullable().describe('下一页的 before；没有更多时为 null'),
});
export type CheckpointHistoryResponseDto = z.infer<typeof CheckpointHistoryResponseSchema>;

export const InclusionQuerySchema = z.object({
  leaf: z.coerce.number({ error: 'leaf 应为叶子序号（从 0 开始的整数）' }).int().nonnegative().describe('叶子序号'),
  treeSize: z.coerce.number().int().positive().optional().describe('证明所对的树大小；省略时为最新检查点的大小'),
});

export const InclusionProofSchema = z.object({
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  leafHash: Hash,
  kind: z.string().describe('叶子所证明的对象类型：record、credit-report、credit-check 等'),
  leaf: z.string().nullable().describe('叶子内容（规范 JSON）：仅信用报告公开；其他类型为 null（只给哈希）'),
  proof: z.array(Hash).describe('审计路径（RFC 9162 §2.1.3），自叶子一侧起'),
  checkpoint: SignedCheckpointSchema.nullable().describe('该树大小的已签名检查点；该大小未签过时为 null'),
});
export type InclusionProofDto = z.infer<typeof InclusionProofSchema>;

export const ConsistencyQuerySchema = z
  .object({
    from: z.coerce.number({ error: 'from 应为树大小（整数）' }).int().nonnegative().describe('较早的树大小'),
    to: z.coerce.number({ error: 'to 应为树大小（整数）' }).int().nonnegative().describe('较晚的树大小'),
  })
  .refine((query) => query.from <= query.to, { error: 'from 不能大于 to', path: ['from'] });

export const ConsistencyProofSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  proof: z.array(Hash).describe('一致性证明（RFC 9162 §2.1.4）'),
  fromCheckpoint: SignedCheckpointSchema.nullable(),
  toCheckpoint: SignedCheckpointSchema.nullable(),
});
export type ConsistencyProofDto = z.infer<typeof ConsistencyProofSchema>;

export const SignCheckpointBodySchema = z.object({}).strict();

/**
 * A signed document (issue 23 item 4): the detached signature file of a credit report or a credit-check report, the
 * same bundle the PDF carries as an attached file; `npx gzcredit-verify` checks it offline (docs/verifiable-log.md).
 */
export const SignedDocumentSchema = z.object({
  format: z.literal('gzcredit-signed-document-v1'),
  kind: z.enum(['credit-report', 'credit-check']),
  subject: z.string().describe('报告编号或核查编号'),
  content: z.record(z.string(), z.unknown()).describe('记入可验证日志的规范内容（每条记录附其 SM3 摘要）'),
  digest: Hash.describe('内容的 SM3 摘要，即纸面上的“内容摘要（SM3）”'),
  leafIndex: z.number().int().nonnegative().describe('该内容在可验证日志中的叶子序号'),
  keyId: z.string(),
  publicKey: z.string().describe('签名公钥；请与平台公布的公钥核对'),
  signature: z
    .string()
    .regex(/^[0-9a-f]{128}$/)
    .describe('SM2 签名，对象为（日志名、类型、编号、摘要、叶子序号）的规范 JSON'),
  inclusionProof: z.array(Hash).describe('叶子在检查点之树中的审计路径（RFC 9162 §2.1.3）'),
  checkpoint: SignedCheckpointSchema,
});
export type SignedDocumentDto = z.infer<typeof SignedDocumentSchema>;
