import { type CatalogueItemDto, RECORD_DATE_LABELS, type RecordDto } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, DISHONESTY_LEVELS } from '@gzcredit/domain';
import { Button, Form, Input, Select, Space, type TableColumnType } from 'antd';
import { formatDateTime } from '../lib/format';
import { CatalogueItemSelect } from './CatalogueItemSelect';

/**
 * The filters and columns a query of records has wherever it is (本单位信息, 共享查询): inline Form.Items named
 * itemId, level, from and to, the 查询/重置 buttons, and the columns of the item, the code and the time received.
 */
export function ItemFilterField({ items, loading }: { items: CatalogueItemDto[] | undefined; loading: boolean }) {
  return (
    <Form.Item label="信息项" name="itemId">
      <CatalogueItemSelect items={items} loading={loading} allowClear placeholder="全部信息项" style={{ width: 200 }} />
    </Form.Item>
  );
}

export function LevelFilterField() {
  return (
    <Form.Item label="失信等级" name="level">
      <Select
        allowClear
        placeholder="全部"
        style={{ width: 120 }}
        options={DISHONESTY_LEVELS.map((level) => ({ value: level, label: DISHONESTY_LEVEL_LABELS[level] }))}
      />
    </Form.Item>
  );
}

/** `from` and `to` of one date (接收日期, 信息产生日期), each named “{label}起” / “{label}止” for screen readers. */
export function DateRangeFields({ label }: { label: string }) {
  return (
    <>
      <Form.Item label={label} name="from">
        <Input type="date" aria-label={`${label}起`} style={{ width: 150 }} />
      </Form.Item>
      <Form.Item label="至" name="to">
        <Input type="date" aria-label={`${label}止`} style={{ width: 150 }} />
      </Form.Item>
    </>
  );
}

export function FilterButtons() {
  return (
    <Form.Item>
      <Space>
        <Button type="primary" htmlType="submit">
          查询
        </Button>
        <Button htmlType="reset">重置</Button>
      </Space>
    </Form.Item>
  );
}

export const RECORD_ITEM_COLUMN: TableColumnType<RecordDto> = {
  title: '信息项',
  dataIndex: ['item', 'name'],
  width: 150,
};
export const RECORD_CREDIT_CODE_COLUMN: TableColumnType<RecordDto> = {
  title: '统一社会信用代码',
  dataIndex: 'creditCode',
  width: 190,
};
export const RECORD_RECEIVED_COLUMN: TableColumnType<RecordDto> = {
  title: RECORD_DATE_LABELS.receivedAt,
  dataIndex: 'receivedAt',
  width: 170,
  render: formatDateTime,
};
