import type { ReportAttestationDto } from '@gzcredit/contracts';
import { FactList, PortalAlert, PortalCard, PortalTag } from '../../../components/PortalUi';
import { formatDateTime } from '../../../lib/format';

type AttestedRecord = ReportAttestationDto['sections'][number]['records'][number];

function Hash({ value }: { value: string }) {
  return <code className="report-attestation-hash">{value}</code>;
}

function AttestedRecordFacts({ record, position }: { record: AttestedRecord; position: number }) {
  return (
    <FactList
      title={`第 ${position} 条 ${record.itemName}`}
      className="report-attestation-record"
      items={[
        { key: 'agencyName', label: '提供单位', children: record.agencyName },
        { key: 'aroseOn', label: '发生日期', children: record.aroseOn },
        ...record.fields.map((field) => ({
          key: `field-${field.label}`,
          label: field.label,
          children: field.value || '—',
        })),
        { key: 'digest', label: '记录摘要（SM3）', span: 'filled', children: <Hash value={record.digest} /> },
      ]}
    />
  );
}

/**
 * 可验证日志证明 (issue 23): the server's verification of the report's leaf in the latest checkpoint with every step,
 * the proof to redo it, and the attested content — each section and each record's key fields — to compare with the
 * paper. Plain markup, as the rest of the page a QR code opens cold (PortalUi).
 */
export function ReportAttestation({ reportNo, attestation }: { reportNo: string; attestation: ReportAttestationDto }) {
  const { checkpoint } = attestation;
  const steps = (
    <ul className="report-attestation-steps">
      {attestation.steps.map((step) => (
        <li key={step.message}>
          <PortalTag color={step.ok ? 'success' : 'error'}>{step.ok ? '成立' : '不成立'}</PortalTag> {step.message}
        </li>
      ))}
    </ul>
  );
  return (
    <PortalCard title="可验证日志证明" className="report-attestation">
      {attestation.verified ? (
        <div className="report-attestation-verdict">
          <p>
            <PortalTag color="success">证明成立</PortalTag> 该报告的内容是平台可验证日志的第 {attestation.leafIndex}{' '}
            个叶子，包含在最新检查点（{checkpoint.treeSize} 个叶子）中，平台签名成立。
          </p>
          {steps}
        </div>
      ) : (
        <PortalAlert type="error" title="该报告的日志证明不成立，请勿采信该报告，并与平台联系" description={steps} />
      )}
      <p>
        以下是平台记入日志并签名的报告内容。请逐条核对纸质报告上的记录；不一致之处说明纸质报告被改动。也可
        <a href={`/api/public/reports/${encodeURIComponent(reportNo)}/signature.json`} download>
          下载签名文件
        </a>
        ，用 <code>npx gzcredit-verify 签名文件 --public-key 平台公钥</code> 离线核验。
      </p>
      {attestation.sections.map((section) => (
        <section key={section.key} className="report-attestation-section">
          <h3>
            {section.title}（{section.records.length} 条）
          </h3>
          {section.records.length === 0 ? (
            <p>无</p>
          ) : (
            section.records.map((record, index) => (
              <AttestedRecordFacts key={record.id} record={record} position={index + 1} />
            ))
          )}
        </section>
      ))}
      <details className="report-attestation-proof">
        <summary>包含证明（RFC 9162，SM3）</summary>
        <FactList
          items={[
            { key: 'leafIndex', label: '叶子序号', children: attestation.leafIndex },
            { key: 'treeSize', label: '检查点树大小', children: checkpoint.treeSize },
            { key: 'leafHash', label: '叶子哈希', span: 'filled', children: <Hash value={attestation.leafHash} /> },
            { key: 'rootHash', label: '检查点树根', span: 'filled', children: <Hash value={checkpoint.rootHash} /> },
            { key: 'timestamp', label: '检查点时间', span: 'filled', children: formatDateTime(checkpoint.timestamp) },
            {
              key: 'signature',
              label: '检查点签名（SM2）',
              span: 'filled',
              children: <Hash value={checkpoint.signature} />,
            },
            { key: 'publicKey', label: '平台公钥', span: 'filled', children: <Hash value={attestation.publicKey} /> },
            {
              key: 'proof',
              label: '审计路径',
              span: 'filled',
              children:
                attestation.inclusionProof.length === 0 ? (
                  '（树中只有该叶子）'
                ) : (
                  <ol>
                    {attestation.inclusionProof.map((hash) => (
                      <li key={hash}>
                        <Hash value={hash} />
                      </li>
                    ))}
                  </ol>
                ),
            },
          ]}
        />
      </details>
    </PortalCard>
  );
}
