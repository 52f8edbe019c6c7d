import { FilePdfOutlined, UploadOutlined } from '@ant-design/icons';
import {
  CHECK_MAX_ENTITIES,
  CHECK_RESOLUTION_LABELS,
  CHECK_VERDICT_LABELS,
  type CheckEntityInput,
  type CheckItemDto,
  type CheckResultDto,
  type CheckVerdict,
  consortiumConclusionText,
} from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, ENTITY_BADGE_LABELS, ENTITY_STATUS_LABELS } from '@gzcredit/domain';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { checkPdfUrl, useCheckPurposes, useReadEntityList, useRunCheck } from '../api/check-queries';

const VERDICT_COLORS: Record<CheckVerdict, string> = { refused: 'red', caution: 'orange', clear: 'green' };
const MEASURE_CLASS_LABELS = { 1: '第一类', 2: '第二类', 3: '第三类' } as const;
const CREDIT_CODE = /^[0-9A-Za-z]{18}$/;

/**
 * One entity a line: a 统一社会信用代码, a name, or both separated by a tab or a comma (as copied from a spreadsheet);
 * a header line (统一社会信用代码, 名称) is skipped.
 */
export function parseEntities(text: string): CheckEntityInput[] {
  const entities: CheckEntityInput[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cells = line
      .split(/[\t,，]/)
      .map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'))
      .filter((cell) => cell !== '');
    if (cells.length === 0 || cells.some((cell) => /统一社会信用代码|主体名称|^名称$/.test(cell))) continue;
    const code = cells.find((cell) => CREDIT_CODE.test(cell));
    const name = cells.find((cell) => cell !== code);
    if (code) entities.push(name ? { creditCode: code, name } : { creditCode: code });
    else entities.push({ name: line.trim() });
  }
  return entities;
}

interface CheckFormValues {
  purpose: string;
  matter: string;
  entities: string;
  consortium: boolean;
}

function EntityCell({ item }: { item: CheckItemDto }) {
  if (item.resolution === 'found')
    return (
      <Space direction="vertical" size={0}>
        <span>{item.name}</span>
        <Typography.Text type="secondary" copyable>
          {item.creditCode}
        </Typography.Text>
        {item.status && item.status !== 'active' && <Tag>{ENTITY_STATUS_LABELS[item.status]}</Tag>}
      </Space>
    );
  return (
    <Space direction="vertical" size={0}>
      <span>{item.input.creditCode ?? item.input.name}</span>
      <Tag color={item.resolution === 'ambiguous' ? 'gold' : 'default'}>{CHECK_RESOLUTION_LABELS[item.resolution]}</Tag>
      {item.candidates.length > 0 && (
        <div className="check-candidates">
          <Typography.Text type="secondary">候选主体（请按统一社会信用代码重新核查）：</Typography.Text>
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {item.candidates.map((candidate) => (
              <li key={candidate.creditCode}>
                {candidate.name}（{candidate.creditCode}，{ENTITY_STATUS_LABELS[candidate.status]}）
              </li>
            ))}
          </ul>
        </div>
      )}
    </Space>
  );
}

function RecordsCell({ item }: { item: CheckItemDto }) {
  if (item.resolution !== 'found') return '—';
  const standing = item.standing;
  const bad = item.records.filter((record) => record.category === 'bad');
  const good = item.records.filter((record) => record.category === 'good');
  return (
    <Space direction="vertical" size={2}>
      <span>
        信用状况（可查看信息）：
        {standing?.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[standing.dishonestyLevel] : '无失信等级'}
        {standing?.badges.map((badge) => (
          <Tag key={badge} color={badge === 'trustworthy' ? 'green' : 'red'} style={{ marginInlineStart: 4 }}>
            {ENTITY_BADGE_LABELS[badge]}
          </Tag>
        ))}
      </span>
      {bad.map((record) => (
        <span key={record.id}>
          {record.listing ? '在列名单：' : '不良信息：'}
          {record.itemName}
          {record.dishonestyLevel && `（${DISHONESTY_LEVEL_LABELS[record.dishonestyLevel]}）`}，{record.agencyName}
        </span>
      ))}
      {good.length > 0 && <span>良好信息：{good.map((record) => record.itemName).join('、')}</span>}
      {bad.length === 0 && good.length === 0 && (
        <Typography.Text type="secondary">未见可查看的不良、良好信息</Typography.Text>
      )}
    </Space>
  );
}

