import { WATCHLIST_MAX_ENTITIES, WATCHLIST_MAX_RULES } from '@gzcredit/contracts';
import {
  countiesOf,
  divisionOf,
  divisionsOf,
  ENTITY_KIND_LABELS,
  ENTITY_KINDS,
  type EntityKind,
  findIndustry,
  prefectures,
  regionName,
  sections,
} from '@gzcredit/domain';
import { Alert, App, Button, Card, Drawer, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { fieldErrorsOf } from '../../../lib/form-errors';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  useDeleteWatchlist,
  useSaveWatchlist,
  useSaveWatchlistSettings,
  useWatchlist,
  useWatchlistSettings,
  useWatchlists,
  type WatchlistBody,
  type WatchlistDto,
  type WatchlistSummaryDto,
} from '../api/watchlist-queries';

interface RuleValues {
  regionCode?: string | undefined;
  industryCode?: string | undefined;
  entityKind?: EntityKind | undefined;
  itemCode?: string | undefined;
}

interface EditorValues {
  name: string;
  description?: string;
  /** One credit code a line, optionally followed by a note after a space. */
  entities?: string;
  rules?: RuleValues[];
}

/** Every Guizhou region a rule may name: the province, each prefecture and its counties (a region covers those below). */
const REGION_OPTIONS = [
  { value: '520000', label: '贵州省（全省）' },
  ...prefectures().flatMap((prefecture) => [
    { value: prefecture.code, label: `${prefecture.name}（含下辖区县）` },
    ...countiesOf(prefecture.code).map((county) => ({
      value: county.code,
      label: regionName(county.code) ?? county.name,
    })),
  ]),
];

/** GB/T 4754-2017 sections and, below each, its divisions written as enterprises carry them ('C13'). */
const INDUSTRY_OPTIONS = sections().map((section) => ({
  label: `${section.code} ${section.name}`,
  title: section.name,
  options: [
    { value: section.code, label: `${section.code} ${section.name}（整个门类）` },
    ...divisionsOf(section.code).map((division) => ({
      value: `${section.code}${division.code}`,
      label: `${section.code}${division.code} ${division.name}`,
    })),
  ],
}));

const KIND_OPTIONS = ENTITY_KINDS.map((kind) => ({ value: kind, label: ENTITY_KIND_LABELS[kind] }));

function entitiesText(watchlist: WatchlistDto): string {
  return watchlist.entities
    .map((entity) => (entity.note ? `${entity.creditCode} ${entity.note}` : entity.creditCode))
    .join('\n');
}

function parseEntities(text: string | undefined): WatchlistBody['entities'] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [creditCode = '', ...note] = line.split(/[\s,，\t]+/);
      return { creditCode, note: note.join(' ') || null };
    });
}

/** A rule's industry as the form offers it: a section ('C') or a division under its section ('C15'). */
function industryLabel(code: string): string {
  return findIndustry(code)?.name ?? divisionOf(code)?.name ?? code;
}

function ruleLabel(rule: WatchlistDto['rules'][number], itemNames: Map<string, string>): string {
  const parts = [
    rule.regionCode ? `区划：${regionName(rule.regionCode) ?? rule.regionCode}` : undefined,
    rule.industryCode ? `行业：${industryLabel(rule.industryCode)}` : undefined,
    rule.entityKind ? `类型：${ENTITY_KIND_LABELS[rule.entityKind]}` : undefined,
    rule.itemCode ? `信息项：${itemNames.get(rule.itemCode) ?? rule.itemCode}` : undefined,
  ];
  return parts.filter(Boolean).join('，');
}

