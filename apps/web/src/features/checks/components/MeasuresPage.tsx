import { PlusOutlined } from '@ant-design/icons';
import {
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  MEASURE_CLASS_HINTS,
  MEASURE_CLASS_LABELS,
  MEASURE_CLASSES,
  MEASURE_EDITION_STATUS_LABELS,
  MEASURE_LIST_LABELS,
  MEASURE_LISTS,
  type MeasureClass,
  type MeasureEditionStatus,
  type MeasureList,
} from '@gzcredit/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Drawer,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { defaultEdition, EditionsTable, NewDraftModal } from '../../../components/EditionsTable';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDate } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type CheckPurposeDto,
  type MeasureBody,
  type MeasureDto,
  type MeasureEditionDto,
  useCheckPurposes,
  useCreateMeasureEdition,
  useDeleteMeasure,
  useMeasureEdition,
  useMeasureEditions,
  usePublishMeasureEdition,
  useSaveCheckPurpose,
  useSaveMeasure,
} from '../api/measures-queries';

const STATUS_COLORS: Record<MeasureEditionStatus, string> = {
  draft: 'processing',
  published: 'success',
  superseded: 'default',
};

/**
 * /console/measures — 失信惩戒措施 (Rules Art. 17): the national 基础清单 and Guizhou's 补充清单 by edition; the provincial
 * bureau edits a draft and publishes it, everyone else reads.
 */
export function MeasuresPage() {
  useDocumentTitle('失信惩戒措施');
  const me = useCurrentAccount();
  const operator = (me.data?.permissions ?? []).includes('platform.operator');
  const editions = useMeasureEditions();
  const [selectedId, setSelectedId] = useState<number>();
  const [creating, setCreating] = useState(false);
  const selected = selectedId ?? defaultEdition(editions.data?.items, ['draft', 'published']);

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        失信惩戒措施
      </Typography.Title>
      <div className="console-page-heading">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          全国失信惩戒措施基础清单与贵州省补充清单叠加适用；信用核查按核查事项、失信等级和所列名单给出适用的措施。
          标注“待核实”的条目须对照官方原文核实。
        </Typography.Paragraph>
        {operator && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            新建草稿版本
          </Button>
        )}
      </div>
      <EditionsTable<MeasureEditionDto>
        query={editions}
        selected={selected}
        onSelect={setSelectedId}
        radioLabel={(edition) => `查看${edition.label}`}
        columns={[
          { title: '清单', dataIndex: 'list', width: 200, render: (list: MeasureList) => MEASURE_LIST_LABELS[list] },
          { title: '版本', dataIndex: 'label' },
          { title: '措施数', dataIndex: 'measureCount', width: 80 },
          {
            title: '发布时间',
            dataIndex: 'publishedAt',
            width: 130,
            render: formatDate,
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (status: MeasureEditionStatus) => (
              <Tag color={STATUS_COLORS[status]}>{MEASURE_EDITION_STATUS_LABELS[status]}</Tag>
            ),
          },
        ]}
      />
      {selected !== undefined && <EditionMeasures key={selected} id={selected} operator={operator} />}
      <CheckPurposes operator={operator} />
      {creating && (
        <CreateEditionModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setSelectedId(id);
          }}
        />
      )}
    </Card>
  );
}

