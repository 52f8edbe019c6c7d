import type { ReportVerificationDto } from '@gzcredit/contracts';
import { normalizeReportNumber, REPORT_NUMBER_PATTERN } from '@gzcredit/contracts/document-numbers';
import { Link, useParams, useSearchParams } from 'react-router';
import { DocumentVerificationPage, type VerifiedDocument } from '../../../components/DocumentVerification';
import { type Fact, FactList, PortalResult } from '../../../components/PortalUi';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useReportVerification } from '../api/report-queries';
import { ReportAttestation } from './ReportAttestation';

function reportItems(report: ReportVerificationDto): Fact[] {
  const counts = report.sectionCounts ?? [];
  return [
    { key: 'reportNo', label: '报告编号', children: report.reportNo },
    {
      key: 'entityName',
      label: '主体名称',
      children: report.creditCode ? (
        <Link to={`/enterprises/${report.creditCode}`}>{report.entityName}</Link>
      ) : (
        report.entityName
      ),
    },
    { key: 'creditCode', label: '统一社会信用代码', children: report.creditCode },
    { key: 'issuedAt', label: '出具时间', children: formatDateTime(report.issuedAt) },
    {
      key: 'sections',
      label: '报告所列信息',
      span: 'filled',
      children:
        counts.length === 0 ? '—' : counts.map((count) => `${count.title} ${formatCount(count.count)} 条`).join('；'),
    },
  ];
}

function ReportDetails({ report }: { report: ReportVerificationDto }) {
  return (
    <>
      <FactList items={reportItems(report)} className="report-verification-details" />
      {report.attestation && <ReportAttestation reportNo={report.reportNo} attestation={report.attestation} />}
    </>
  );
}

/** The verdict: 验证通过 in green, 未找到 or 摘要不一致 in red, and what the verifier should compare. */
function Verdict({ report }: { report: ReportVerificationDto }) {
  if (!report.issued) {
    return (
      <PortalResult
        status="error"
        title={<h2>未找到该报告</h2>}
        subTitle={`平台未出具过编号为 ${report.reportNo} 的信用报告。请核对报告编号；该报告可能是伪造的。`}
      />
    );
  }
  if (report.digestMatches === false) {
    return (
      <PortalResult
        status="error"
        title={<h2>摘要不一致</h2>}
        subTitle="报告编号存在但摘要不一致，报告内容可能被篡改。以下是平台出具的该编号报告，请以此为准或重新下载报告。"
      >
        <ReportDetails report={report} />
      </PortalResult>
    );
  }
  if (report.digestMatches === null) {
    return (
      <PortalResult
        status="warning"
        title={<h2>报告编号存在</h2>}
        subTitle="平台出具过该编号的报告。请输入报告上打印的 SM3 摘要，核验报告内容是否一致。"
      >
        <ReportDetails report={report} />
      </PortalResult>
    );
  }
  return (
    <PortalResult
      status="success"
      title={<h2>验证通过</h2>}
      subTitle="该报告由贵州省企业公共信用信息平台出具，报告编号与内容摘要一致。请核对报告上的主体、出具时间与下列信息是否相同。"
    >
      <ReportDetails report={report} />
    </PortalResult>
  );
}

const REPORT: VerifiedDocument = {
  path: '/reports',
  numberLabel: '报告编号',
  normalize: normalizeReportNumber,
  pattern: REPORT_NUMBER_PATTERN,
  patternMessage: '报告编号格式不正确，应为 GZXY 加 18 位数字和字母',
  placeholder: '如 GZXY20261201K7M2Q9XW4D',
  digestLabel: 'SM3 摘要（可选）',
  digestExtra: '报告末页“内容摘要（SM3）”一栏的 64 位字符',
  formTitle: '输入报告编号验证',
  submitText: '验证报告',
  formClassName: 'report-verification-form',
};

/**
 * 信用报告验证 (SPEC C20): the page a report's QR code opens, `/reports/{reportNo}?digest=…`; `/reports` alone shows
 * only the form to type a number and digest by hand.
 */
export function ReportVerificationPage() {
  const { reportNo = '' } = useParams();
  const [searchParams] = useSearchParams();
  const digest = searchParams.get('digest')?.trim() || undefined;
  const verification = useReportVerification(reportNo, digest);
  useDocumentTitle('信用报告验证');
  return (
    <DocumentVerificationPage
      document={REPORT}
      title="信用报告验证"
      intro="核验一份企业信用报告是否由本平台出具、内容是否被篡改：扫描报告首页的二维码，或在下方输入报告编号和 SM3 摘要。"
      maxWidth={880}
      number={reportNo}
      digest={digest}
      verification={verification}
      verdict={verification.data && <Verdict report={verification.data} />}
      errorTitle="无法验证该报告"
    />
  );
}
