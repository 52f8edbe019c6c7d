import type { ErrorCode } from '@gzcredit/contracts';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { AppError } from '../../platform/errors';
import { type StoredFile, storeFiles } from '../../platform/files';
import { UPLOAD_PURPOSES } from '../files';

/** Evidence of an objection or a repair application: an attachment (documents and images, checked by content). */
export const EVIDENCE = UPLOAD_PURPOSES.attachment;

/** An evidence file as the form carried it, not yet checked or stored. */
export interface EvidenceFile {
  name: string;
  content: Buffer;
}

/**
 * Reads a public form (multipart/form-data) of objections and repairs: its text fields, checked by `schema` (Chinese
 * messages naming each field, answered as `invalidCode`), and its `evidence` files, at most `maxFiles`, each within
 * the attachment size. Nothing is stored here.
 */
export async function readEvidenceForm<Schema extends z.ZodType>(
  request: FastifyRequest,
  schema: Schema,
  options: { maxFiles: number; invalidCode: ErrorCode; messagePrefix: string },
): Promise<{ fields: z.output<Schema>; evidence: EvidenceFile[] }> {
  const { maxFiles, invalidCode, messagePrefix } = options;
  if (!request.isMultipart())
    throw new AppError(invalidCode, '应以 multipart/form-data 提交（填写的字段和证明材料文件）');
  const values: Record<string, string> = {};
  const evidence: EvidenceFile[] = [];
  try {
    for await (const part of request.parts({ limits: { files: maxFiles, fileSize: EVIDENCE.maxBytes, fields: 10 } })) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        if (part.fieldname === 'evidence') evidence.push({ name: part.filename, content });
      } else if (typeof part.value === 'string') values[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT')
      throw new AppError(invalidCode, `证明材料最多 ${maxFiles} 份`, [
        { field: 'evidence', message: `证明材料最多 ${maxFiles} 份` },
      ]);
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('PAYLOAD_TOO_LARGE', `每份证明材料不得超过 ${EVIDENCE.maxBytes / 1024 / 1024} MB`);
    throw error;
  }
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'form',
      message: issue.message,
    }));
    throw new AppError(invalidCode, `${messagePrefix}${details.map((detail) => detail.message).join('；')}`, details);
  }
  return { fields: parsed.data, evidence };
}

/** Checks every evidence file by content before it stores any (platform/files `storeFiles`). */
export function storeEvidence(dataDir: string, evidence: EvidenceFile[]): Promise<StoredFile[]> {
  return storeFiles(dataDir, evidence, { allowed: EVIDENCE.kinds, maxBytes: EVIDENCE.maxBytes });
}
