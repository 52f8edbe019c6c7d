import { DownloadOutlined } from '@ant-design/icons';
import { Space } from 'antd';
import { catalogueTemplateUrl } from '../lib/catalogue';

/** Download links of an item's blank upload template, Excel and CSV (`removals`: a listing item's 移出模板). */
export function TemplateLinks({ itemId, itemName, kind }: { itemId: number; itemName: string; kind?: 'removals' }) {
  const what = kind ? '移出模板' : '模板';
  return (
    <Space size="middle" wrap>
      <a href={catalogueTemplateUrl(itemId, 'xlsx', kind)} download aria-label={`下载“${itemName}”Excel ${what}`}>
        <DownloadOutlined /> Excel {what}
      </a>
      <a href={catalogueTemplateUrl(itemId, 'csv', kind)} download aria-label={`下载“${itemName}”CSV ${what}`}>
        <DownloadOutlined /> CSV {what}
      </a>
    </Space>
  );
}
