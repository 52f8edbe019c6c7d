import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  type AgencyKind,
  type CatalogueField,
  catalogueItemProblems,
  DEADLINE_UNITS,
  DEFAULT_DEADLINE,
  DEFAULT_LEVEL_WINDOWS,
  type DeadlineUnit,
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  type DishonestyLevel,
  FIELD_TYPE_LABELS,
  FIELD_TYPES,
  ITEM_ROLES,
  type ItemRole,
  type PublicityRule,
  type PublicityWindow,
  RECORD_CATEGORIES,
  RECORD_CATEGORY_LABELS,
  type RecordCategory,
  USE_SCOPE_LABELS,
  USE_SCOPES,
  type UseScope,
} from '@gzcredit/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { type CatalogueItemBody, type CatalogueItemDto, useSaveItem } from '../api/catalogue-queries';
import { ITEM_ROLE_LABELS, PUBLICITY_KIND_LABELS } from './catalogue-labels';

interface FieldValues {
  key?: string;
  label?: string;
  type?: CatalogueField['type'];
  required?: boolean;
  maxLength?: number | null;
  pattern?: string;
  patternHint?: string;
  values?: string[];
  note?: string;
  allowFuture?: boolean;
}

export interface ItemFormValues {
  code?: string;
  name?: string;
  category?: RecordCategory;
  providerKinds?: AgencyKind[];
  role?: ItemRole;
  /** 依法公示 (Art. 15): withheld only on a recorded legal ground. */
  mandatoryPublicity?: boolean;
  defaultUseScope?: UseScope;
  aroseField?: string;
  publicityKind?: PublicityRule['kind'];
  windows?: Record<DishonestyLevel, PublicityWindow>;
  validityMonths?: number;
  validUntilField?: string;
  /** Art. 12: the 20 working days, or the period the item's own law sets (法律、法规另有规定的). */
  deadlineKind?: 'default' | 'special';
  deadlineDays?: number;
  deadlineUnit?: DeadlineUnit;
  deadlineLegalBasis?: string;
  fields?: FieldValues[];
}

const text = (value: string | undefined) => value?.trim() || undefined;

/** The form's values as the item definition the API takes; 不良 items always require a level (Art. 13). */
export function toItemBody(values: ItemFormValues): CatalogueItemBody {
  const fields: CatalogueField[] = (values.fields ?? []).map((field) => {
    const type = field.type ?? 'text';
    const textual = type === 'text' || type === 'long_text';
    return {
      key: field.key?.trim() ?? '',
      label: field.label?.trim() ?? '',
      type,
      required: field.required ?? false,
      ...(textual && field.maxLength ? { maxLength: field.maxLength } : {}),
      ...(textual && text(field.pattern) ? { pattern: text(field.pattern) } : {}),
      ...(textual && text(field.patternHint) ? { patternHint: text(field.patternHint) } : {}),
      ...(type === 'enum' ? { values: (field.values ?? []).map((value) => value.trim()).filter(Boolean) } : {}),
      ...(text(field.note) ? { note: text(field.note) } : {}),
      ...(type === 'date' && field.allowFuture ? { allowFuture: true } : {}),
    };
  });
  const kind = values.publicityKind ?? 'while_exists';
  const publicity: PublicityRule =
    kind === 'by_level'
      ? { kind, windows: values.windows ?? DEFAULT_LEVEL_WINDOWS }
      : kind === 'validity'
        ? {
            kind,
            months: values.validityMonths ?? 36,
            ...(values.validUntilField ? { validUntilField: values.validUntilField } : {}),
          }
        : { kind };
  const category = values.category ?? 'basic';
  return {
    code: values.code?.trim() ?? '',
    name: values.name?.trim() ?? '',
    category,
    providerKinds: values.providerKinds ?? [],
    fields,
    aroseField: values.aroseField ?? '',
    defaultUseScope: values.defaultUseScope ?? 'public',
    publicity,
    requiresLevel: category === 'bad',
    role: values.role ?? 'record',
    mandatoryPublicity: values.mandatoryPublicity ?? false,
    ...(values.deadlineKind === 'special'
      ? {
          deadline: {
            days: values.deadlineDays ?? DEFAULT_DEADLINE.days,
            unit: values.deadlineUnit ?? 'working',
            legalBasis: values.deadlineLegalBasis?.trim() ?? '',
          },
        }
      : {}),
  };
}

