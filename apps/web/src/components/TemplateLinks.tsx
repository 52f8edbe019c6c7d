import { DownloadOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { catalogueTemplateUrl } from '../lib/catalogue';

/** Download links of an item's blank upload template, Excel and CSV. */
export function TemplateLinks({ itemId, itemName }: { itemId: number; itemName: string }) {
  return (
    <Space size="middle" wrap>
      <a href={catalogueTemplateUrl(itemId, 'xlsx')} download aria-label={`下载“${itemName}”Excel 模板`}>
        <DownloadOutlined /> Excel 模板
      </a>
      <a href={catalogueTemplateUrl(itemId, 'csv')} download aria-label={`下载“${itemName}”CSV 模板`}>
        <DownloadOutlined /> CSV 模板
      </a>
    </Space>
  );
}
