import { DownloadOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { errorReportUrl } from '../api/upload-queries';

/** The rejected rows with their 错误说明, as Excel or CSV. */
export function ErrorReportLinks({ uploadId }: { uploadId: number }) {
  return (
    <Space size="middle" wrap>
      <a href={errorReportUrl(uploadId, 'xlsx')} download>
        <DownloadOutlined /> 错误报告（Excel）
      </a>
      <a href={errorReportUrl(uploadId, 'csv')} download>
        <DownloadOutlined /> 错误报告（CSV）
      </a>
    </Space>
  );
}