export function toItemValues(item: CatalogueItemBody): ItemFormValues {
  const publicity = item.publicity;
  return {
    code: item.code,
    name: item.name,
    category: item.category,
    providerKinds: item.providerKinds,
    role: item.role,
    mandatoryPublicity: item.mandatoryPublicity,
    defaultUseScope: item.defaultUseScope,
    aroseField: item.aroseField,
    publicityKind: publicity.kind,
    windows: publicity.kind === 'by_level' ? publicity.windows : DEFAULT_LEVEL_WINDOWS,
    validityMonths: publicity.kind === 'validity' ? publicity.months : 36,
    validUntilField: publicity.kind === 'validity' ? publicity.validUntilField : undefined,
    deadlineKind: item.deadline ? 'special' : 'default',
    deadlineDays: item.deadline?.days ?? DEFAULT_DEADLINE.days,
    deadlineUnit: item.deadline?.unit ?? 'working',
    deadlineLegalBasis: item.deadline?.legalBasis,
    fields: item.fields.map((field) => ({ ...field })),
  };
}

const NEW_ITEM: ItemFormValues = {
  category: 'bad',
  providerKinds: [],
  role: 'record',
  defaultUseScope: 'public',
  publicityKind: 'by_level',
  windows: DEFAULT_LEVEL_WINDOWS,
  validityMonths: 36,
  deadlineKind: 'default',
  deadlineDays: DEFAULT_DEADLINE.days,
  deadlineUnit: 'working',
  fields: [{ key: 'decisionDate', label: '决定日期', type: 'date', required: true }],
  aroseField: 'decisionDate',
};

function dateFieldOptions(fields: FieldValues[] | undefined) {
  return (fields ?? [])
    .filter((field) => field.type === 'date' && field.key)
    .map((field) => ({ value: field.key!, label: field.label?.trim() || field.key! }));
}

