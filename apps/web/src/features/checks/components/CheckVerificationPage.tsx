import {
  CHECK_NUMBER_PATTERN,
  CHECK_RESOLUTION_LABELS,
  CHECK_VERDICT_LABELS,
  type CheckVerdict,
  type CheckVerificationDto,
  consortiumConclusionText,
  normalizeCheckNumber,
} from '@gzcredit/contracts';
import { Descriptions, Result, Table, Tag } from 'antd';
import { useParams, useSearchParams } from 'react-router';
import { DocumentVerificationPage, type VerifiedDocument } from '../../../components/DocumentVerification';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useCheckVerification } from '../api/check-queries';

const VERDICT_COLORS: Record<CheckVerdict, string> = { refused: 'red', caution: 'orange', clear: 'green' };
type Entity = NonNullable<CheckVerificationDto['entities']>[number];

function CheckFacts({ check }: { check: CheckVerificationDto }) {
  return (
    <div style={{ textAlign: 'left' }}>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'checkNo', label: '核查编号', children: check.checkNo },
          { key: 'checkedAt', label: '核查时间', children: formatDateTime(check.checkedAt) },
          { key: 'agency', label: '核查单位', children: check.agencyName },
          { key: 'purpose', label: '核查用途', children: check.purposeName },
          { key: 'matter', label: '核查事项', span: 'filled', children: check.matter },
          ...(check.consortium
            ? [
                {
                  key: 'consortium',
                  label: '联合体整体结论',
                  span: 'filled' as const,
                  children: consortiumConclusionText({
                    consortiumVerdict: check.consortiumVerdict ?? null,
                    consortiumUnchecked: check.consortiumUnchecked ?? [],
                  }),
                },
              ]
            : []),
        ]}
      />
      <Table<Entity>
        style={{ marginTop: 16 }}
        size="small"
        rowKey="row"
        dataSource={check.entities}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { title: '行', dataIndex: 'row', width: 60 },
          { title: '主体名称', dataIndex: 'name', render: (name: string | null) => name ?? '—' },
          { title: '统一社会信用代码', dataIndex: 'creditCode', render: (code: string | null) => code ?? '—' },
          {
            title: '核查结论',
            width: 140,
            render: (_, entity) =>
              entity.verdict ? (
                <Tag color={VERDICT_COLORS[entity.verdict]}>{CHECK_VERDICT_LABELS[entity.verdict]}</Tag>
              ) : (
                <Tag>{CHECK_RESOLUTION_LABELS[entity.resolution]}</Tag>
              ),
          },
        ]}
      />
    </div>
  );
}

function Verdict({ check }: { check: CheckVerificationDto }) {
  if (!check.issued)
    return (
      <Result
        status="error"
        title={<h2>未找到该核查结果</h2>}
        subTitle={`平台未出具过编号为 ${check.checkNo} 的信用核查结果。请核对核查编号；该结果可能是伪造的。`}
      />
    );
  if (check.digestMatches === false)
    return (
      <Result
        status="error"
        title={<h2>摘要不一致</h2>}
        subTitle="核查编号存在但摘要不一致，核查结果可能被篡改。请向核查单位索取平台打印的核查结果。"
      />
    );
  if (check.digestMatches === null)
    return (
      <Result
        status="warning"
        title={<h2>核查编号存在</h2>}
        subTitle="平台出具过该编号的核查结果。请输入核查结果上打印的 SM3 摘要，核验内容是否一致并查看核查结论。"
      />
    );
  return (
    <Result
      status="success"
      title={<h2>验证通过</h2>}
      subTitle="该核查结果由贵州省企业公共信用信息平台出具，核查编号与内容摘要一致。请核对下列核查事实和逐户结论。"
    >
      <CheckFacts check={check} />
    </Result>
  );
}

const CHECK: VerifiedDocument = {
  path: '/checks',
  numberLabel: '核查编号',
  normalize: normalizeCheckNumber,
  pattern: CHECK_NUMBER_PATTERN,
  patternMessage: '核查编号格式不正确，应为 GZHC 加 18 位数字和字母',
  placeholder: '如 GZHC20261207K7M2Q9XW4D',
  digestLabel: 'SM3 摘要',
  digestExtra: '核查结果末页“内容摘要（SM3）”一栏的 64 位字符',
  formTitle: '输入核查编号验证',
  submitText: '验证核查结果',
};

/** 信用核查结果验证: the page a printed check's QR code opens, `/checks/{checkNo}?digest=…`. */
export function CheckVerificationPage() {
  const { checkNo = '' } = useParams();
  const [searchParams] = useSearchParams();
  const digest = searchParams.get('digest')?.trim() || undefined;
  const verification = useCheckVerification(checkNo, digest);
  useDocumentTitle('信用核查结果验证');
  return (
    <DocumentVerificationPage
      document={CHECK}
      title="信用核查结果验证"
      intro="核验一份信用核查结果是否由本平台出具、内容是否被篡改：扫描核查结果首页的二维码，或在下方输入核查编号和 SM3 摘要。摘要一致时显示核查事实和逐户结论，不显示信用信息本身。"
      maxWidth={960}
      number={checkNo}
      digest={digest}
      verification={verification}
      verdict={verification.data && <Verdict check={verification.data} />}
      errorTitle="无法验证该核查结果"
    />
  );
}
