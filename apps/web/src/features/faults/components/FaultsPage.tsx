import type { FileDto } from '@gzcredit/contracts';
import { chinaDateTime } from '@gzcredit/domain';
import { Alert, App, Button, Card, Col, Drawer, Form, Input, Row, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { FileUploadField } from '../../../components/FileUploadField';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type FaultSeverity,
  type FaultStatus,
  type FaultSummaryDto,
  useCommentMyFault,
  useMyFault,
  useMyFaults,
  useReportFault,
} from '../api/fault-queries';
import { CommentForm, FaultDetail } from './FaultDetail';
import { FAULT_PROGRESS_COLUMNS, faultHeadColumns } from './fault-columns';
import { FAULT_SEVERITY_LABELS, FAULT_STATUS_LABELS } from './fault-labels';

interface ReportValues {
  title: string;
  description: string;
  location: string;
  /** 'YYYY-MM-DDTHH:mm' from the browser's time picker, in Beijing time. */
  occurredAt: string;
  severity: FaultSeverity;
  screenshots: FileDto[];
}

/** '2026-01-05T09:30' (Beijing time, as the picker gives it) → '2026-01-05T09:30:00+08:00'. */
export function beijingInstant(local: string): string {
  return `${local.length === 16 ? `${local}:00` : local}+08:00`;
}

function nowInBeijing(): string {
  return chinaDateTime(new Date()).replace(' ', 'T');
}

/** /console/faults — any signed-in user reports a fault and follows its handling (故障报告, Art. 26). */
export function FaultsPage() {
  useDocumentTitle('故障报告');
  const { message } = App.useApp();
  const [form] = Form.useForm<ReportValues>();
  const [status, setStatus] = useState<FaultStatus>();
  const faults = useMyFaults(status);
  const report = useReportFault();
  const [openId, setOpenId] = useState<number>();
  const detail = useMyFault(openId);
  const comment = useCommentMyFault();

  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Typography.Title level={1} className="console-page-title">
          故障报告
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          平台使用中遇到故障，请说明现象、位置和发生时间，可附截图。省市场监管局运维人员受理后，您可在下方查看处理进度。
        </Typography.Paragraph>
        {report.error && <Alert type="error" showIcon title={report.error.message} style={{ marginBottom: 16 }} />}
        <Form<ReportValues>
          form={form}
          layout="vertical"
          initialValues={{ severity: 'medium', occurredAt: nowInBeijing(), screenshots: [] }}
          onFinish={(values) =>
            report.mutate(
              {
                title: values.title.trim(),
                description: values.description.trim(),
                location: values.location.trim(),
                occurredAt: beijingInstant(values.occurredAt),
                severity: values.severity,
                screenshotIds: (values.screenshots ?? []).map((file) => file.id),
              },
              {
                onSuccess: (fault) => {
                  form.resetFields();
                  void message.success(`已报告故障（编号 ${fault.id}），请留意处理进度`);
                },
                onError: (error) => applyFieldErrors(form, error),
              },
            )
          }
        >
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item
                label="故障标题"
                name="title"
                rules={[{ required: true, whitespace: true, min: 2, message: '请简要说明故障' }]}
              >
                <Input maxLength={100} placeholder="如：上传文件后一直显示处理中" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="严重程度" name="severity" rules={[{ required: true }]}>
                <Select options={Object.entries(FAULT_SEVERITY_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item label="发生时间" name="occurredAt" rules={[{ required: true, message: '请选择发生时间' }]}>
                <Input type="datetime-local" max={nowInBeijing()} />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                label="故障位置"
                name="location"
                rules={[{ required: true, whitespace: true, min: 2, message: '请说明故障发生的页面或功能' }]}
              >
                <Input maxLength={200} placeholder="如：管理控制台 → 信息发布 → 新建信息" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                label="故障描述"
                name="description"
                rules={[{ required: true, whitespace: true, min: 5, message: '请描述故障现象' }]}
              >
                <Input.TextArea rows={4} maxLength={5000} showCount placeholder="操作步骤、看到的提示、预期的结果" />
              </Form.Item>
            </Col>
            <Col xs={24}>
              <Form.Item
                label="截图"
                name="screenshots"
                extra="PNG、JPEG、GIF 或 WebP 图片，每张不超过 5 MB，最多 10 张"
              >
                <FileUploadField purpose="screenshot" buttonText="上传截图" accept="image/*" maxCount={10} />
              </Form.Item>
            </Col>
          </Row>
          <Button type="primary" htmlType="submit" loading={report.isPending}>
            提交故障报告
          </Button>
        </Form>
      </Card>
      <Card>
        <div className="console-page-heading">
          <Typography.Title level={2} className="console-section-title">
            本单位的故障报告
          </Typography.Title>
          <Select<FaultStatus>
            aria-label="按状态筛选"
            allowClear
            placeholder="全部状态"
            style={{ minWidth: 140 }}
            value={status}
            onChange={setStatus}
            options={Object.entries(FAULT_STATUS_LABELS).map(([value, label]) => ({ value, label }))}
          />
        </div>
        {faults.error && <Alert type="error" showIcon title={faults.error.message} />}
        <Table<FaultSummaryDto>
          rowKey="id"
          loading={faults.isFetching}
          dataSource={faults.data?.items}
          pagination={{ pageSize: 20, showSizeChanger: false, hideOnSinglePage: true }}
          scroll={{ x: 800 }}
          locale={{ emptyText: '暂无故障报告' }}
          columns={[
            ...faultHeadColumns(setOpenId),
            ...FAULT_PROGRESS_COLUMNS,
            { title: '报告时间', dataIndex: 'createdAt', width: 180, render: formatDateTime },
          ]}
        />
      </Card>
      <Drawer
        open={openId !== undefined}
        onClose={() => setOpenId(undefined)}
        title={detail.data ? `故障 ${detail.data.id}：${detail.data.title}` : '故障详情'}
        size={640}
        loading={detail.isPending}
      >
        {detail.error && <Alert type="error" showIcon title={detail.error.message} />}
        {detail.data && (
          <>
            <FaultDetail fault={detail.data} />
            {detail.data.status !== 'closed' && (
              <CommentForm
                pending={comment.isPending}
                error={comment.error}
                onSubmit={(body) => comment.mutateAsync({ id: detail.data.id, body })}
              />
            )}
          </>
        )}
      </Drawer>
    </>
  );
}
