import { EXCHANGE_AUDIENCE_LABELS, EXCHANGE_AUDIENCES, type ExchangeGrantDto } from '@gzcredit/contracts';
import { AGENCY_KIND_LABELS, AGENCY_KINDS } from '@gzcredit/domain';
import { Button, Empty, Flex, Input, Select, Typography } from 'antd';

export interface AgencyChoice {
  id: number;
  name: string;
  regionCode: string;
}

interface GrantListProps {
  /** What the list is for, in its controls' names (e.g. “行政处罚信息内部共享”). */
  label: string;
  grants: ExchangeGrantDto[];
  onChange: (grants: ExchangeGrantDto[]) => void;
  agencies: readonly AgencyChoice[];
  /** The item's fields; absent: fields cannot be limited (a floor rule for every item). */
  fields?: ReadonlyArray<{ key: string; label: string }>;
  disabled?: boolean;
  /** One audience exactly (a floor rule): no adding or removing. */
  single?: boolean;
}

/** 交换对象: who (all, a kind of agency, named agencies, a region) and which fields (none chosen: every field). */
export function GrantList({ label, grants, onChange, agencies, fields, disabled, single }: GrantListProps) {
  const set = (index: number, change: Partial<ExchangeGrantDto>) =>
    onChange(grants.map((grant, at) => (at === index ? { ...grant, ...change } : grant)));
  return (
    <Flex vertical gap={8}>
      {grants.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有交换对象" />}
      {grants.map((grant, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the rows have no identity but their place in the list
        <Flex key={index} gap={8} wrap align="center">
          <Select
            value={grant.audience}
            disabled={disabled}
            style={{ width: 140 }}
            aria-label={`${label}第${index + 1}个对象的类型`}
            options={EXCHANGE_AUDIENCES.map((audience) => ({
              value: audience,
              label: EXCHANGE_AUDIENCE_LABELS[audience],
            }))}
            onChange={(audience) => set(index, { audience, value: null })}
          />
          {grant.audience === 'kind' && (
            <Select
              value={grant.value ?? undefined}
              disabled={disabled}
              placeholder="机关类别"
              style={{ width: 200 }}
              aria-label={`${label}第${index + 1}个对象的机关类别`}
              options={AGENCY_KINDS.map((kind) => ({ value: kind, label: AGENCY_KIND_LABELS[kind] }))}
              onChange={(value) => set(index, { value })}
            />
          )}
          {grant.audience === 'agency' && (
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              value={grant.value ?? undefined}
              disabled={disabled}
              placeholder="选择机关"
              style={{ width: 260 }}
              aria-label={`${label}第${index + 1}个对象的机关`}
              options={agencies.map((agency) => ({ value: String(agency.id), label: agency.name }))}
              onChange={(value) => set(index, { value })}
            />
          )}
          {grant.audience === 'region' && (
            <Input
              value={grant.value ?? ''}
              disabled={disabled}
              placeholder="行政区划代码前缀，如 5203"
              maxLength={6}
              style={{ width: 220 }}
              aria-label={`${label}第${index + 1}个对象的地区`}
              onChange={(event) => set(index, { value: event.target.value.trim() || null })}
            />
          )}
          {fields && (
            <Select
              mode="multiple"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={grant.fields ?? []}
              disabled={disabled}
              placeholder="全部数据项"
              style={{ minWidth: 260, flex: 1 }}
              aria-label={`${label}第${index + 1}个对象可见的数据项`}
              options={fields.map((field) => ({ value: field.key, label: field.label }))}
              onChange={(keys: string[]) => set(index, { fields: keys.length > 0 ? keys : null })}
            />
          )}
          {!single && (
            <Button
              disabled={disabled}
              onClick={() => onChange(grants.filter((_, at) => at !== index))}
              // The name begins with the visible text (WCAG 2.5.3; a two-character label would be spaced out as 删 除).
              aria-label={`删除对象：${label}第${index + 1}个`}
            >
              删除对象
            </Button>
          )}
        </Flex>
      ))}
      <Flex justify="space-between" align="center">
        <Typography.Text type="secondary">{fields ? '不选数据项即为全部数据项可见。' : ''}</Typography.Text>
        {!single && (
          <Button
            disabled={disabled}
            onClick={() => onChange([...grants, { audience: 'kind', value: null, fields: null }])}
            aria-label={`为${label}添加对象`}
          >
            添加对象
          </Button>
        )}
      </Flex>
    </Flex>
  );
}
