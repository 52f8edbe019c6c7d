import { InboxOutlined } from '@ant-design/icons';
import {
  TODO_UPLOAD_ERRORS_DAYS,
  UPLOAD_KIND_LABELS,
  UPLOAD_STATUS_LABELS,
  type UploadKind,
  type UploadStatus,
} from '@gzcredit/contracts';
import { isListing } from '@gzcredit/domain';
import { Alert, App, Card, Checkbox, Form, Radio, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { CatalogueItemSelect } from '../../../components/CatalogueItemSelect';
import { TemplateLinks } from '../../../components/TemplateLinks';
import { ApiError } from '../../../lib/api-client';
import { useCurrentCatalogue } from '../../../lib/catalogue';
import { formatCount, formatDateTime, formatFileSize } from '../../../lib/format';
import { useCurrentAccount } from '../../../lib/session';
import { tablePagination } from '../../../lib/table-pagination';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  isActive,
  type UploadDto,
  useRefreshUploads,
  useStartUpload,
  useUpload,
  useUploads,
} from '../api/upload-queries';
import { ErrorReportLinks } from './ErrorReportLinks';
import { UploadProgress } from './UploadProgress';

const PAGE_SIZE = 20;
const ACCEPTED_EXTENSIONS = ['.csv', '.xlsx'];

const STATUS_COLORS: Record<UploadStatus, string> = {
  queued: 'default',
  running: 'processing',
  done: 'success',
  failed: 'error',
};

