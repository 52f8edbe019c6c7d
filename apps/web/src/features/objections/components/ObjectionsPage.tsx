import { type ApplicantSessionDto, OBJECTION_MAX_FILES, type ObjectionDto } from '@gzcredit/contracts';
import { Alert, Button, Card, Descriptions, Form, Input, Select, Space, Tag, Typography } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  useApplicantSession,
  useFileObjection,
  useOwnObjections,
  useOwnProfile,
  useSignOutApplicant,
} from '../api/objection-queries';
import { EvidenceUpload } from './EvidenceUpload';
import { IdentityStep } from './IdentityStep';

function ObjectionCard({ objection }: { objection: ObjectionDto }) {
  const decision = objection.decision;
  return (
    <Card
      size="small"
      title={`异议编号 ${objection.objectionNo}`}
      extra={<Tag color={decision ? 'success' : 'processing'}>{objection.statusLabel}</Tag>}
      className="objection-card"
    >
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'item',
            label: '异议信息',
            children: `${objection.record.itemName}（${objection.record.agencyName}）`,
          },
          { key: 'filed', label: '提出时间', children: formatDateTime(objection.filedAt) },
          { key: 'due', label: '处理期限', children: formatDate(objection.dueOn) },
          ...(objection.extension
            ? [{ key: 'extension', label: '延期理由', children: objection.extension.reason }]
            : []),
          ...(decision
            ? [
                { key: 'decided', label: '决定时间', children: formatDateTime(decision.decidedAt) },
                { key: 'reason', label: '决定理由', children: decision.reason, span: 'filled' as const },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

/** Step two: the objection itself, against one of the entity's public records. */
function ObjectionForm({ session, recordId }: { session: ApplicantSessionDto; recordId: number | undefined }) {
  // The portal has no antd App (no toast): the number stays on the page, above the form.
  const [filedNo, setFiledNo] = useState<string>();
  const profile = useOwnProfile(session.creditCode);
  const fileObjection = useFileObjection(session);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [form] = Form.useForm();
  const records = (profile.data?.sections ?? [])
    .filter((section) => section.key !== 'corrections')
    .flatMap((section) => section.records.map((record) => ({ ...record, section: section.title })));
  return (
    <Card title="第二步：提出异议">
      {filedNo && (
        <Alert
          type="success"
          showIcon
          title={`异议已提交，编号 ${filedNo}，可在下方查看处理进度`}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form
        form={form}
        layout="vertical"
        initialValues={{ recordId }}
        onFinish={(values: Record<string, string | number>) => {
          const body = new FormData();
          for (const [key, value] of Object.entries(values)) body.append(key, String(value));
          for (const file of files) if (file.originFileObj) body.append('evidence', file.originFileObj, file.name);
          fileObjection.mutate(body, {
            onSuccess: (filed) => {
              setFiledNo(filed.objectionNo);
              form.resetFields();
              setFiles([]);
            },
          });
        }}
      >
        <Form.Item label="提出异议的信息" name="recordId" rules={[{ required: true, message: '请选择提出异议的信息' }]}>
          <Select
            placeholder="选择本主体的一条公示信息"
            loading={profile.isLoading}
            options={records.map((record) => ({
              value: record.id,
              label: `${record.section}：${record.itemName}（${record.agencyName}，${formatDate(record.aroseOn)}）`,
              disabled: record.underObjection === true,
            }))}
          />
        </Form.Item>
        <Form.Item label="联系人" name="contactName" rules={[{ required: true, message: '请填写联系人姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label="联系电话" name="contactPhone" rules={[{ required: true, message: '请填写联系电话' }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item label="异议理由" name="reasons" rules={[{ required: true, message: '请填写异议理由' }]}>
          <Input.TextArea rows={5} maxLength={5000} showCount />
        </Form.Item>
        <EvidenceUpload
          label={`证明材料（最多 ${OBJECTION_MAX_FILES} 个，PDF、Word、Excel 或图片，每个不超过 20 MB）`}
          max={OBJECTION_MAX_FILES}
          files={files}
          onChange={setFiles}
        />
        {fileObjection.error && (
          <Alert type="error" showIcon title={fileObjection.error.message} style={{ marginBottom: 16 }} />
        )}
        <Button type="primary" htmlType="submit" loading={fileObjection.isPending}>
          提交异议
        </Button>
      </Form>
    </Card>
  );
}

/** /objections — an entity's applicant files objections and follows them by number (issue 21 item 2). */
export function ObjectionsPage() {
  useDocumentTitle('异议申请');
  const [params] = useSearchParams();
  const session = useApplicantSession();
  const signOut = useSignOutApplicant(session.data);
  const objections = useOwnObjections(Boolean(session.data));
  const recordId = params.get('recordId') ? Number(params.get('recordId')) : undefined;
  return (
    <div className="portal-container">
      <Typography.Title level={1}>异议申请</Typography.Title>
      <Typography.Paragraph>
        {'对本主体公示信息有异议的，可在线提出。信息随即标注“异议处理中”；信息提供单位在 5 个工作日内作出维持、更正或撤销的决定，' +
          '情况复杂的可延长一次至 20 个工作日，并说明理由。'}
      </Typography.Paragraph>
      {session.data ? (
        <Space direction="vertical" size="large" style={{ width: '100%' }}>
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
          <ObjectionForm session={session.data} recordId={recordId} />
          <Card title="本人提出的异议">
            {objections.data?.items.length ? (
              <Space direction="vertical" style={{ width: '100%' }}>
                {objections.data.items.map((objection) => (
                  <ObjectionCard key={objection.objectionNo} objection={objection} />
                ))}
              </Space>
            ) : (
              <Typography.Text>尚未提出异议</Typography.Text>
            )}
          </Card>
        </Space>
      ) : session.isLoading ? null : (
        <IdentityStep initialCode={params.get('creditCode') ?? undefined} purpose="异议" returnTo="/objections" />
      )}
    </div>
  );
}
