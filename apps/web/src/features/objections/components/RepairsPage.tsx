import { type ApplicantSessionDto, MAX_REPAIR_EVIDENCE_FILES, type PublicRepairDto } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, REPAIR_STATUS_LABELS } from '@gzcredit/domain';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Steps, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useApplicantSession, useOwnProfile, useSignOutApplicant } from '../api/objection-queries';
import { useOwnRepair, useRepairTerms, useSubmitRepair } from '../api/repair-queries';
import { EvidenceUpload } from './EvidenceUpload';
import { IdentityStep } from './IdentityStep';

const STATUS_COLORS: Record<PublicRepairDto['status'], string> = {
  submitted: 'processing',
  accepted: 'processing',
  incomplete: 'warning',
  approved: 'success',
  refused: 'error',
};

/** The stage an application is in, as steps: submitted → accepted by the platform → decided by the agency. */
function stepOf(repair: PublicRepairDto): number {
  if (repair.status === 'submitted') return 1;
  if (repair.status === 'accepted') return 2;
  return 3;
}

/** 办理进度: status, deadlines (working days), the extension and the decision with its reason. */
export function RepairProgress({ repair }: { repair: PublicRepairDto }) {
  const closed = repair.status === 'incomplete' || repair.status === 'approved' || repair.status === 'refused';
  return (
    <Card
      size="small"
      title={`申请编号 ${repair.repairNo}`}
      extra={<Tag color={STATUS_COLORS[repair.status]}>{REPAIR_STATUS_LABELS[repair.status]}</Tag>}
      className="repair-progress"
    >
      <Steps
        size="small"
        direction="vertical"
        current={stepOf(repair)}
        status={repair.status === 'refused' || repair.status === 'incomplete' ? 'error' : undefined}
        items={[
          { title: '提交申请', description: formatDateTime(repair.submittedAt) },
          {
            title: repair.status === 'incomplete' ? '不予受理' : '平台受理',
            description: repair.acceptedAt
              ? formatDateTime(repair.acceptedAt)
              : `受理期限 ${formatDate(repair.acceptDueOn)}（3 个工作日）`,
          },
          {
            title: '认定单位决定',
            description: repair.decidedAt
              ? formatDateTime(repair.decidedAt)
              : repair.decideDueOn
                ? `决定期限 ${formatDate(repair.decideDueOn)}`
                : '受理后开始计算期限',
          },
        ]}
      />
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'item', label: '申请修复的信息', children: `${repair.itemName}（${formatDate(repair.aroseOn)}）` },
          { key: 'agency', label: '认定单位', children: repair.agencyName },
          { key: 'entity', label: '申请主体', children: `${repair.entityName}（${repair.creditCode}）` },
          {
            key: 'evidence',
            label: '证明材料',
            children: repair.evidence.map((file) => file.name).join('、') || '—',
          },
          ...(repair.extensionReason
            ? [{ key: 'extension', label: '延期理由', children: repair.extensionReason, span: 'filled' as const }]
            : []),
          ...(closed && repair.reason
            ? [{ key: 'reason', label: '决定理由', children: repair.reason, span: 'filled' as const }]
            : []),
        ]}
      />
      {repair.status === 'approved' && (
        <Alert
          type="success"
          showIcon
          title="准予信用修复：该信息已终止公示，并停止共享和使用"
          className="repair-progress-note"
        />
      )}
      {(repair.status === 'refused' || repair.status === 'incomplete') && (
        <Alert type="warning" showIcon title="可按决定理由补正或整改后重新申请" className="repair-progress-note" />
      )}
    </Card>
  );
}

/** 查询办理进度 by number: the applicant who filed it only. */
function FollowRepair({ initialNo }: { initialNo: string | undefined }) {
  const [repairNo, setRepairNo] = useState(initialNo);
  const repair = useOwnRepair(repairNo);
  return (
    <Card title="查询办理进度">
      <Form
        layout="vertical"
        initialValues={{ repairNo: initialNo }}
        onFinish={(values: { repairNo: string }) => setRepairNo(values.repairNo.trim().toUpperCase())}
      >
        <Form.Item label="申请编号" name="repairNo" rules={[{ required: true, message: '请填写申请编号' }]}>
          <Input maxLength={20} autoComplete="off" />
        </Form.Item>
        <Button htmlType="submit" loading={repair.isFetching}>
          查询
        </Button>
      </Form>
      {repair.error && <Alert type="error" showIcon title={repair.error.message} className="repair-follow-result" />}
      {repair.data && (
        <div className="repair-follow-result">
          <RepairProgress repair={repair.data} />
        </div>
      )}
    </Card>
  );
}

/** 信用修复告知 of the chosen record: may it be repaired now, from when, who decides within how long. */
function RepairTerms({ recordId }: { recordId: number }) {
  const terms = useRepairTerms(recordId);
  if (terms.error) return <Alert type="error" showIcon title={terms.error.message} />;
  if (!terms.data) return null;
  const data = terms.data;
  return (
    <Descriptions
      size="small"
      bordered
      column={1}
      className="repair-terms"
      items={[
        {
          key: 'item',
          label: '信息',
          children: `${data.itemName}${data.dishonestyLevel ? `（${DISHONESTY_LEVEL_LABELS[data.dishonestyLevel]}）` : ''}`,
        },
        { key: 'agency', label: '认定单位', children: data.agencyName },
        { key: 'arose', label: '认定日期', children: formatDate(data.aroseOn) },
        {
          key: 'when',
          label: '可否申请',
          children: data.eligible ? (
            <Tag color="success">可以申请（最短公示期 {data.minMonths} 个月已满）</Tag>
          ) : (
            <Typography.Text type="danger">{data.message}</Typography.Text>
          ),
        },
        {
          key: 'limits',
          label: '办理期限',
          children: `平台 ${data.acceptanceWorkingDays} 个工作日内决定是否受理；受理后认定单位 ${data.decisionWorkingDays} 个工作日内作出决定，情况复杂的可延期一次并说明理由`,
        },
      ]}
    />
  );
}

