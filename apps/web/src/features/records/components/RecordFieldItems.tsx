import type { CatalogueItemDto } from '@gzcredit/contracts';
import {
  type AgencyKind,
  type CatalogueField,
  chinaToday,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  RECORD_COMMON_FIELDS,
  USE_SCOPE_LABELS,
  USE_SCOPES,
} from '@gzcredit/domain';
import { Col, Form, type FormRule, Input, Row, Select } from 'antd';
import { useId } from 'react';
import { creditCodeError, fieldError, needsGround } from './record-form';

const PLACEHOLDERS: Partial<Record<CatalogueField['type'], string>> = {
  credit_code: '18 位统一社会信用代码',
  id_card: '18 位居民身份证号码',
  mobile: '11 位手机号码',
  industry: 'GB/T 4754-2017 行业代码，如 C1511',
  amount: '不小于 0 的数字',
  integer: '非负整数',
};

function defaultMaxLength(field: CatalogueField): number {
  return field.maxLength ?? (field.type === 'long_text' ? 2000 : 200);
}

interface ControlProps {
  field: CatalogueField;
  today: string;
  /** Injected by Form.Item. */
  id?: string;
  value?: string;
  onChange?: (value: unknown) => void;
  onBlur?: () => void;
}

/** The control of one data item, chosen by its type in the catalogue's field schema. */
function FieldControl({ field, today, ...control }: ControlProps) {
  switch (field.type) {
    case 'long_text':
      return <Input.TextArea {...control} rows={3} maxLength={defaultMaxLength(field)} showCount />;
    case 'date':
      // A native date picker: the value is YYYY-MM-DD, and only 有效期 dates may lie after today.
      return <Input {...control} type="date" max={field.allowFuture ? undefined : today} />;
    case 'amount':
      return <Input {...control} inputMode="decimal" placeholder={PLACEHOLDERS.amount} maxLength={24} />;
    case 'integer':
      return <Input {...control} inputMode="numeric" placeholder={PLACEHOLDERS.integer} maxLength={9} />;
    case 'enum':
      return (
        <Select
          {...control}
          allowClear={!field.required}
          placeholder="请选择"
          options={(field.values ?? []).map((value) => ({ value, label: value }))}
        />
      );
    case 'credit_code':
    case 'id_card':
    case 'mobile':
    case 'industry':
      return <Input {...control} placeholder={PLACEHOLDERS[field.type]} maxLength={40} autoComplete="off" />;
    default:
      return <Input {...control} maxLength={defaultMaxLength(field)} />;
  }
}

function fieldHint(field: CatalogueField): string | undefined {
  const hints = [field.note, field.patternHint].filter(Boolean);
  return hints.length > 0 ? hints.join('；') : undefined;
}

interface RecordFieldItemsProps {
  item: CatalogueItemDto;
  providerKind: AgencyKind;
  /** A correction: the credit code is the record's own and cannot change. */
  fixedCreditCode?: string;
  /** Keys of personal data items shown masked, accepted unchanged (a correction keeps their stored value). */
  maskedValues?: Record<string, string>;
}

/**
 * The form items generated from a catalogue item's field schema (Rules Art. 11, 13): the common columns
 * (统一社会信用代码, 主体名称, 失信等级 for 不良 items, 使用范围) and one control per data item, each checked on the spot by
 * the same `validateRecord` the server runs.
 */
