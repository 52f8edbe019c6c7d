import {
  AGENCY_KIND_LABELS,
  type CatalogueField,
  FIELD_TYPE_LABELS,
  RECORD_CATEGORY_LABELS,
  type RecordCategory,
  USE_SCOPE_LABELS,
} from '@gzcredit/domain';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { TemplateLinks } from '../../../components/TemplateLinks';
import type { CatalogueItemDto } from '../api/catalogue-queries';
import { deadlineText, ITEM_ROLE_LABELS, publicityText } from './catalogue-labels';

const CATEGORY_COLORS: Record<RecordCategory, string> = { basic: 'blue', good: 'green', bad: 'red' };

/** What else an operator set on a data item: dictionary values, length, format, notes. */
function fieldRemarks(field: CatalogueField, item: CatalogueItemDto): string[] {
  const remarks: string[] = [];
  if (field.key === item.aroseField) remarks.push('信息产生日期（报送期限由此起算）');
  if (field.values?.length) remarks.push(`可选值：${field.values.join('、')}`);
  if (field.maxLength) remarks.push(`不超过 ${field.maxLength} 个字符`);
  if (field.patternHint) remarks.push(field.patternHint);
  if (field.allowFuture) remarks.push('可为将来日期');
  if (field.note) remarks.push(field.note);
  return remarks;
}

function FieldList({ item }: { item: CatalogueItemDto }) {
  return (
    <Table<CatalogueField>
      rowKey="key"
      size="small"
      pagination={false}
      aria-label={`“${item.name}”的数据项`}
      dataSource={item.fields}
      columns={[
        { title: '数据项', dataIndex: 'label', width: 220 },
        {
          title: '标识',
          dataIndex: 'key',
          width: 180,
          render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
        },
        {
          title: '类型',
          dataIndex: 'type',
          width: 140,
          render: (type: CatalogueField['type']) => FIELD_TYPE_LABELS[type],
        },
        {
          title: '必填',
          dataIndex: 'required',
          width: 70,
          render: (required: boolean) => (required ? <Typography.Text strong>是</Typography.Text> : '否'),
        },
        {
          title: '说明',
          key: 'remarks',
          render: (_, field) => fieldRemarks(field, item).join('；') || '—',
        },
      ]}
    />
  );
}

interface CatalogueItemsTableProps {
  items: readonly CatalogueItemDto[] | undefined;
  loading?: boolean;
  /** Offer the upload templates (to accounts that may transmit records). */
  templates?: boolean;
  /** Offer 编辑 on each item (a draft edition, for the operator). */
  onEdit?: (item: CatalogueItemDto) => void;
}

/** The catalogue's items with their category, providers, level and publicity rules; each expands to its data items. */
export function CatalogueItemsTable({ items, loading, templates, onEdit }: CatalogueItemsTableProps) {
  return (
    <Table<CatalogueItemDto>
      rowKey="id"
      size="small"
      loading={loading}
      dataSource={items ? [...items] : undefined}
      pagination={false}
      scroll={{ x: 1320 }}
      locale={{ emptyText: '没有信息项' }}
      expandable={{ expandedRowRender: (item) => <FieldList item={item} /> }}
      columns={[
        {
          title: '信息项',
          dataIndex: 'name',
          render: (name: string, item) => (
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{name}</Typography.Text>
              <Typography.Text type="secondary" code>
                {item.code}
              </Typography.Text>
            </Space>
          ),
        },
        {
          title: '类别',
          dataIndex: 'category',
          width: 80,
          render: (category: RecordCategory) => (
            <Tag color={CATEGORY_COLORS[category]}>{RECORD_CATEGORY_LABELS[category]}</Tag>
          ),
        },
        {
          title: '提供单位',
          dataIndex: 'providerKinds',
          width: 220,
          render: (kinds: CatalogueItemDto['providerKinds']) => (
            <Space size={[0, 4]} wrap>
              {kinds.map((kind) => (
                <Tag key={kind}>{AGENCY_KIND_LABELS[kind]}</Tag>
              ))}
            </Space>
          ),
        },
        {
          title: '失信等级',
          dataIndex: 'requiresLevel',
          width: 90,
          render: (requires: boolean) => (requires ? <Tag color="red">须标注</Tag> : '—'),
        },
        {
          title: '默认使用范围',
          dataIndex: 'defaultUseScope',
          width: 110,
          render: (scope: CatalogueItemDto['defaultUseScope']) => USE_SCOPE_LABELS[scope],
        },
        { title: '报送期限', key: 'deadline', width: 220, render: (_, item) => deadlineText(item) },
        { title: '公示期限', key: 'publicity', width: 260, render: (_, item) => publicityText(item) },
        {
          title: '用途',
          dataIndex: 'role',
          width: 120,
          render: (role: CatalogueItemDto['role']) => ITEM_ROLE_LABELS[role],
        },
        ...(templates
          ? [
              {
                title: '模板',
                key: 'templates',
                width: 200,
                render: (_: unknown, item: CatalogueItemDto) => <TemplateLinks itemId={item.id} itemName={item.name} />,
              },
            ]
          : []),
        ...(onEdit
          ? [
              {
                title: '操作',
                key: 'edit',
                width: 80,
                render: (_: unknown, item: CatalogueItemDto) => (
                  <Button size="small" onClick={() => onEdit(item)} aria-label={`编辑“${item.name}”`}>
                    编辑
                  </Button>
                ),
              },
            ]
          : []),
      ]}
    />
  );
}
