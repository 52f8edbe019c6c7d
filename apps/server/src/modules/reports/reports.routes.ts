import rateLimit from '@fastify/rate-limit';
import {
  CreditCodeParamsSchema,
  ReportNumberParamsSchema,
  ReportVerificationSchema,
  SignedDocumentSchema,
  VerifyReportQuerySchema,
} from '@gzcredit/contracts';
import type { FastifyError, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { asDownload, safeFileName } from '../../platform/files';
import { fileResponse, jsonResponse, MEDIA_TYPES, operation, SECURITY } from '../../platform/openapi';
import { verificationUrl } from './report-content';
import { prefersHtml, replyReportErrorPage } from './report-error-page';
import { renderReportPdf } from './report-pdf';
import type { ReportsService } from './reports.service';

export interface ReportsRoutesOptions {
  service: ReportsService;
  /**
   * PUBLIC_BASE_URL: the portal's address printed in reports; absent, the request's own scheme and host, which the
   * app's edge (platform/request-edge.ts) allows only for loopback and PUBLIC_HOSTS.
   */
  publicBaseUrl?: string;
  /** Reports per minute and client IP, on top of the public API's own limit: a PDF costs far more than a page. */
  reportsPerMinute: number;
}

/** The portal's origin as this request reached it (`X-Forwarded-*` only when TRUST_PROXY is set). */
export function requestBaseUrl(request: Pick<FastifyRequest, 'protocol' | 'host'>): string {
  try {
    return new URL(`${request.protocol}://${request.host}`).origin;
  } catch {
    return `${request.protocol}://localhost`;
  }
}

/** The PDF route in its own scope, so that its tighter rate limit adds to the public API's. */
const reportPdfRoute: FastifyPluginAsyncZod<ReportsRoutesOptions> = async (app, options) => {
  await app.register(rateLimit, { max: options.reportsPerMinute, timeWindow: '1 minute' });
  // A browser gets a Chinese page for any failure of this direct link (429 included); API clients the JSON error body:
  // rethrowing hands the error to the app's handler.
  app.setErrorHandler<FastifyError>(async (error, request, reply) => {
    if (!prefersHtml(request)) throw error;
    return replyReportErrorPage(error, request, reply);
  });
  app.get(
    '/enterprises/:creditCode/report.pdf',
    {
      schema: {
        tags: ['信用报告'],
        summary: '下载市场主体的企业信用报告（PDF，含报告编号、SM3 摘要和验证二维码）',
        params: CreditCodeParamsSchema,
        ...operation({
          operationId: 'downloadCreditReport',
          security: SECURITY.none,
          ok: fileResponse('企业信用报告 PDF（X-Report-Number、X-Report-Digest 给出报告编号与 SM3 摘要）', [
            MEDIA_TYPES.pdf,
          ]),
          errors: ['VALIDATION_FAILED', 'ENTERPRISE_NOT_FOUND', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      const { content, digest, signed } = await options.service.issueReport(request.params.creditCode, request.ip);
      const baseUrl = options.publicBaseUrl ?? requestBaseUrl(request);
      const pdf = await renderReportPdf({
        content,
        digest,
        signed,
        verificationUrl: verificationUrl(baseUrl, content.reportNo, digest),
      });
      reply.header('x-report-number', content.reportNo).header('x-report-digest', digest);
      return asDownload(
        reply,
        {
          mediaType: 'application/pdf',
          originalName: safeFileName(`企业信用报告-${content.entity.name}.pdf`),
          asciiName: `credit-report-${content.entity.creditCode}.pdf`,
        },
        pdf,
      );
    },
  );
};

/** Public, anonymous routes of credit reports (SPEC C20, §4). */
export const reportsPublicRoutes: FastifyPluginAsyncZod<ReportsRoutesOptions> = async (app, options) => {
  await app.register(reportPdfRoute, options);

  app.get(
    '/reports/:reportNo',
    {
      schema: {
        tags: ['信用报告'],
        summary: '验证信用报告：该编号的报告是否由平台出具、摘要是否一致',
        params: ReportNumberParamsSchema,
        querystring: VerifyReportQuerySchema,
        ...operation({
          operationId: 'verifyCreditReport',
          security: SECURITY.none,
          ok: jsonResponse('验证结果', ReportVerificationSchema),
          errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return options.service.verifyReport(request.params.reportNo, request.query.digest);
    },
  );

  app.get(
    '/reports/:reportNo/signature.json',
    {
      schema: {
        tags: ['信用报告'],
        summary: '下载信用报告的签名文件：规范内容、SM2 签名、可验证日志叶子序号、包含证明与最新检查点',
        params: ReportNumberParamsSchema,
        ...operation({
          operationId: 'downloadCreditReportSignature',
          security: SECURITY.none,
          ok: jsonResponse(
            '签名文件（与报告 PDF 所附文件格式相同，npx gzcredit-verify 可离线核验）',
            SignedDocumentSchema,
          ),
          errors: ['VALIDATION_FAILED', 'SIGNED_DOCUMENT_NOT_FOUND', 'RATE_LIMITED'],
        }),
      },
    },
    async (request, reply) => {
      const signed = await options.service.reportSignature(request.params.reportNo);
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', `attachment; filename="${signed.subject}.sig.json"`);
      return signed;
    },
  );
};