function EditionMeasures({ id, operator }: { id: number; operator: boolean }) {
  const { message } = App.useApp();
  const edition = useMeasureEdition(id);
  const purposes = useCheckPurposes();
  const publish = usePublishMeasureEdition();
  const remove = useDeleteMeasure();
  const [editing, setEditing] = useState<{ measure?: MeasureDto }>();
  const data = edition.data;
  const editable = operator && data?.edition.status === 'draft';
  const purposeNames = new Map((purposes.data?.items ?? []).map((purpose) => [purpose.code, purpose.name]));
  const catalogue = useCurrentCatalogue();
  // A listing by its item's name; a code the current catalogue no longer has is shown as it was set.
  const itemNames = new Map((catalogue.data?.items ?? []).map((item) => [item.code, item.name]));
  const title = data ? `${MEASURE_LIST_LABELS[data.edition.list]}（${data.edition.label}）` : '版本内容';

  return (
    <section aria-label="版本内容" style={{ marginTop: 24 }}>
      <div className="console-page-heading">
        <Typography.Title level={2} className="console-section-title" style={{ margin: 0 }}>
          {data ? `${title} · ${MEASURE_EDITION_STATUS_LABELS[data.edition.status]}` : title}
        </Typography.Title>
        {editable && data && (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
              新增措施
            </Button>
            <Popconfirm
              title={`发布“${title}”？`}
              description="发布后该版本成为现行清单，原现行版本转为已替代（仍可查阅），本版本不能再修改。"
              okText="发布"
              cancelText="取消"
              onConfirm={() =>
                publish.mutateAsync(id).then(() => void message.success(`已发布“${title}”，现为现行清单`))
              }
            >
              <Button type="primary" loading={publish.isPending}>
                发布
              </Button>
            </Popconfirm>
          </Space>
        )}
      </div>
      {edition.error && <Alert type="error" showIcon title={edition.error.message} style={{ marginBottom: 16 }} />}
      {publish.error && <Alert type="error" showIcon title={publish.error.message} style={{ marginBottom: 16 }} />}
      {remove.error && <Alert type="error" showIcon title={remove.error.message} style={{ marginBottom: 16 }} />}
      <Table<MeasureDto>
        rowKey="id"
        size="small"
        loading={edition.isPending}
        dataSource={data?.measures}
        pagination={false}
        expandable={{
          columnTitle: '来源与备注',
          expandedRowRender: (measure) => (
            <Typography.Paragraph style={{ margin: 0 }}>
              <strong>来源：</strong>
              {measure.source || '—'}
              <br />
              <strong>备注：</strong>
              {measure.note || '—'}
            </Typography.Paragraph>
          ),
        }}
        columns={[
          { title: '编号', dataIndex: 'code', width: 90 },
          {
            title: '惩戒措施',
            dataIndex: 'name',
            render: (name: string, measure) => (
              <>
                {name} {!measure.confirmed && <Tag color="warning">待核实</Tag>}
              </>
            ),
          },
          {
            title: '类别',
            dataIndex: 'measureClass',
            width: 80,
            render: (measureClass: MeasureClass) => `第${['一', '二', '三'][measureClass - 1]}类`,
          },
          {
            title: '惩戒对象',
            key: 'targets',
            render: (_: unknown, measure) =>
              [
                ...measure.targetListings.map((code) => itemNames.get(code) ?? code),
                ...measure.targetLevels.map((level) => DISHONESTY_LEVEL_LABELS[level]),
              ].join('、'),
          },
          { title: '设定依据', dataIndex: 'legalBasis', render: (basis: string) => basis || '—' },
          { title: '实施主体', dataIndex: 'implementingBody', width: 160 },
          {
            title: '适用核查事项',
            dataIndex: 'purposes',
            render: (codes: string[]) => codes.map((code) => purposeNames.get(code) ?? code).join('、'),
          },
          ...(editable
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 120,
                  render: (_: unknown, measure: MeasureDto) => (
                    <Space>
                      <Button type="link" size="small" onClick={() => setEditing({ measure })}>
                        编辑
                      </Button>
                      <Popconfirm
                        title={`删除措施“${measure.code}”？`}
                        okText="删除"
                        cancelText="取消"
                        onConfirm={() => remove.mutateAsync(measure.id).then(() => void message.success('已删除'))}
                      >
                        <Button type="link" size="small" danger>
                          删除
                        </Button>
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <MeasureDrawer editionId={id} measure={editing.measure} onClose={() => setEditing(undefined)} />}
    </section>
  );
}

type MeasureForm = Omit<MeasureBody, 'measureClass'> & { measureClass: MeasureClass };

function MeasureDrawer({
  editionId,
  measure,
  onClose,
}: {
  editionId: number;
  measure?: MeasureDto;
  onClose: () => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<MeasureForm>();
  const save = useSaveMeasure();
  const purposes = useCheckPurposes();
  const catalogue = useCurrentCatalogue();
  const measureClass = Form.useWatch('measureClass', form);
  const initial: Partial<MeasureForm> = measure
    ? { ...measure }
    : { measureClass: 2, targetListings: [], targetLevels: [], purposes: [], legalBasis: '', confirmed: false };

  return (
    <Drawer
      open
      size={640}
      title={measure ? `编辑措施 ${measure.code}` : '新增措施'}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 16 }} />}
      <Form<MeasureForm>
        form={form}
        layout="vertical"
        name="measure"
        initialValues={initial}
        onFinish={(values) =>
          save
            .mutateAsync({ editionId, id: measure?.id, body: values })
            .then(() => {
              void message.success('已保存');
              onClose();
            })
            .catch((error: unknown) => applyFieldErrors(form, error))
        }
      >
        <Form.Item name="code" label="编号" rules={[{ required: true, message: '请输入编号' }]}>
          <Input maxLength={20} />
        </Form.Item>
        <Form.Item name="name" label="惩戒措施" rules={[{ required: true, message: '请输入惩戒措施' }]}>
          <Input.TextArea autoSize maxLength={200} />
        </Form.Item>
        <Form.Item
          name="measureClass"
          label="类别"
          extra={measureClass ? MEASURE_CLASS_HINTS[measureClass] : undefined}
          rules={[{ required: true, message: '请选择类别' }]}
        >
          <Select options={MEASURE_CLASSES.map((value) => ({ value, label: MEASURE_CLASS_LABELS[value] }))} />
        </Form.Item>
        <Form.Item name="targetListings" label="惩戒对象：名单（征集目录信息项）">
          <Select
            mode="multiple"
            showSearch={{ optionFilterProp: 'label' }}
            loading={catalogue.isPending}
            options={(catalogue.data?.items ?? []).map((item) => ({
              value: item.code,
              // Named, not coded: a screen reader reads each option and each chosen tag by its label.
              label: item.name,
            }))}
          />
        </Form.Item>
        <Form.Item name="targetLevels" label="惩戒对象：失信等级">
          <Checkbox.Group
            options={DISHONESTY_LEVELS.map((level) => ({ value: level, label: DISHONESTY_LEVEL_LABELS[level] }))}
          />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label="设定依据"
          rules={[{ required: measureClass === 1, message: '第一类措施须注明设定依据' }]}
        >
          <Input.TextArea autoSize maxLength={1000} />
        </Form.Item>
        <Form.Item name="implementingBody" label="实施主体" rules={[{ required: true, message: '请输入实施主体' }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="purposes" label="适用核查事项" rules={[{ required: true, message: '至少选择一项核查事项' }]}>
          <Select
            mode="multiple"
            loading={purposes.isPending}
            options={(purposes.data?.items ?? []).map((purpose) => ({
              value: purpose.code,
              label: purpose.active ? purpose.name : `${purpose.name}（已停用）`,
            }))}
          />
        </Form.Item>
        <Form.Item name="source" label="来源">
          <Input.TextArea autoSize maxLength={1000} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea autoSize maxLength={1000} />
        </Form.Item>
        <Form.Item name="confirmed" valuePropName="checked">
          <Checkbox>已对照官方原文核实</Checkbox>
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function CreateEditionModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const [form] = Form.useForm<{ list: MeasureList; label: string }>();
  const create = useCreateMeasureEdition();
  return (
    <NewDraftModal
      title="新建失信惩戒措施清单草稿版本"
      intro="草稿复制该清单现行版本的全部措施，发布前不影响信用核查。"
      onSubmit={() => form.submit()}
      pending={create.isPending}
      error={create.error}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        name="measure-edition"
        initialValues={{ list: 'national' }}
        onFinish={(values) =>
          create
            .mutateAsync(values)
            .then((detail) => onCreated(detail.edition.id))
            .catch((error: unknown) => applyFieldErrors(form, error))
        }
      >
        <Form.Item name="list" label="清单" rules={[{ required: true, message: '请选择清单' }]}>
          <Select options={MEASURE_LISTS.map((list) => ({ value: list, label: MEASURE_LIST_LABELS[list] }))} />
        </Form.Item>
        <Form.Item name="label" label="版本名称" rules={[{ required: true, message: '请输入版本名称' }]}>
          <Input maxLength={60} placeholder="如：2026年修订" />
        </Form.Item>
      </Form>
    </NewDraftModal>
  );
}

/** 核查事项 (Rules Art. 17): the purposes a check names and a measure applies to; the operator adds, renames and turns them off. */
function CheckPurposes({ operator }: { operator: boolean }) {
  const purposes = useCheckPurposes();
  const [editing, setEditing] = useState<{ purpose?: CheckPurposeDto }>();
  return (
    <section aria-label="核查事项" style={{ marginTop: 24 }}>
      <div className="console-page-heading">
        <Typography.Title level={2} className="console-section-title" style={{ margin: 0 }}>
          核查事项
        </Typography.Title>
        {operator && (
          <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
            新增核查事项
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">
        信用核查选择的用途，措施按适用的核查事项给出。事项代码不可修改；停用的事项不能再用于新的核查，已有核查和措施仍显示其名称。
      </Typography.Paragraph>
      {purposes.error && <Alert type="error" showIcon title={purposes.error.message} style={{ marginBottom: 16 }} />}
      <Table<CheckPurposeDto>
        rowKey="id"
        size="small"
        loading={purposes.isPending}
        dataSource={purposes.data?.items}
        pagination={false}
        columns={[
          { title: '事项名称', dataIndex: 'name' },
          { title: '事项代码', dataIndex: 'code', width: 240 },
          {
            title: '状态',
            dataIndex: 'active',
            width: 90,
            render: (active: boolean) => (active ? <Tag color="success">启用</Tag> : <Tag>已停用</Tag>),
          },
          ...(operator
            ? [
                {
                  title: '操作',
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, purpose: CheckPurposeDto) => (
                    <Button
                      type="link"
                      size="small"
                      aria-label={`编辑核查事项“${purpose.name}”`}
                      onClick={() => setEditing({ purpose })}
                    >
                      编辑
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing && <CheckPurposeModal purpose={editing.purpose} onClose={() => setEditing(undefined)} />}
    </section>
  );
}

interface PurposeForm {
  code: string;
  name: string;
  active: boolean;
}

function CheckPurposeModal({ purpose, onClose }: { purpose?: CheckPurposeDto; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PurposeForm>();
  const save = useSaveCheckPurpose();
  return (
    <Modal
      open
      title={purpose ? `编辑核查事项“${purpose.name}”` : '新增核查事项'}
      okText="保存"
      cancelText="取消"
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 16 }} />}
      <Form<PurposeForm>
        form={form}
        layout="vertical"
        name="check-purpose"
        initialValues={purpose ?? { code: '', name: '', active: true }}
        onFinish={(values) =>
          save
            .mutateAsync(
              purpose
                ? { id: purpose.id, body: { name: values.name, active: values.active } }
                : { body: { code: values.code, name: values.name } },
            )
            .then((saved) => {
              void message.success(`已保存核查事项“${saved.name}”`);
              onClose();
            })
            .catch((error: unknown) => applyFieldErrors(form, error))
        }
      >
        <Form.Item
          name="code"
          label="事项代码"
          extra={purpose ? '代码不可修改' : '2–40 位小写字母、数字或下划线，字母开头，如 qualification'}
          rules={[{ required: true, message: '请输入事项代码' }]}
        >
          <Input maxLength={40} disabled={purpose !== undefined} />
        </Form.Item>
        <Form.Item
          name="name"
          label="事项名称"
          rules={[{ required: true, whitespace: true, message: '请输入事项名称' }]}
        >
          <Input maxLength={40} />
        </Form.Item>
        {purpose && (
          <Form.Item name="active" label="启用（停用后不能用于新的核查）" valuePropName="checked">
            <Switch />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
