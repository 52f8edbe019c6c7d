import {
  APPLICANT_ROLE_LABELS,
  APPLICANT_ROLES,
  type ApplicantSessionDto,
  OBJECTION_MAX_FILES,
  type ObjectionDto,
} from '@gzcredit/contracts';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Tag,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDate, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  useApplicantSession,
  useFileObjection,
  useIdentityOptions,
  useOwnObjections,
  useOwnProfile,
  useRequestCode,
  useSignInWithCode,
  useSignOutApplicant,
} from '../api/objection-queries';

/** Step one: who applies (issue 21 item 1): a code to the registered mobile, or the unified identity service. */
function IdentityStep({ initialCode }: { initialCode: string | undefined }) {
  const { message } = App.useApp();
  const options = useIdentityOptions();
  const requestCode = useRequestCode();
  const signIn = useSignInWithCode();
  const [form] = Form.useForm<{ creditCode: string; role: string; name: string; code: string }>();
  const sent = requestCode.data;
  return (
    <Card title="第一步：验证申请人身份">
      <Typography.Paragraph>
        异议由主体的法定代表人（负责人）或经授权的经办人提出。验证码发送到该主体登记信息中的联系电话。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ creditCode: initialCode, role: 'legal_representative' }}
        onFinish={(values) =>
          signIn.mutate(
            { creditCode: values.creditCode, code: values.code },
            { onError: (error) => message.error(error.message) },
          )
        }
      >
        <Form.Item
          label="统一社会信用代码"
          name="creditCode"
          rules={[{ required: true, message: '请填写统一社会信用代码' }]}
        >
          <Input maxLength={18} autoComplete="off" />
        </Form.Item>
        <Form.Item label="申请人身份" name="role">
          <Radio.Group options={APPLICANT_ROLES.map((role) => ({ value: role, label: APPLICANT_ROLE_LABELS[role] }))} />
        </Form.Item>
        <Form.Item label="申请人姓名" name="name" rules={[{ required: true, message: '请填写申请人姓名' }]}>
          <Input maxLength={50} />
        </Form.Item>
        {requestCode.error && (
          <Alert type="error" showIcon title={requestCode.error.message} style={{ marginBottom: 16 }} />
        )}
        {sent && (
          <Alert
            type="success"
            showIcon
            title={`验证码已发送至登记的联系电话 ${sent.maskedMobile}，5 分钟内有效`}
            style={{ marginBottom: 16 }}
          />
        )}
        <Space wrap>
          <Button
            disabled={options.data?.sms === false}
            loading={requestCode.isPending}
            onClick={async () => {
              const values = await form.validateFields(['creditCode', 'role', 'name']);
              requestCode.mutate({ creditCode: values.creditCode, role: values.role as never, name: values.name });
            }}
          >
            获取验证码
          </Button>
          {options.data?.oidc && (
            <Button href="/api/public/applicant/oidc/start?returnTo=/objections">使用统一身份认证</Button>
          )}
        </Space>
        {sent && (
          <>
            <Form.Item
              label="短信验证码"
              name="code"
              rules={[{ required: true, message: '请填写验证码' }]}
              style={{ marginTop: 16 }}
            >
              <Input maxLength={6} inputMode="numeric" autoComplete="one-time-code" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={signIn.isPending}>
              验证
            </Button>
          </>
        )}
      </Form>
    </Card>
  );
}

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
  const { message } = App.useApp();
  const profile = useOwnProfile(session.creditCode);
  const fileObjection = useFileObjection(session);
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [form] = Form.useForm();
  const records = (profile.data?.sections ?? [])
    .filter((section) => section.key !== 'corrections')
    .flatMap((section) => section.records.map((record) => ({ ...record, section: section.title })));
  return (
    <Card title="第二步：提出异议">
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
              message.success(`异议已提交，编号 ${filed.objectionNo}`);
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
        <Form.Item label={`证明材料（最多 ${OBJECTION_MAX_FILES} 个，PDF、Word、Excel 或图片，每个不超过 20 MB）`}>
          <Upload
            fileList={files}
            beforeUpload={() => false}
            onChange={({ fileList }) => setFiles(fileList.slice(0, OBJECTION_MAX_FILES))}
            multiple
          >
            <Button>选择文件</Button>
          </Upload>
        </Form.Item>
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
          <Card title="本主体的异议">
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
        <IdentityStep initialCode={params.get('creditCode') ?? undefined} />
      )}
    </div>
  );
}