/** /console/uploads — 数据上传 (Art. 13(二)): a CSV or XLSX file in the item's template, imported by a background job. */
export function UploadPage() {
  useDocumentTitle('数据上传');
  const { message } = App.useApp();
  const me = useCurrentAccount();
  const catalogue = useCurrentCatalogue();
  const [itemId, setItemId] = useState<number>();
  const [chosenKind, setKind] = useState<UploadKind>('records');
  const [currentId, setCurrentId] = useState<number>();
  const [duplicate, setDuplicate] = useState(false);
  const [page, setPage] = useState(1);
  // The home page's 近 30 天有错误的上传 card opens the history with this filter (features/todos).
  const [searchParams, setSearchParams] = useSearchParams();
  const onlyErrors = searchParams.get('withErrors') === 'true';
  const [createdAfter] = useState(() => new Date(Date.now() - TODO_UPLOAD_ERRORS_DAYS * 86_400_000).toISOString());
  const start = useStartUpload();
  const current = useUpload(currentId);
  const history = useUploads(page, PAGE_SIZE, onlyErrors ? { createdAfter } : undefined);
  const refreshHistory = useRefreshUploads();
  const providerKind = me.data?.agency.kind;
  const items = (catalogue.data?.items ?? []).filter(
    (candidate) => providerKind && candidate.providerKinds.includes(providerKind),
  );
  const item = items.find((candidate) => candidate.id === itemId);
  // 移出 (SPEC §3): a listing item's file may hold removals from the list instead of new listings.
  const kind: UploadKind = item && isListing(item) ? chosenKind : 'records';
  const status = current.data?.status;
  const running = start.isPending || (status !== undefined && isActive(status));

  // The history shows the finished upload's counts as soon as its job ends.
  useEffect(() => {
    if (status === 'done' || status === 'failed') void refreshHistory();
  }, [status, refreshHistory]);

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={1} className="console-page-title">
          数据上传
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          按征集目录的模板批量报送：选择信息项，下载模板填写后上传。平台逐行校验，合格的行立即入库，不合格的行可下载错误报告修改后重新上传；同一文件重复上传不会重复导入。
        </Typography.Paragraph>
        <Form layout="vertical" className="console-narrow-form">
          <Form.Item label="1. 信息项" htmlFor="upload-item">
            <CatalogueItemSelect
              id="upload-item"
              items={items}
              loading={catalogue.isPending || me.isPending}
              value={itemId}
              onChange={setItemId}
            />
          </Form.Item>
          {item && isListing(item) && (
            <Form.Item
              label="上传类型"
              extra="移出名单：每行一条移出决定（统一社会信用代码、列入决定书文号、移出日期、移出原因、作出移出决定机关）"
            >
              <Radio.Group
                value={kind}
                onChange={(event) => setKind(event.target.value)}
                options={(Object.keys(UPLOAD_KIND_LABELS) as UploadKind[]).map((value) => ({
                  value,
                  label: UPLOAD_KIND_LABELS[value],
                }))}
              />
            </Form.Item>
          )}
          <Form.Item label="2. 下载模板">
            {item ? (
              <TemplateLinks itemId={item.id} itemName={item.name} {...(kind === 'removals' ? { kind } : {})} />
            ) : (
              <Typography.Text type="secondary">请先选择信息项</Typography.Text>
            )}
          </Form.Item>
        </Form>
        <Typography.Text strong>3. 上传文件</Typography.Text>
        <Upload.Dragger
          className="upload-dragger"
          accept={ACCEPTED_EXTENSIONS.join(',')}
          multiple={false}
          showUploadList={false}
          disabled={!item || running}
          beforeUpload={(file) => {
            const name = file.name.toLowerCase();
            if (!ACCEPTED_EXTENSIONS.some((extension) => name.endsWith(extension))) {
              void message.error(`“${file.name}”不是 .xlsx 或 .csv 文件`);
              return Upload.LIST_IGNORE;
            }
            return true;
          }}
          customRequest={({ file, onSuccess, onError }) => {
            if (!item) return;
            setDuplicate(false);
            start.mutate(
              { itemId: item.id, kind, file: file as File },
              {
                onSuccess: (upload) => {
                  setCurrentId(upload.id);
                  setDuplicate(upload.duplicate);
                  onSuccess?.(upload);
                },
                onError: (error) => onError?.(error instanceof Error ? error : new Error(String(error))),
              },
            );
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{item ? '点击或将文件拖到此处上传' : '请先选择信息项'}</p>
          <p className="ant-upload-hint">支持 .xlsx 和 .csv（UTF-8 或 GBK 编码），表头须与模板一致</p>
        </Upload.Dragger>
        {start.error && (
          <Alert
            type="error"
            showIcon
            role="alert"
            title={start.error instanceof ApiError ? start.error.message : '上传失败，请稍后重试'}
            style={{ marginTop: 16 }}
          />
        )}
        {duplicate && <Alert type="info" showIcon title="该文件此前已上传，未重复导入" style={{ marginTop: 16 }} />}
        {current.error && <Alert type="error" showIcon title={current.error.message} style={{ marginTop: 16 }} />}
        {current.data && <UploadProgress upload={current.data} />}
      </Card>
      <Card>
        <div className="console-page-heading">
          <Typography.Title level={2} className="console-section-title">
            本单位上传记录
          </Typography.Title>
          <Checkbox
            checked={onlyErrors}
            onChange={(event) => {
              setPage(1);
              setSearchParams(event.target.checked ? { withErrors: 'true' } : {}, { replace: true });
            }}
          >
            仅看近 {TODO_UPLOAD_ERRORS_DAYS} 天有错误的上传
          </Checkbox>
        </div>
        {history.error && <Alert type="error" showIcon title={history.error.message} style={{ marginBottom: 16 }} />}
        <Table<UploadDto>
          rowKey="id"
          size="small"
          loading={history.isFetching && !history.data}
          dataSource={history.data?.items}
          scroll={{ x: 1100 }}
          locale={{ emptyText: '暂无上传记录' }}
          pagination={tablePagination({ page, pageSize: PAGE_SIZE, total: history.data?.total, onChange: setPage })}
          columns={[
            { title: '上传时间', dataIndex: 'createdAt', width: 170, render: formatDateTime },
            {
              title: '信息项',
              dataIndex: ['item', 'name'],
              width: 160,
              render: (name: string, upload) => (upload.kind === 'removals' ? `${name}（移出名单）` : name),
            },
            {
              title: '文件',
              dataIndex: 'fileName',
              render: (name: string, upload) => `${name}（${formatFileSize(upload.fileSize)}）`,
            },
            { title: '上传人', dataIndex: 'uploadedBy', width: 110 },
            {
              title: '状态',
              dataIndex: 'status',
              width: 110,
              render: (value: UploadStatus, upload) => (
                <Tag color={STATUS_COLORS[value]}>
                  {UPLOAD_STATUS_LABELS[value]}
                  {value === 'running' ? ` ${upload.progress}%` : ''}
                </Tag>
              ),
            },
            { title: '成功', dataIndex: 'accepted', width: 80, render: formatCount },
            {
              title: '失败',
              dataIndex: 'rejected',
              width: 80,
              render: (rejected: number) =>
                rejected > 0 ? <Typography.Text type="danger">{formatCount(rejected)}</Typography.Text> : rejected,
            },
            {
              title: '错误报告 / 失败原因',
              key: 'report',
              width: 260,
              render: (_, upload) =>
                upload.status === 'failed' ? (
                  <Typography.Text type="danger">{upload.errorMessage ?? '文件无法导入'}</Typography.Text>
                ) : upload.hasErrorReport ? (
                  <ErrorReportLinks uploadId={upload.id} />
                ) : (
                  '—'
                ),
            },
          ]}
        />
      </Card>
    </>
  );
}