/** Step two: the application, for one of the entity's public 不良 records. */
function RepairForm({
  session,
  recordId: initialRecordId,
  onFiled,
}: {
  session: ApplicantSessionDto;
  recordId: number | undefined;
  onFiled: (repairNo: string) => void;
}) {
  const profile = useOwnProfile(session.creditCode);
  const submit = useSubmitRepair(session);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [recordId, setRecordId] = useState(initialRecordId);
  const terms = useRepairTerms(recordId);
  const [form] = Form.useForm();
  const records = (profile.data?.sections ?? [])
    .filter((section) => section.key !== 'corrections')
    .flatMap((section) => section.records.filter((record) => record.repairTerms !== undefined));
  return (
    <Card title="第二步：申请信用修复">
      <Form
        form={form}
        layout="vertical"
        initialValues={{ recordId: initialRecordId }}
        onFinish={(values: Record<string, string | number>) => {
          const body = new FormData();
          for (const [key, value] of Object.entries(values)) body.append(key, String(value));
          for (const file of files) if (file.originFileObj) body.append('evidence', file.originFileObj, file.name);
          submit.mutate(body, {
            onSuccess: (receipt) => {
              form.resetFields(['correction', 'commitmentSignedBy']);
              setFiles([]);
              onFiled(receipt.repairNo);
            },
          });
        }}
      >
        <Form.Item label="申请修复的信息" name="recordId" rules={[{ required: true, message: '请选择申请修复的信息' }]}>
          <Select
            placeholder="选择本主体的一条不良信息"
            loading={profile.isLoading}
            onChange={(value: number) => setRecordId(value)}
            options={records.map((record) => ({
              value: record.id,
              label: `${record.itemName}（${record.agencyName}，${formatDate(record.aroseOn)}）`,
            }))}
          />
        </Form.Item>
        {recordId !== undefined && <RepairTerms recordId={recordId} />}
        <Form.Item
          label="纠正失信行为、履行法定义务的情况"
          name="correction"
          rules={[{ required: true, message: '请填写纠正失信行为、履行法定义务的情况' }]}
          className="repair-form-first"
        >
          <Input.TextArea rows={4} maxLength={2000} showCount />
        </Form.Item>
        <EvidenceUpload
          label={`证明材料（1–${MAX_REPAIR_EVIDENCE_FILES} 个，PDF、Word、Excel 或图片，每个不超过 20 MB）`}
          max={MAX_REPAIR_EVIDENCE_FILES}
          files={files}
          onChange={setFiles}
        />
        {terms.data && (
          <Form.Item label="信用修复承诺书">
            <div className="repair-commitment">{terms.data.commitmentText}</div>
          </Form.Item>
        )}
        <Form.Item
          label="承诺书签署人（法定代表人或经授权的经办人姓名）"
          name="commitmentSignedBy"
          rules={[{ required: true, message: '请签署信用修复承诺书' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        {submit.error && <Alert type="error" showIcon title={submit.error.message} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={submit.isPending} disabled={terms.data?.eligible === false}>
          签署承诺并提交申请
        </Button>
      </Form>
    </Card>
  );
}

/**
 * /repairs and /repairs/apply?record=… (the address the 信用修复告知书 and the profile link to) — an entity's applicant
 * applies for credit repair and follows it by number (issue 21 item 3).
 */
export function RepairsPage() {
  useDocumentTitle('信用修复申请');
  const [params, setParams] = useSearchParams();
  const session = useApplicantSession();
  const signOut = useSignOutApplicant(session.data);
  const recordId = params.get('record') ? Number(params.get('record')) : undefined;
  const repairNo = params.get('no') ?? undefined;
  const returnTo = `/repairs/apply${recordId ? `?record=${recordId}` : ''}`;
  return (
    <div className="portal-container">
      <Typography.Title level={1}>信用修复申请</Typography.Title>
      <Typography.Paragraph>
        {'不良信息的最短公示期届满后，主体已纠正失信行为、履行法定义务的，可以申请信用修复。平台 3 个工作日内决定是否受理，' +
          '认定单位（谁认定、谁修复）在受理后的期限内作出决定；准予修复的，该信息终止公示，并停止共享和使用。'}
      </Typography.Paragraph>
      <Space direction="vertical" size="large" style={{ width: '100%' }}>
        {session.data ? (
          <>
            <Alert
              type="info"
              showIcon
              title={`申请人 ${session.data.name}，代表 ${session.data.entityName}（${session.data.creditCode}）`}
              action={
                <Button size="small" onClick={() => signOut.mutate()}>
                  退出
                </Button>
              }
            />
            {repairNo && (
              <Alert
                type="success"
                showIcon
                title={`申请已提交，编号 ${repairNo}，请凭编号查询办理进度`}
                className="repair-receipt"
              />
            )}
            <RepairForm
              session={session.data}
              recordId={recordId}
              onFiled={(filed) => setParams({ no: filed }, { replace: true })}
            />
            <FollowRepair key={repairNo} initialNo={repairNo} />
          </>
        ) : session.isLoading ? null : (
          <IdentityStep
            initialCode={params.get('creditCode') ?? undefined}
            purpose="信用修复申请"
            returnTo={returnTo}
          />
        )}
      </Space>
    </div>
  );
}
