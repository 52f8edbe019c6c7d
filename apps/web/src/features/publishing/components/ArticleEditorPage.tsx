import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, Modal, Row, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FileUploadField } from '../../../components/FileUploadField';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  useConsoleColumns,
  useOwnArticle,
  usePublishArticle,
  useSaveArticle,
  useWithdrawArticle,
  writableColumns,
} from '../api/console-queries';
import type { ArticleDto, FileDto, SaveArticleBody } from '../api/publishing-types';
import { ArticleView } from './ArticleView';
import { BodyEditor, BodyPreview } from './BodyEditor';
import { ARTICLE_STATUS_COLORS, ARTICLE_STATUS_LABELS } from './publishing-labels';
import { WithdrawModal } from './WithdrawModal';

interface ArticleFormValues {
  title: string;
  columnId?: number;
  source?: string;
  publishDate?: string;
  bodyHtml: string;
  attachments: FileDto[];
}

function toBody(values: ArticleFormValues): SaveArticleBody {
  return {
    columnId: values.columnId ?? 0,
    title: values.title.trim(),
    bodyHtml: values.bodyHtml ?? '',
    source: values.source?.trim() || null,
    publishDate: values.publishDate || null,
    attachmentIds: (values.attachments ?? []).map((file) => file.id),
  };
}

function toValues(article: ArticleDto): ArticleFormValues {
  return {
    title: article.title,
    columnId: article.column.id,
    source: article.source ?? undefined,
    publishDate: article.publishDate ?? undefined,
    bodyHtml: article.bodyHtml,
    attachments: article.attachments,
  };
}

