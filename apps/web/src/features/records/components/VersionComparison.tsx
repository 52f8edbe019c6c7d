import type { CatalogueItemDto, RecordDto } from '@gzcredit/contracts';
import { Table, Tag } from 'antd';
import { type ComparisonRow, compareVersions } from './record-display';

const shown = (value: string) => (value === '' ? '—' : value);

/** A correction's before and after side by side, the changed rows highlighted and marked 已更正. */
export function VersionComparison({
  before,
  after,
  fields,
}: {
  before: RecordDto;
  after: RecordDto;
  fields: CatalogueItemDto['fields'] | undefined;
}) {
  const rows = compareVersions(before, after, fields);
  const changed = rows.filter((row) => row.changed).length;
  return (
    <Table<ComparisonRow>
      className="record-comparison"
      size="small"
      rowKey="key"
      pagination={false}
      dataSource={rows}
      caption={`第 ${before.version} 版 → 第 ${after.version} 版：${changed} 项更正`}
      rowClassName={(row) => (row.changed ? 'record-diff-changed' : '')}
      columns={[
        {
          title: '数据项',
          dataIndex: 'label',
          width: 180,
          render: (label: string, row) => (
            <>
              {label}
              {row.changed && (
                <Tag color="orange" className="record-diff-tag">
                  已更正
                </Tag>
              )}
            </>
          ),
        },
        {
          title: `更正前（第 ${before.version} 版）`,
          dataIndex: 'before',
          render: (value: string, row) => (row.changed ? <del>{shown(value)}</del> : shown(value)),
        },
        {
          title: `更正后（第 ${after.version} 版）`,
          dataIndex: 'after',
          render: (value: string, row) => (row.changed ? <ins>{shown(value)}</ins> : shown(value)),
        },
      ]}
    />
  );
}