/** One data item of the field list: key, label, type and what its type allows. */
function FieldEditor({
  name,
  index,
  count,
  onRemove,
  onMove,
}: {
  name: number;
  index: number;
  count: number;
  onRemove: () => void;
  onMove: (to: number) => void;
}) {
  return (
    <Card
      size="small"
      className="catalogue-field-editor"
      title={`数据项 ${index + 1}`}
      extra={
        <Space size={4}>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            aria-label={`上移数据项 ${index + 1}`}
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
          />
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            aria-label={`下移数据项 ${index + 1}`}
            disabled={index === count - 1}
            onClick={() => onMove(index + 1)}
          />
          <Button
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label={`删除数据项 ${index + 1}`}
            disabled={count === 1}
            onClick={onRemove}
          />
        </Space>
      }
    >
      <Row gutter={12}>
        <Col xs={24} md={8}>
          <Form.Item
            label="名称"
            name={[name, 'label']}
            rules={[
              { required: true, whitespace: true, message: '请填写数据项名称' },
              { min: 2, max: 60, message: '名称应为 2–60 个字' },
            ]}
          >
            <Input maxLength={60} placeholder="如：处罚决定日期" />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <Form.Item
            label="标识"
            name={[name, 'key']}
            rules={[
              { required: true, message: '请填写标识' },
              { pattern: /^[a-z][A-Za-z0-9]{0,47}$/, message: '小写字母开头的英文字母和数字，如 decisionDate' },
            ]}
          >
            <Input maxLength={48} placeholder="如：decisionDate" />
          </Form.Item>
        </Col>
        <Col xs={12} md={5}>
          <Form.Item label="类型" name={[name, 'type']} rules={[{ required: true, message: '请选择类型' }]}>
            <Select options={FIELD_TYPES.map((type) => ({ value: type, label: FIELD_TYPE_LABELS[type] }))} />
          </Form.Item>
        </Col>
        <Col xs={12} md={3}>
          <Form.Item label="必填" name={[name, 'required']} valuePropName="checked">
            <Checkbox>必填</Checkbox>
          </Form.Item>
        </Col>
        <Form.Item noStyle shouldUpdate>
          {(form) => {
            const type = form.getFieldValue(['fields', name, 'type']) as CatalogueField['type'] | undefined;
            if (type === 'text' || type === 'long_text')
              return (
                <>
                  <Col xs={24} md={6}>
                    <Form.Item label="最大长度" name={[name, 'maxLength']}>
                      <InputNumber
                        min={1}
                        max={10_000}
                        style={{ width: '100%' }}
                        placeholder={type === 'long_text' ? '2000' : '200'}
                      />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Form.Item label="格式规则（正则表达式）" name={[name, 'pattern']}>
                      <Input maxLength={200} placeholder="可不填，如 \d{15}" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={9}>
                    <Form.Item label="格式说明" name={[name, 'patternHint']}>
                      <Input maxLength={200} placeholder="不符合格式时的提示" />
                    </Form.Item>
                  </Col>
                </>
              );
            if (type === 'enum')
              return (
                <Col xs={24}>
                  <Form.Item
                    label="可选值"
                    name={[name, 'values']}
                    rules={[{ required: true, message: '字典项须列出可选值' }]}
                    extra="输入后按回车添加"
                  >
                    <Select mode="tags" open={false} tokenSeparators={['、', ',', '，']} />
                  </Form.Item>
                </Col>
              );
            if (type === 'date')
              return (
                <Col xs={24}>
                  <Form.Item name={[name, 'allowFuture']} valuePropName="checked">
                    <Checkbox>可为将来日期（如有效期至）</Checkbox>
                  </Form.Item>
                </Col>
              );
            return null;
          }}
        </Form.Item>
        <Col xs={24}>
          <Form.Item label="填写说明" name={[name, 'note']}>
            <Input maxLength={200} placeholder="写入模板的填写说明行，如：单位：万元" />
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}

interface ItemEditorDrawerProps {
  editionId: number;
  /** The item being changed; a new item when undefined. */
  item?: CatalogueItemDto;
  onClose: () => void;
}

/** Adds or changes an item of a draft edition: its definition and its field list (Art. 11). */
export function ItemEditorDrawer({ editionId, item, onClose }: ItemEditorDrawerProps) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ItemFormValues>();
  const save = useSaveItem();
  const [problems, setProblems] = useState<string[]>([]);
  const [initialValues] = useState(() => (item ? toItemValues(item) : NEW_ITEM));
  // useWatch answers undefined until the form has mounted: until then the item's own values, so that no select shows a
  // data item's key (awardedOn) for want of its options.
  const fields = Form.useWatch('fields', form) ?? initialValues.fields;
  const publicityKind = Form.useWatch('publicityKind', form) ?? initialValues.publicityKind;
  const deadlineKind = Form.useWatch('deadlineKind', form) ?? initialValues.deadlineKind;
  const dateOptions = dateFieldOptions(fields);

  const submit = (values: ItemFormValues) => {
    const body = toItemBody(values);
    const found = catalogueItemProblems(body);
    setProblems(found);
    if (found.length > 0) return;
    save.mutate(
      { editionId, id: item?.id, body },
      {
        onSuccess: (saved) => {
          void message.success(item ? `已保存“${saved.name}”` : `已添加“${saved.name}”`);
          onClose();
        },
        onError: (error) => applyFieldErrors(form, error),
      },
    );
  };

  return (
    <Drawer
      open
      onClose={onClose}
      title={item ? `编辑信息项：${item.name}` : '添加信息项'}
      size={900}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={save.isPending} onClick={() => form.submit()}>
            保存
          </Button>
        </Space>
      }
    >
      {problems.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title="信息项定义有误"
          description={
            <ul className="catalogue-problems">
              {problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      {save.error && <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 16 }} />}
      <Form<ItemFormValues>
        form={form}
        layout="vertical"
        name="catalogue-item"
        initialValues={initialValues}
        onFinish={submit}
        scrollToFirstError
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label="信息项名称"
              name="name"
              rules={[
                { required: true, whitespace: true, message: '请填写信息项名称' },
                { min: 2, message: '名称至少 2 个字' },
              ]}
            >
              <Input maxLength={100} placeholder="如：行政处罚信息" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              label="信息项代码"
              name="code"
              extra="用于接口和模板，如 penalty"
              rules={[
                { required: true, message: '请填写信息项代码' },
                { pattern: /^[a-z][a-z0-9_]{1,47}$/, message: '2–48 位小写字母、数字或下划线，字母开头' },
              ]}
            >
              <Input maxLength={48} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              label="信息类别"
              name="category"
              rules={[{ required: true }]}
              extra="不良信息须标注失信等级，公示期限按失信等级设定"
            >
              <Select
                options={RECORD_CATEGORIES.map((category) => ({
                  value: category,
                  label: `${RECORD_CATEGORY_LABELS[category]}信息`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="用途" name="role" rules={[{ required: true }]}>
              <Select options={ITEM_ROLES.map((role) => ({ value: role, label: ITEM_ROLE_LABELS[role] }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="默认使用范围" name="defaultUseScope" rules={[{ required: true }]}>
              <Select options={USE_SCOPES.map((scope) => ({ value: scope, label: USE_SCOPE_LABELS[scope] }))} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="mandatoryPublicity"
              valuePropName="checked"
              extra="行政许可、行政处罚（双公示）、经营异常名录、严重违法失信名单等：不公示须填写法定依据，由省局审核"
            >
              <Checkbox>依法公示（法律、法规要求公示的信息项）</Checkbox>
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              label="提供单位"
              name="providerKinds"
              rules={[{ required: true, type: 'array', min: 1, message: '至少选择一类提供单位' }]}
            >
              <Checkbox.Group
                options={AGENCY_KINDS.map((kind) => ({ value: kind, label: AGENCY_KIND_LABELS[kind] }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label="公示期限" name="publicityKind" rules={[{ required: true }]}>
              <Select
                options={(Object.keys(PUBLICITY_KIND_LABELS) as PublicityRule['kind'][]).map((kind) => ({
                  value: kind,
                  label: PUBLICITY_KIND_LABELS[kind],
                }))}
              />
            </Form.Item>
          </Col>
          {publicityKind === 'by_level' &&
            DISHONESTY_LEVELS.map((level) => (
              <Col xs={24} md={16} key={level} offset={0}>
                <Space align="baseline" wrap>
                  <Typography.Text>{DISHONESTY_LEVEL_LABELS[level]}</Typography.Text>
                  <Form.Item name={['windows', level, 'minMonths']} rules={[{ required: true, message: '必填' }]}>
                    <InputNumber
                      min={0}
                      max={120}
                      suffix="个月起"
                      aria-label={`${DISHONESTY_LEVEL_LABELS[level]}最短公示期`}
                    />
                  </Form.Item>
                  <Form.Item name={['windows', level, 'maxMonths']} rules={[{ required: true, message: '必填' }]}>
                    <InputNumber
                      min={1}
                      max={120}
                      suffix="个月止"
                      aria-label={`${DISHONESTY_LEVEL_LABELS[level]}最长公示期`}
                    />
                  </Form.Item>
                </Space>
              </Col>
            ))}
          {publicityKind === 'validity' && (
            <>
              <Col xs={24} md={8}>
                <Form.Item label="有效期截止日期" name="validUntilField" extra="取该日期数据项；未填写时按月数计算">
                  <Select allowClear options={dateOptions} placeholder="不指定" />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item label="公示月数" name="validityMonths" rules={[{ required: true, message: '请填写月数' }]}>
                  <InputNumber min={1} max={120} suffix="个月" style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={24} md={12}>
            <Form.Item
              label="信息产生日期"
              name="aroseField"
              extra="报送期限从该日期起算；须为必填、不可为将来的日期数据项"
              rules={[{ required: true, message: '请选择信息产生日期对应的数据项' }]}
            >
              <Select options={dateOptions} placeholder="请选择日期数据项" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label="报送期限" name="deadlineKind" rules={[{ required: true }]}>
              <Select
                options={[
                  { value: 'default', label: `20 个工作日（${DEFAULT_DEADLINE.legalBasis}）` },
                  { value: 'special', label: '法律、法规另有规定的期限' },
                ]}
              />
            </Form.Item>
          </Col>
          {deadlineKind === 'special' && (
            <>
              <Col xs={12} md={6}>
                <Form.Item label="期限天数" name="deadlineDays" rules={[{ required: true, message: '请填写期限天数' }]}>
                  <InputNumber min={1} max={365} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col xs={12} md={6}>
                <Form.Item label="计算方式" name="deadlineUnit" rules={[{ required: true }]}>
                  <Select
                    options={DEADLINE_UNITS.map((unit) => ({
                      value: unit,
                      label: unit === 'working' ? '工作日' : '自然日（末日为休息日的顺延）',
                    }))}
                  />
                </Form.Item>
              </Col>
              <Col xs={24}>
                <Form.Item
                  label="法律依据"
                  name="deadlineLegalBasis"
                  extra="规定该期限的法律、法规及条款，随期限一并显示"
                  rules={[
                    { required: true, whitespace: true, message: '请注明规定该期限的法律、法规及条款' },
                    { min: 2, message: '请注明规定该期限的法律、法规及条款' },
                  ]}
                >
                  <Input maxLength={200} placeholder="如：《某某条例》第十五条" />
                </Form.Item>
              </Col>
            </>
          )}
        </Row>
        <Typography.Title level={2} className="console-section-title">
          数据项（除统一社会信用代码、主体名称、失信等级、使用范围等公共列外）
        </Typography.Title>
        <Form.List
          name="fields"
          rules={[
            {
              validator: async (_, value: FieldValues[] | undefined) => {
                if (!value || value.length === 0) throw new Error('至少需要一个数据项');
              },
            },
          ]}
        >
          {(list, { add, remove, move }, { errors }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {list.map((field, index) => (
                <FieldEditor
                  key={field.key}
                  name={field.name}
                  index={index}
                  count={list.length}
                  onRemove={() => remove(field.name)}
                  onMove={(to) => move(index, to)}
                />
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                disabled={list.length >= 60}
                onClick={() => add({ type: 'text', required: false })}
              >
                添加数据项
              </Button>
              <Form.ErrorList errors={errors} />
            </Space>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
