import type { CatalogueItemDto, RecordDto } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, RECORD_CATEGORY_LABELS } from '@gzcredit/domain';
import { Alert, App, Button, Card, Form, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { CatalogueItemSelect } from '../../../components/CatalogueItemSelect';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useCreateRecord } from '../api/record-queries';
import { RecordFieldItems } from './RecordFieldItems';
import {
  applyRecordErrors,
  applyServerErrors,
  FIELD_ERRORS_TITLE,
  initialRecordValues,
  type RecordFailure,
  type RecordFormValues,
  recordErrors,
  toRecordInput,
} from './record-form';
import { CATEGORY_COLORS } from './record-labels';

/** What became of a record the form sent: attached to its entity or waiting for it, and whether it came late (Art. 12). */
export function submissionSummary(record: Pick<RecordDto, 'matched' | 'daysLate'>): string {
  const where = record.matched
    ? '已归集到该主体名下。'
    : '平台暂无该统一社会信用代码的主体，信息已进入待匹配队列，主体登记信息到达后自动归集。';
  const late = record.daysLate > 0 ? `该信息超过报送期限 ${record.daysLate} 个工作日（迟报）。` : '';
  return `报送成功：${where}${late}`;
}

/** /console/record-entry — 在线填报: one record typed into a form generated from the item's field schema (Art. 13). */
export function RecordEntryPage() {
  useDocumentTitle('在线填报');
  const me = useCurrentAccount();
  const catalogue = useCurrentCatalogue();
  const [itemId, setItemId] = useState<number>();
  const providerKind = me.data?.agency.kind;
  const items = (catalogue.data?.items ?? []).filter(
    (candidate) => providerKind && candidate.providerKinds.includes(providerKind),
  );
  const item = items.find((candidate) => candidate.id === itemId);

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        在线填报
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        逐条填报本单位产生的企业公共信用信息。请先选择信息项，表单按征集目录（
        {catalogue.data?.edition.name ?? '现行版本'}
        ）的数据项生成；批量报送请使用“数据上传”或接口推送。
      </Typography.Paragraph>
      {catalogue.error && <Alert type="error" showIcon title={catalogue.error.message} style={{ marginBottom: 16 }} />}
      <Form layout="vertical" className="console-narrow-form">
        <Form.Item label="信息项" htmlFor="record-entry-item" extra="只列出本单位类型可以提供的信息项">
          <CatalogueItemSelect
            id="record-entry-item"
            items={items}
            loading={catalogue.isPending || me.isPending}
            value={itemId}
            onChange={setItemId}
          />
        </Form.Item>
      </Form>
      {item && providerKind && <RecordEntryForm key={item.id} item={item} providerKind={providerKind} />}
    </Card>
  );
}

function RecordEntryForm({
  item,
  providerKind,
}: {
  item: CatalogueItemDto;
  providerKind: NonNullable<ReturnType<typeof useCurrentAccount>['data']>['agency']['kind'];
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<RecordFormValues>();
  const create = useCreateRecord();
  const [failure, setFailure] = useState<RecordFailure>();
  const [outcome, setOutcome] = useState<{ summary: string; late: boolean }>();

  const submit = (values: RecordFormValues) => {
    setFailure(undefined);
    setOutcome(undefined);
    const errors = recordErrors(item, values, providerKind);
    if (errors.length > 0) {
      setFailure({ title: FIELD_ERRORS_TITLE, details: applyRecordErrors(form, errors, item) });
      return;
    }
    create.mutate(
      { record: toRecordInput(item, values) },
      {
        onSuccess: (record) => {
          const summary = submissionSummary(record);
          setOutcome({ summary, late: record.daysLate > 0 });
          void message.success('报送成功');
          form.resetFields();
        },
        onError: (error) => setFailure(applyServerErrors(form, error, item)),
      },
    );
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 16 }}>
        <Tag color={CATEGORY_COLORS[item.category]}>{RECORD_CATEGORY_LABELS[item.category]}信息</Tag>
        {item.requiresLevel && (
          <Typography.Text type="secondary">
            须标注失信等级（{Object.values(DISHONESTY_LEVEL_LABELS).join('、')}）
          </Typography.Text>
        )}
      </Space>
      {outcome && (
        <Alert
          type={outcome.late ? 'warning' : 'success'}
          showIcon
          role="status"
          title={outcome.summary}
          description={<Link to="/console/records">在“本单位信息”中查看</Link>}
          style={{ marginBottom: 16 }}
        />
      )}
      {failure && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={failure.title}
          description={failure.details.length > 0 ? failure.details.join('；') : undefined}
          style={{ marginBottom: 16 }}
        />
      )}
      <Form<RecordFormValues>
        form={form}
        layout="vertical"
        name={`record-${item.code}`}
        initialValues={initialRecordValues(item)}
        onFinish={submit}
        onFinishFailed={() => setOutcome(undefined)}
        scrollToFirstError
      >
        <RecordFieldItems item={item} providerKind={providerKind} />
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            提交
          </Button>
          <Button htmlType="button" onClick={() => form.resetFields()}>
            清空
          </Button>
        </Space>
      </Form>
    </>
  );
}