function MeasuresCell({ item }: { item: CheckItemDto }) {
  if (item.measures.length === 0) return '—';
  return (
    <Space direction="vertical" size={4}>
      {item.measures.map((measure) => (
        <div key={measure.id} className="check-measure">
          <strong>{measure.name}</strong>（{MEASURE_CLASS_LABELS[measure.measureClass]}，
          {measure.list === 'national' ? '全国基础清单' : '贵州省补充清单'}）<div>法律依据：{measure.legalBasis}</div>
          <Typography.Text type="secondary">实施主体：{measure.implementingBody}</Typography.Text>
        </div>
      ))}
    </Space>
  );
}

function CheckResult({ result }: { result: CheckResultDto }) {
  const count = (verdict: CheckVerdict) => result.items.filter((item) => item.verdict === verdict).length;
  const unresolved = result.items.filter((item) => item.resolution !== 'found').length;
  return (
    <Card
      title={`核查结果 ${result.checkNo}`}
      extra={
        <Button type="primary" icon={<FilePdfOutlined />} href={checkPdfUrl(result.checkNo)}>
          打印核查结果（PDF）
        </Button>
      }
      style={{ marginTop: 16 }}
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'checkNo', label: '核查编号', children: result.checkNo },
          { key: 'checkedAt', label: '核查时间', children: formatDateTime(result.checkedAt) },
          { key: 'purpose', label: '核查用途', children: result.purpose.name },
          { key: 'matter', label: '核查事项', children: result.matter },
          {
            key: 'summary',
            label: '结论汇总',
            span: 'filled',
            children: `共 ${formatCount(result.items.length)} 户：不予准入/限制 ${formatCount(count('refused'))}，审慎 ${formatCount(count('caution'))}，未发现 ${formatCount(count('clear'))}，未找到或名称不唯一 ${formatCount(unresolved)}`,
          },
          {
            key: 'editions',
            label: '惩戒措施清单',
            span: 'filled',
            children: result.measureEditions.map((edition) => edition.label).join('；') || '—',
          },
          {
            key: 'digest',
            label: '内容摘要（SM3）',
            span: 'filled',
            children: <Typography.Text code>{result.digest}</Typography.Text>,
          },
        ]}
      />
      {result.consortium && (
        <Alert
          style={{ marginTop: 16 }}
          type={
            result.consortiumVerdict === 'refused'
              ? 'error'
              : result.consortiumVerdict === 'clear'
                ? 'success'
                : 'warning'
          }
          showIcon
          title={`联合体整体结论：${consortiumConclusionText(result)}`}
          description="联合体按整体核查，任一成员被限制的，联合体被限制。"
        />
      )}
      <Table<CheckItemDto>
        style={{ marginTop: 16 }}
        rowKey={(item) => item.input.row}
        size="small"
        dataSource={result.items}
        // At 1366 px the console's content is about 1060 px wide: the fixed columns leave the measures about 390 px,
        // and the table scrolls sideways only below 960 px.
        tableLayout="fixed"
        scroll={{ x: 960 }}
        pagination={{ pageSize: 50, showSizeChanger: false, showTotal: (total) => `共 ${formatCount(total)} 户` }}
        columns={[
          { title: '行', width: 48, render: (_, item) => item.input.row },
          { title: '被核查主体', width: 230, render: (_, item) => <EntityCell item={item} /> },
          {
            title: '结论',
            width: 120,
            render: (_, item) =>
              item.verdict ? (
                <Tag color={VERDICT_COLORS[item.verdict]} className={`check-verdict-${item.verdict}`}>
                  {CHECK_VERDICT_LABELS[item.verdict]}
                </Tag>
              ) : (
                <Tag>{CHECK_RESOLUTION_LABELS[item.resolution]}</Tag>
              ),
          },
          { title: '信用状况与信息', width: 270, render: (_, item) => <RecordsCell item={item} /> },
          { title: '适用的惩戒措施及法律依据', render: (_, item) => <MeasuresCell item={item} /> },
        ]}
      />
    </Card>
  );
}

