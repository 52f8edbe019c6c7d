import { PlusOutlined } from '@ant-design/icons';
import { EDITION_STATUS_LABELS } from '@gzcredit/contracts';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { defaultEdition, EditionsTable, NewDraftModal } from '../../../components/EditionsTable';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { formatCount, formatDate } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type CatalogueItemDto,
  type EditionDto,
  useCreateEdition,
  useEdition,
  useEditions,
  usePublishEdition,
} from '../api/catalogue-queries';
import { CatalogueItemsTable } from './CatalogueItemsTable';
import { ItemEditorDrawer } from './ItemEditorDrawer';

const EDITION_STATUS_COLORS: Record<EditionDto['status'], string> = {
  draft: 'processing',
  current: 'success',
  retired: 'default',
};

/** /console/catalogue — 征集目录 (Art. 11): the items agencies transmit; the provincial bureau maintains editions. */
export function CataloguePage() {
  useDocumentTitle('征集目录');
  const me = useCurrentAccount();
  const catalogue = useCurrentCatalogue();
  const permissions = me.data?.permissions ?? [];
  const operator = permissions.includes('platform.operator');
  const templates = permissions.includes('record.submit');

  const current = (
    <>
      {catalogue.data && (
        <Typography.Paragraph type="secondary">
          现行版本：{catalogue.data.edition.name}（{formatDate(catalogue.data.edition.publishedOn)}发布），共{' '}
          {formatCount(catalogue.data.items.length)}{' '}
          个信息项。展开信息项可查看数据项；报送时须使用统一社会信用代码标识主体。
        </Typography.Paragraph>
      )}
      {catalogue.error && <Alert type="error" showIcon title={catalogue.error.message} style={{ marginBottom: 16 }} />}
      <CatalogueItemsTable items={catalogue.data?.items} loading={catalogue.isPending} templates={templates} />
    </>
  );

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        征集目录
      </Typography.Title>
      {operator ? (
        <Tabs
          items={[
            { key: 'current', label: '现行目录', children: current },
            { key: 'editions', label: '版本管理', children: <EditionsPanel /> },
          ]}
        />
      ) : (
        current
      )}
    </Card>
  );
}

/** The operator's editions: start a draft from the current edition, edit its items, publish it. */
function EditionsPanel() {
  const editions = useEditions(true);
  const [selectedId, setSelectedId] = useState<number>();
  const [creating, setCreating] = useState(false);
  const selected = selectedId ?? defaultEdition(editions.data?.items, ['draft']);

  return (
    <>
      <div className="console-page-heading">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          新版本以现行目录为底稿，在草稿中增改信息项，发布后成为现行目录；已报送的信息保留其报送时的版本。
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          新建版本
        </Button>
      </div>
      <EditionsTable<EditionDto>
        query={editions}
        selected={selected}
        onSelect={setSelectedId}
        radioLabel={(edition) => `查看${edition.name}`}
        columns={[
          { title: '版本', dataIndex: 'code', width: 120 },
          { title: '名称', dataIndex: 'name' },
          {
            title: '发布日期',
            dataIndex: 'publishedOn',
            width: 150,
            render: (date: string, edition) => (edition.status === 'draft' ? '—' : formatDate(date)),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 90,
            render: (status: EditionDto['status']) => (
              <Tag color={EDITION_STATUS_COLORS[status]}>{EDITION_STATUS_LABELS[status]}</Tag>
            ),
          },
        ]}
      />
      {selected !== undefined && <EditionDetail key={selected} id={selected} />}
      {creating && (
        <CreateEditionModal
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setCreating(false);
            setSelectedId(id);
          }}
        />
      )}
    </>
  );
}

function EditionDetail({ id }: { id: number }) {
  const { message } = App.useApp();
  const edition = useEdition(id);
  const publish = usePublishEdition();
  const [editing, setEditing] = useState<{ item?: CatalogueItemDto }>();
  const data = edition.data;
  const draft = data?.edition.status === 'draft';

  return (
    <section aria-label="版本内容" style={{ marginTop: 24 }}>
      <div className="console-page-heading">
        <Typography.Title level={2} className="console-section-title" style={{ margin: 0 }}>
          {data ? `${data.edition.name}（${EDITION_STATUS_LABELS[data.edition.status]}）` : '版本内容'}
        </Typography.Title>
        {draft && data && (
          <Space wrap>
            <Button icon={<PlusOutlined />} onClick={() => setEditing({})}>
              添加信息项
            </Button>
            <Popconfirm
              title={`发布“${data.edition.name}”？`}
              description="发布后该版本成为现行征集目录，原现行版本废止，信息项不能再修改。"
              okText="发布"
              cancelText="取消"
              onConfirm={() =>
                publish
                  .mutateAsync(id)
                  .then(() => void message.success(`已发布“${data.edition.name}”，现为现行征集目录`))
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
      <CatalogueItemsTable
        items={data?.items}
        loading={edition.isPending}
        onEdit={draft ? (item) => setEditing({ item }) : undefined}
      />
      {editing && <ItemEditorDrawer editionId={id} item={editing.item} onClose={() => setEditing(undefined)} />}
    </section>
  );
}

function CreateEditionModal({ onClose, onCreated }: { onClose: () => void; onCreated: (id: number) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ code: string; name: string }>();
  const create = useCreateEdition();
  return (
    <NewDraftModal
      title="新建征集目录版本"
      intro="草稿复制现行目录的全部信息项，发布前不影响报送。"
      onSubmit={() => form.submit()}
      pending={create.isPending}
      error={create.error}
      onClose={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        name="catalogue-edition"
        onFinish={({ code, name }) =>
          create.mutate(
            { code: code.trim(), name: name.trim() },
            {
              onSuccess: (catalogue) => {
                void message.success(`已新建草稿“${catalogue.edition.name}”`);
                onCreated(catalogue.edition.id);
              },
            },
          )
        }
      >
        <Form.Item
          label="版本号"
          name="code"
          rules={[
            { required: true, whitespace: true, message: '请填写版本号' },
            { min: 2, max: 20, message: '版本号应为 2–20 个字符' },
          ]}
        >
          <Input maxLength={20} placeholder="如：2027版" />
        </Form.Item>
        <Form.Item
          label="名称"
          name="name"
          rules={[
            { required: true, whitespace: true, message: '请填写名称' },
            { min: 4, max: 100, message: '名称应为 4–100 个字符' },
          ]}
        >
          <Input maxLength={100} placeholder="如：贵州省企业公共信用信息征集目录（2027版）" />
        </Form.Item>
      </Form>
    </NewDraftModal>
  );
}
