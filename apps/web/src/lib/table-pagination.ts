import type { TablePaginationConfig } from 'antd';
import { formatCount } from './format';

export interface TablePage {
  page: number;
  pageSize: number;
  /** Undefined while the first page loads. */
  total: number | undefined;
  onChange: (page: number) => void;
  /** What is counted in 共 N …; 条 unless said. */
  unit?: string;
}

/** The pager of a console table the server pages: fixed page size, the total as '共 12,345 条'. */
export function tablePagination({ page, pageSize, total, onChange, unit = '条' }: TablePage): TablePaginationConfig {
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: false,
    showTotal: (count) => `共 ${formatCount(count)} ${unit}`,
    onChange: (next) => onChange(next),
  };
}