/** /console/watchlists — 监管名单 (Rules Art. 17 第二款): the agency's watch-lists and the digest mailbox. */
export function WatchlistsPage() {
  useDocumentTitle('监管名单');
  const { message } = App.useApp();
  const watchlists = useWatchlists();
  const remove = useDeleteWatchlist();
  const [editing, setEditing] = useState<number | 'new'>();

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={1} className="console-page-title">
          监管名单
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          根据《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条第二款，监管部门可将本部门监管的企业列入监管名单：逐个列出统一社会信用代码，或按行政区划、行业、主体类型、信息项设定规则。名单内主体新增不良信息、失信等级变化、列入或移出经营异常名录和严重违法失信名单时，在“预警提醒”中提示，并每日汇总为预警日报。只提示本单位有权查看的信息。
        </Typography.Paragraph>
        <Button type="primary" onClick={() => setEditing('new')}>
          新建监管名单
        </Button>
      </Card>
      <Card style={{ marginBottom: 16 }}>
        {watchlists.error && <Alert type="error" showIcon title={watchlists.error.message} />}
        <Table<WatchlistSummaryDto>
          rowKey="id"
          loading={watchlists.isLoading}
          dataSource={watchlists.data?.items}
          pagination={false}
          locale={{ emptyText: '尚未建立监管名单' }}
          columns={[
            { title: '名单名称', dataIndex: 'name' },
            { title: '说明', dataIndex: 'description', render: (value: string | null) => value ?? '—' },
            { title: '主体数', dataIndex: 'entityCount', width: 90, render: formatCount },
            { title: '规则数', dataIndex: 'ruleCount', width: 90 },
            {
              title: '未读预警',
              dataIndex: 'unreadAlerts',
              width: 100,
              render: (count: number) => (count > 0 ? <Tag color="red">{count}</Tag> : 0),
            },
            { title: '修改时间', dataIndex: 'updatedAt', width: 170, render: (value: string) => formatDateTime(value) },
            {
              title: '操作',
              key: 'actions',
              width: 150,
              render: (_, row) => (
                <Space>
                  <Button type="link" onClick={() => setEditing(row.id)}>
                    编辑
                  </Button>
                  <Popconfirm
                    title={`删除“${row.name}”？其预警一并删除。`}
                    okText="删除"
                    cancelText="取消"
                    onConfirm={() =>
                      remove.mutate(row.id, {
                        onSuccess: () => void message.success(`已删除监管名单“${row.name}”`),
                        onError: (error) => void message.error(error.message),
                      })
                    }
                  >
                    <Button type="link" danger>
                      删除
                    </Button>
                  </Popconfirm>
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <DigestMailboxCard />
      {editing !== undefined && (
        <WatchlistEditor id={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} />
      )}
    </>
  );
}

function WatchlistEditor({ id, onClose }: { id: number | undefined; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<EditorValues>();
  const existing = useWatchlist(id);
  const save = useSaveWatchlist();
  const catalogue = useCurrentCatalogue();
  const itemOptions = (catalogue.data?.items ?? []).map((item) => ({ value: item.code, label: item.name }));
  const itemNames = new Map(itemOptions.map((option) => [option.value, option.label]));
  const problems = fieldErrorsOf(save.error);
  const ready = id === undefined || existing.data !== undefined;

  return (
    <Drawer
      open
      size="large"
      title={id === undefined ? '新建监管名单' : '编辑监管名单'}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={save.isPending} disabled={!ready} onClick={() => form.submit()}>
          保存名单
        </Button>
      }
    >
      {existing.error && <Alert type="error" showIcon title={existing.error.message} />}
      {save.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={save.error.message}
          description={
            problems.length > 1 ? (
              <ul style={{ margin: 0, paddingLeft: 20 }}>
                {problems.map((problem) => (
                  <li key={problem.field}>{problem.message}</li>
                ))}
              </ul>
            ) : undefined
          }
        />
      )}
      {ready && (
        <Form<EditorValues>
          form={form}
          layout="vertical"
          initialValues={
            existing.data
              ? {
                  name: existing.data.name,
                  description: existing.data.description ?? '',
                  entities: entitiesText(existing.data),
                  rules: existing.data.rules.map((rule) => ({
                    regionCode: rule.regionCode ?? undefined,
                    industryCode: rule.industryCode ?? undefined,
                    entityKind: rule.entityKind ?? undefined,
                    itemCode: rule.itemCode ?? undefined,
                  })),
                }
              : { rules: [] }
          }
          onFinish={(values) =>
            save.mutate(
              {
                ...(id === undefined ? {} : { id }),
                body: {
                  name: values.name.trim(),
                  description: values.description?.trim() || null,
                  entities: parseEntities(values.entities),
                  rules: (values.rules ?? []).map((rule) => ({
                    regionCode: rule.regionCode ?? null,
                    industryCode: rule.industryCode ?? null,
                    entityKind: rule.entityKind ?? null,
                    itemCode: rule.itemCode ?? null,
                  })),
                },
              },
              {
                onSuccess: (saved) => {
                  void message.success(`已保存监管名单“${saved.name}”`);
                  onClose();
                },
              },
            )
          }
        >
          <Form.Item
            name="name"
            label="名单名称"
            rules={[{ required: true, min: 2, max: 50, message: '请填写 2–50 个字符的名称' }]}
          >
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="description" label="说明">
            <Input.TextArea maxLength={500} autoSize={{ minRows: 1, maxRows: 3 }} />
          </Form.Item>
          <Form.Item
            name="entities"
            label="监管主体（统一社会信用代码）"
            extra={`每行一个统一社会信用代码，可在代码后空格加备注；最多 ${formatCount(WATCHLIST_MAX_ENTITIES)} 个`}
          >
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 12 }} placeholder="91520102MA6DKXQW6M 重点监管" />
          </Form.Item>
          <Typography.Title level={5}>规则（每条规则的各项条件须同时满足）</Typography.Title>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Card key={field.key} size="small" style={{ marginBottom: 8 }}>
                    <Space wrap align="start">
                      <Form.Item name={[field.name, 'regionCode']} label="行政区划" style={{ minWidth: 220 }}>
                        <Select
                          allowClear
                          showSearch={{ optionFilterProp: 'label' }}
                          options={REGION_OPTIONS}
                          placeholder="不限"
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'industryCode']} label="行业" style={{ minWidth: 220 }}>
                        <Select
                          allowClear
                          showSearch={{ optionFilterProp: 'label' }}
                          options={INDUSTRY_OPTIONS}
                          placeholder="不限"
                        />
                      </Form.Item>
                      <Form.Item name={[field.name, 'entityKind']} label="主体类型" style={{ minWidth: 140 }}>
                        <Select allowClear options={KIND_OPTIONS} placeholder="不限" />
                      </Form.Item>
                      <Form.Item name={[field.name, 'itemCode']} label="信息项" style={{ minWidth: 200 }}>
                        <Select
                          allowClear
                          showSearch={{ optionFilterProp: 'label' }}
                          loading={catalogue.isLoading}
                          options={itemOptions}
                          placeholder="不限"
                        />
                      </Form.Item>
                      <Button type="link" danger onClick={() => remove(field.name)} style={{ marginTop: 30 }}>
                        删除规则
                      </Button>
                    </Space>
                  </Card>
                ))}
                <Button onClick={() => add({})} disabled={fields.length >= WATCHLIST_MAX_RULES}>
                  添加规则
                </Button>
              </>
            )}
          </Form.List>
          {existing.data && existing.data.rules.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 16 }}>
              现有规则：{existing.data.rules.map((rule) => ruleLabel(rule, itemNames)).join('；')}
            </Typography.Paragraph>
          )}
        </Form>
      )}
    </Drawer>
  );
}

