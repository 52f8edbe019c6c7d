import { UPLOAD_STATUS_LABELS } from '@gzcredit/contracts';
import { Alert, Progress, Space, Typography } from 'antd';
import { formatCount, formatFileSize } from '../../../lib/format';
import type { UploadDto } from '../api/upload-queries';
import { ErrorReportLinks } from './ErrorReportLinks';

/** What the job has read so far: '已读取 400 / 1000 行 · 成功 390 条 · 失败 10 条'. */
export function progressText(upload: Pick<UploadDto, 'rowsDone' | 'totalRows' | 'accepted' | 'rejected'>): string {
  const total = upload.totalRows === null ? '' : ` / ${formatCount(upload.totalRows)}`;
  return `已读取 ${formatCount(upload.rowsDone)}${total} 行 · 成功 ${formatCount(upload.accepted)} 条 · 失败 ${formatCount(upload.rejected)} 条`;
}

/** One upload's state: a progress bar while its job runs, then the result with the error report. */
export function UploadProgress({ upload }: { upload: UploadDto }) {
  const heading = (
    <Typography.Text strong>
      {upload.item.name} · {upload.fileName}（{formatFileSize(upload.fileSize)}）
    </Typography.Text>
  );

  if (upload.status === 'queued' || upload.status === 'running') {
    return (
      <section aria-label="导入进度" className="upload-progress">
        {heading}
        <Progress percent={upload.progress} status="active" aria-label="导入进度" />
        <Typography.Text type="secondary" role="status">
          {upload.status === 'queued' ? '排队等待处理…' : `${UPLOAD_STATUS_LABELS.running}：${progressText(upload)}`}
        </Typography.Text>
      </section>
    );
  }

  if (upload.status === 'failed') {
    return (
      <section aria-label="导入结果" className="upload-progress">
        {heading}
        <Alert
          type="error"
          showIcon
          role="alert"
          title="文件无法导入，未保存任何信息"
          description={upload.errorMessage ?? '请检查文件后重新上传'}
        />
      </section>
    );
  }

  return (
    <section aria-label="导入结果" className="upload-progress">
      {heading}
      <Progress percent={100} status={upload.rejected > 0 ? 'normal' : 'success'} aria-label="导入进度" />
      <Alert
        type={upload.rejected > 0 ? 'warning' : 'success'}
        showIcon
        role="status"
        title={`导入成功 ${formatCount(upload.accepted)} 条 / 失败 ${formatCount(upload.rejected)} 条`}
        description={
          upload.hasErrorReport ? (
            <Space wrap>
              <span>失败的行及原因见错误报告，修改后可只上传这些行：</span>
              <ErrorReportLinks uploadId={upload.id} />
            </Space>
          ) : undefined
        }
      />
    </section>
  );
}