export function RecordFieldItems({ item, providerKind, fixedCreditCode, maskedValues = {} }: RecordFieldItemsProps) {
  const today = chinaToday();
  const fixedCreditCodeId = useId();
  const fieldRules = (field: CatalogueField): FormRule[] => [
    { required: field.required, whitespace: field.type !== 'enum', message: `请填写${field.label}` },
    {
      validator: async (_, value: string | undefined) => {
        if (value === undefined || value === null || String(value).trim() === '') return;
        if (maskedValues[field.key] !== undefined && value === maskedValues[field.key]) return;
        const message = fieldError(item, field, String(value), providerKind);
        if (message) throw new Error(message);
      },
    },
  ];

  return (
    <Row gutter={16}>
      <Col xs={24} md={12}>
        {fixedCreditCode ? (
          <Form.Item label={RECORD_COMMON_FIELDS.creditCode} htmlFor={fixedCreditCodeId}>
            <Input id={fixedCreditCodeId} value={fixedCreditCode} disabled />
          </Form.Item>
        ) : (
          <Form.Item
            label={RECORD_COMMON_FIELDS.creditCode}
            name="creditCode"
            validateTrigger="onBlur"
            rules={[
              { required: true, whitespace: true, message: '请填写统一社会信用代码' },
              {
                validator: async (_, value: string | undefined) => {
                  if (!value?.trim()) return;
                  const message = creditCodeError(value, item, providerKind);
                  if (message) throw new Error(message);
                },
              },
            ]}
          >
            <Input maxLength={18} placeholder="18 位统一社会信用代码" autoComplete="off" />
          </Form.Item>
        )}
      </Col>
      <Col xs={24} md={12}>
        <Form.Item
          label={RECORD_COMMON_FIELDS.entityName}
          name="entityName"
          rules={[
            { required: true, whitespace: true, message: '请填写主体名称' },
            { min: 2, max: 200, message: '主体名称应为 2–200 个字符' },
          ]}
        >
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      {item.requiresLevel && (
        <Col xs={24} md={12}>
          <Form.Item
            label={RECORD_COMMON_FIELDS.dishonestyLevel}
            name="dishonestyLevel"
            rules={[{ required: true, message: '不良信息必须标注失信等级' }]}
          >
            <Select
              placeholder="请选择失信等级"
              options={DISHONESTY_LEVELS.map((level) => ({ value: level, label: DISHONESTY_LEVEL_LABELS[level] }))}
            />
          </Form.Item>
        </Col>
      )}
      <Col xs={24} md={12}>
        <Form.Item
          label={RECORD_COMMON_FIELDS.useScope}
          name="useScope"
          extra={`目录默认：${USE_SCOPE_LABELS[item.defaultUseScope]}`}
          rules={[{ required: true, message: '请选择使用范围' }]}
        >
          <Select options={USE_SCOPES.map((scope) => ({ value: scope, label: USE_SCOPE_LABELS[scope] }))} />
        </Form.Item>
      </Col>
      {item.mandatoryPublicity && (
        <Form.Item noStyle shouldUpdate={(before, after) => before.useScope !== after.useScope}>
          {({ getFieldValue }) =>
            needsGround(item, getFieldValue('useScope')) && (
              <Col xs={24}>
                <Form.Item
                  label={RECORD_COMMON_FIELDS.withholdingGround}
                  name="withholdingGround"
                  extra="本信息项依法应当公示：不公示须写明法定依据，由省市场监督管理局审核，依据不成立的将被纠正为公示"
                  rules={[{ required: true, whitespace: true, message: '请填写不公示的法定依据' }]}
                >
                  <Input
                    maxLength={200}
                    placeholder="国家秘密、商业秘密、个人隐私，或法律法规名称及条款，如《中华人民共和国保守国家秘密法》第十三条"
                  />
                </Form.Item>
              </Col>
            )
          }
        </Form.Item>
      )}
      {item.fields.map((field) => (
        <Col key={field.key} xs={24} md={field.type === 'long_text' ? 24 : 12}>
          <Form.Item
            label={field.label}
            name={['fields', field.key]}
            rules={fieldRules(field)}
            validateTrigger={field.type === 'enum' || field.type === 'date' ? 'onChange' : 'onBlur'}
            extra={fieldHint(field)}
          >
            <FieldControl field={field} today={today} />
          </Form.Item>
        </Col>
      ))}
    </Row>
  );
}