/**
 * 预警日报的接收邮箱: accounts carry no mail address, so the agency names the mailbox its daily digest goes to. The
 * platform keeps it encrypted and shows only a mask (j***@example.gov.cn): a new address is typed in full.
 */
function DigestMailboxCard() {
  const { message } = App.useApp();
  const settings = useWatchlistSettings();
  const save = useSaveWatchlistSettings();
  const [form] = Form.useForm<{ digestAddress: string }>();
  if (!settings.data) return null;
  const current = settings.data.digestAddress;
  return (
    <Card title="预警日报接收邮箱">
      <Typography.Paragraph type="secondary">
        每日 8 时汇总前一日起的新预警，放入“预警提醒”页的日报收件箱；
        {settings.data.mailConfigured
          ? '设定邮箱后同时发送到该邮箱。'
          : '平台尚未配置发信服务器（SMTP_URL），暂只在控制台查看。'}
      </Typography.Paragraph>
      <Typography.Paragraph>
        {current ? `当前接收邮箱：${current}（加密保存，只显示部分）` : '尚未设定接收邮箱。'}
      </Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 16 }} />}
      <Form
        form={form}
        layout="inline"
        onFinish={(values) =>
          save.mutate(values.digestAddress.trim(), {
            onSuccess: () => {
              form.resetFields();
              void message.success('已保存接收邮箱');
            },
          })
        }
      >
        <Form.Item
          name="digestAddress"
          label={current ? '改为' : '邮箱'}
          rules={[
            { required: true, whitespace: true, message: '请填写完整的电子邮箱地址' },
            { type: 'email', message: '请填写有效的电子邮箱地址' },
          ]}
        >
          <Input style={{ width: 280 }} placeholder="如 jgk@example.gov.cn" />
        </Form.Item>
        <Button htmlType="submit" loading={save.isPending}>
          保存邮箱
        </Button>
        {current && (
          <Button
            style={{ marginInlineStart: 8 }}
            loading={save.isPending}
            onClick={() => save.mutate(null, { onSuccess: () => void message.success('已停止发送日报邮件') })}
          >
            不再发送邮件
          </Button>
        )}
      </Form>
    </Card>
  );
}