/** /console/articles/new and /console/articles/:id — write, save, preview, publish and withdraw an article. */
export function ArticleEditorPage() {
  const params = useParams();
  const id = params.id && /^\d+$/.test(params.id) ? Number(params.id) : undefined;
  useDocumentTitle(id ? '编辑信息' : '新建信息');
  const navigate = useNavigate();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<ArticleFormValues>();
  const me = useCurrentAccount();
  const columns = useConsoleColumns();
  const article = useOwnArticle(id);
  const save = useSaveArticle();
  const publish = usePublishArticle();
  const withdraw = useWithdrawArticle();
  const [previewing, setPreviewing] = useState<ArticleDto>();
  const [withdrawing, setWithdrawing] = useState(false);
  const bodyHtml = Form.useWatch('bodyHtml', form) ?? '';

  useEffect(() => {
    if (article.data) form.setFieldsValue(toValues(article.data));
  }, [article.data, form]);

  const options =
    me.data && columns.data
      ? writableColumns(columns.data.items, me.data.agency.id).map((column) => ({
          value: column.id,
          label: column.kind === 'special' ? `${column.name}（专栏）` : column.name,
        }))
      : [];

  /** Saves the form; resolves to the saved article, or undefined when the form or the server refused it. */
  const saveForm = async (): Promise<ArticleDto | undefined> => {
    let values: ArticleFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return undefined;
    }
    try {
      const saved = await save.mutateAsync({ id, body: toBody(values) });
      if (id === undefined) navigate(`/console/articles/${saved.id}`, { replace: true });
      return saved;
    } catch (error) {
      applyFieldErrors(form, error);
      return undefined;
    }
  };

  const status = article.data?.status;
  const error = save.error ?? publish.error;

  return (
    <Card>
      <div className="console-page-heading">
        <Space align="center" wrap>
          <Link to="/console/articles" aria-label="返回信息列表">
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={1} className="console-page-title">
            {id ? '编辑信息' : '新建信息'}
          </Typography.Title>
          {status && <Tag color={ARTICLE_STATUS_COLORS[status]}>{ARTICLE_STATUS_LABELS[status]}</Tag>}
        </Space>
      </div>
      {article.data?.status === 'withdrawn' && article.data.withdrawReason && (
        <Alert
          type="warning"
          showIcon
          title={`已撤回：${article.data.withdrawReason}`}
          description="修改后可重新发布。"
          style={{ marginBottom: 16 }}
        />
      )}
      {article.error && <Alert type="error" showIcon title={article.error.message} style={{ marginBottom: 16 }} />}
      {error && <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 16 }} />}
      <Form<ArticleFormValues>
        form={form}
        name="article"
        layout="vertical"
        initialValues={{ title: '', bodyHtml: '', attachments: [] }}
        disabled={id !== undefined && !article.data}
      >
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Form.Item
              label="标题"
              name="title"
              rules={[
                { required: true, whitespace: true, message: '请输入标题' },
                { min: 2, message: '标题至少 2 个字' },
              ]}
            >
              <Input maxLength={200} showCount />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item label="栏目" name="columnId" rules={[{ required: true, message: '请选择栏目' }]}>
              <Select
                options={options}
                placeholder="请选择栏目"
                loading={columns.isPending}
                notFoundContent="没有可发布的栏目"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12} lg={6}>
            <Form.Item label="发布日期" name="publishDate" extra="不填则为发布当日">
              <Input type="date" />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item label="来源" name="source">
              <Input maxLength={100} placeholder="如：贵州省市场监督管理局" />
            </Form.Item>
          </Col>
        </Row>
        <div className="editor-panes">
          <Form.Item label="正文" name="bodyHtml">
            <BodyEditor />
          </Form.Item>
          <div className="ant-form-item">
            <div className="ant-form-item-label">
              <span>实时预览</span>
            </div>
            <BodyPreview html={bodyHtml} />
          </div>
        </div>
        <Form.Item label="附件" name="attachments" extra="可上传 PDF、Word、Excel 或图片，每个不超过 20 MB">
          <FileUploadField
            purpose="attachment"
            buttonText="上传附件"
            accept=".pdf,.doc,.docx,.xls,.xlsx,.png,.jpg,.jpeg"
          />
        </Form.Item>
      </Form>
      <Space wrap>
        <Button
          type="primary"
          loading={save.isPending && !publish.isPending}
          onClick={async () => {
            if (await saveForm()) void message.success('已保存');
          }}
        >
          保存草稿
        </Button>
        <Button
          onClick={async () => {
            const saved = await saveForm();
            if (saved) setPreviewing(saved);
          }}
        >
          预览
        </Button>
        <Button
          type="primary"
          danger={false}
          loading={publish.isPending}
          onClick={async () => {
            if (status === 'published') {
              if (await saveForm()) void message.success('已保存，修改已在门户网站生效');
              return;
            }
            // Publishing puts the article before the public at once: asked first, saved and published on 确认发布.
            const title = String(form.getFieldValue('title') ?? '').trim();
            const column = columns.data?.items.find((candidate) => candidate.id === form.getFieldValue('columnId'));
            modal.confirm({
              title: '确认发布这条信息？',
              content: `发布后，公众即可在门户网站${column ? `“${column.name}”栏目` : ''}看到${title ? `《${title}》` : '这条信息'}。发布后仍可修改或撤回。`,
              okText: '确认发布',
              cancelText: '暂不发布',
              onOk: async () => {
                const saved = await saveForm();
                if (!saved) return;
                try {
                  await publish.mutateAsync(saved.id);
                  void message.success('已发布，公众可在门户网站查看');
                } catch {
                  // The page shows the refusal above the form (publish.error).
                }
              },
            });
          }}
        >
          {status === 'published' ? '保存修改' : '发布'}
        </Button>
        {status === 'published' && (
          <Button danger onClick={() => setWithdrawing(true)}>
            撤回
          </Button>
        )}
      </Space>
      <Modal
        title="预览（按公众看到的样式）"
        open={previewing !== undefined}
        onCancel={() => setPreviewing(undefined)}
        footer={null}
        width={900}
      >
        {previewing && (
          <ArticleView article={previewing}>
            {previewing.attachments.length > 0 && (
              <section className="article-attachments">
                <h2>附件</h2>
                <ol>
                  {previewing.attachments.map((file) => (
                    <li key={file.id}>
                      <a href={file.url}>{file.name}</a>
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </ArticleView>
        )}
      </Modal>
      <WithdrawModal
        article={withdrawing ? article.data : undefined}
        withdraw={withdraw}
        successMessage="已撤回"
        onClose={() => setWithdrawing(false)}
      />
    </Card>
  );
}