/** /console/checks — 信用核查 (Rules Art. 17): an agency checks suppliers, applicants or candidates before it decides. */
export function CreditChecksPage() {
  useDocumentTitle('信用核查');
  const [form] = Form.useForm<CheckFormValues>();
  const purposes = useCheckPurposes();
  const run = useRunCheck();
  const [one, setOne] = useState('');
  const readList = useReadEntityList();
  const entitiesText = Form.useWatch('entities', form) ?? '';
  const count = parseEntities(entitiesText).length;

  const append = (text: string) => {
    const current: string = form.getFieldValue('entities') ?? '';
    form.setFieldValue('entities', current.trim() === '' ? text : `${current.replace(/\s+$/, '')}\n${text}`);
  };

  const submit = (values: CheckFormValues) => {
    run.mutate(
      {
        purpose: values.purpose,
        matter: values.matter,
        entities: parseEntities(values.entities),
        consortium: values.consortium,
      },
      { onError: (error) => applyFieldErrors(form, error) },
    );
  };

  return (
    <>
      <Card>
        <Typography.Title level={1} className="console-page-title">
          信用核查
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          依据《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条，在政府采购、招标投标、资金补贴、评优评先、行政审批等事项中核查相关主体的信用状况。每行一个主体：统一社会信用代码或名称（可从表格中复制粘贴，也可上传第
          1 行为表头、含“统一社会信用代码”或“名称”列的 Excel 或 CSV 文件），一次最多 {formatCount(CHECK_MAX_ENTITIES)}{' '}
          个。名称不唯一的列出候选主体，不代为选择。每次核查生成核查编号并留存，可打印带 SM3
          摘要和验证二维码的核查结果。
        </Typography.Paragraph>
        <Form<CheckFormValues>
          form={form}
          layout="vertical"
          initialValues={{ consortium: false, entities: '' }}
          onFinish={submit}
          style={{ maxWidth: 880 }}
        >
          <Space wrap align="start" size="large">
            <Form.Item name="purpose" label="核查用途" rules={[{ required: true, message: '请选择核查用途' }]}>
              <Select
                style={{ width: 240 }}
                placeholder="请选择"
                loading={purposes.isLoading}
                options={purposes.data?.items
                  .filter((purpose) => purpose.active)
                  .map((purpose) => ({ value: purpose.code, label: purpose.name }))}
              />
            </Form.Item>
            <Form.Item
              name="matter"
              label="核查事项（项目名称或编号）"
              rules={[{ required: true, whitespace: true, message: '请填写核查事项（项目名称或编号）' }, { max: 200 }]}
            >
              <Input style={{ width: 420 }} placeholder="如 贵阳市2026年办公设备采购项目（GYCG-2026-001）" />
            </Form.Item>
            <Form.Item
              name="consortium"
              label="联合体"
              valuePropName="checked"
              tooltip="按整体核查，任一成员被限制则联合体被限制"
            >
              <Switch checkedChildren="是" unCheckedChildren="否" />
            </Form.Item>
          </Space>
          <Form.Item
            name="entities"
            label={`被核查主体（每行一个，已识别 ${formatCount(count)} 个）`}
            rules={[{ required: true, whitespace: true, message: '请粘贴或上传被核查主体' }]}
          >
            <Input.TextArea
              autoSize={{ minRows: 6, maxRows: 16 }}
              placeholder={'91520102MA6DKQ0T7D\n贵州某某建设有限公司\n91520100XXXXXXXXXX,贵州某某商贸有限公司'}
              spellCheck={false}
            />
          </Form.Item>
          <Space wrap style={{ marginBottom: 16 }}>
            <Input.Search
              aria-label="逐个添加主体"
              placeholder="逐个添加：统一社会信用代码或名称"
              enterButton="添加"
              value={one}
              onChange={(event) => setOne(event.target.value)}
              onSearch={(value) => {
                if (value.trim() === '') return;
                append(value.trim());
                setOne('');
              }}
              style={{ width: 380 }}
            />
            <Upload
              accept=".xlsx,.csv"
              showUploadList={false}
              beforeUpload={(file) => {
                readList.mutate(file, {
                  onSuccess: ({ entities }) =>
                    append(
                      entities.map((entity) => [entity.creditCode, entity.name].filter(Boolean).join(',')).join('\n'),
                    ),
                });
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={readList.isPending}>
                上传名单（Excel 或 CSV）
              </Button>
            </Upload>
          </Space>
          {readList.error && (
            <Alert type="error" showIcon title={readList.error.message} style={{ marginBottom: 16 }} />
          )}
          {run.error && <Alert type="error" showIcon title={run.error.message} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={run.isPending}>
            开始核查
          </Button>
        </Form>
      </Card>
      {run.data && <CheckResult result={run.data} />}
    </>
  );
}
