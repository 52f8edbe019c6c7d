import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { CALENDAR_DAY_KIND_LABELS, CALENDAR_DAY_KINDS, type CalendarDay } from '@gzcredit/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  Input,
  InputNumber,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { applyFieldErrors } from '../../../lib/form-errors';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  type CalendarYearDto,
  type ImportCalendarYearBody,
  useCalendar,
  useConfirmYear,
  useImportYear,
} from '../api/calendar-queries';
import { CalendarWarning } from './CalendarWarning';

const RECOMPUTE_TAGS: Record<NonNullable<CalendarYearDto['recompute']>, { color: string; label: string }> = {
  pending: { color: 'processing', label: '重新计算中' },
  done: { color: 'success', label: '已重新计算' },
  failed: { color: 'error', label: '重新计算失败' },
};

/** /console/calendar — 工作日历 (Art. 12): the years whose holidays are known, and entering the next one. */
export function CalendarPage() {
  useDocumentTitle('工作日历');
  const calendar = useCalendar();
  const [entering, setEntering] = useState(false);
  const years = calendar.data?.years;

  return (
    <Card>
      <div className="console-page-heading">
        <Typography.Title level={1} className="console-page-title">
          工作日历
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEntering(true)}>
          录入年度安排
        </Button>
      </div>
      <Typography.Paragraph type="secondary">
        报送期限按工作日计算（《贵州省企业公共信用信息平台运行管理规则（试行）》第十二条）。国务院办公厅每年发布下一年度部分节假日安排的通知后，
        由省局在此逐条录入或从 CSV、iCalendar
        文件导入放假和调休上班日期，并注明通知文号。确认后不能修改；该年度内所有暂定的应报送日期和迟报天数将在后台重新计算。
      </Typography.Paragraph>
      <CalendarWarning showLink={false} />
      {calendar.error && <Alert type="error" showIcon title={calendar.error.message} style={{ marginBottom: 16 }} />}
      <Table<CalendarYearDto>
        rowKey="year"
        size="small"
        loading={calendar.isPending}
        dataSource={years}
        pagination={false}
        scroll={{ x: 900 }}
        aria-label="已确认的年度节假日安排"
        expandable={{ expandedRowRender: (year) => <DayList year={year} /> }}
        columns={[
          { title: '年度', dataIndex: 'year', width: 80 },
          {
            title: '依据',
            key: 'source',
            render: (_, year) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{year.noticeNumber ?? '—'}</Typography.Text>
                <Typography.Text type="secondary">{year.source}</Typography.Text>
              </Space>
            ),
          },
          {
            title: '放假',
            key: 'holidays',
            width: 80,
            render: (_, year) => `${year.days.filter((day) => day.kind === 'holiday').length} 天`,
          },
          {
            title: '调休上班',
            key: 'workdays',
            width: 90,
            render: (_, year) => `${year.days.filter((day) => day.kind === 'workday').length} 天`,
          },
          { title: '确认人', dataIndex: 'confirmedBy', width: 140, render: (name: string | null) => name ?? '—' },
          {
            title: '确认时间',
            dataIndex: 'confirmedAt',
            width: 170,
            render: (at: string | null) => (at ? formatDateTime(at) : '—'),
          },
          {
            title: '暂定日期',
            dataIndex: 'recompute',
            width: 130,
            render: (status: CalendarYearDto['recompute']) =>
              status ? <Tag color={RECOMPUTE_TAGS[status].color}>{RECOMPUTE_TAGS[status].label}</Tag> : '—',
          },
        ]}
      />
      <YearDrawer
        open={entering}
        defaultYear={calendar.data?.nextYear}
        knownYears={years?.map((year) => year.year) ?? []}
        onClose={() => setEntering(false)}
      />
    </Card>
  );
}

function DayList({ year }: { year: CalendarYearDto }) {
  return (
    <Table
      rowKey="date"
      size="small"
      pagination={false}
      aria-label={`${year.year} 年的放假与调休上班日期`}
      dataSource={year.days}
      columns={[
        { title: '日期', dataIndex: 'date', width: 120 },
        {
          title: '类型',
          dataIndex: 'kind',
          width: 100,
          render: (kind: CalendarDay['kind']) => (
            <Tag color={kind === 'holiday' ? 'red' : 'blue'}>{CALENDAR_DAY_KIND_LABELS[kind]}</Tag>
          ),
        },
        { title: '说明', dataIndex: 'note', render: (note: string | null) => note ?? '—' },
      ]}
    />
  );
}

interface EntryValues {
  from?: string;
  to?: string;
  kind?: CalendarDay['kind'];
  note?: string;
}

interface YearFormValues {
  year?: number;
  noticeNumber?: string;
  mode: 'entries' | 'file';
  entries?: EntryValues[];
}

type ChosenFile = Pick<ImportCalendarYearBody, 'fileName' | 'format' | 'content'>;

/** A holiday file as text: UTF-8, or GB18030 as Excel saves CSV on Chinese Windows. */
async function readText(file: File): Promise<string> {
  const bytes = await file.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const DATE_RULE = { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '应为 YYYY-MM-DD，如 2027-01-01' };

function YearDrawer({
  open,
  defaultYear,
  knownYears,
  onClose,
}: {
  open: boolean;
  defaultYear: number | undefined;
  knownYears: number[];
  onClose: () => void;
}) {
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<YearFormValues>();
  const mode = Form.useWatch('mode', form);
  const [file, setFile] = useState<ChosenFile>();
  const [fileError, setFileError] = useState<string>();
  const confirmYear = useConfirmYear();
  const importYear = useImportYear();
  const error = confirmYear.error ?? importYear.error;

  const close = () => {
    form.resetFields();
    setFile(undefined);
    setFileError(undefined);
    confirmYear.reset();
    importYear.reset();
    onClose();
  };

  const submit = (values: YearFormValues) => {
    const year = values.year!;
    const noticeNumber = values.noticeNumber?.trim() ?? '';
    if (values.mode === 'file' && !file) {
      setFileError('请选择 CSV 或 iCalendar（.ics）文件');
      return;
    }
    modal.confirm({
      title: `确认 ${year} 年的节假日安排？`,
      content: `依据 ${noticeNumber}。确认后不能修改，${year} 年内所有暂定的应报送日期和迟报天数将在后台重新计算。`,
      okText: '确认',
      cancelText: '返回修改',
      onOk: async () => {
        const onError = (failure: unknown) => applyFieldErrors(form, failure);
        const onSuccess = () => {
          message.success(`${year} 年的节假日安排已确认，暂定的应报送日期正在重新计算`);
          close();
        };
        if (values.mode === 'file' && file) {
          importYear.mutate({ year, noticeNumber, ...file }, { onSuccess, onError });
        } else {
          confirmYear.mutate(
            {
              year,
              noticeNumber,
              entries: (values.entries ?? []).map((entry) => ({
                from: entry.from?.trim() ?? '',
                ...(entry.to?.trim() ? { to: entry.to.trim() } : {}),
                kind: entry.kind ?? 'holiday',
                ...(entry.note?.trim() ? { note: entry.note.trim() } : {}),
              })),
            },
            { onSuccess, onError },
          );
        }
      },
    });
  };

  return (
    <Drawer
      title="录入年度节假日安排"
      open={open}
      onClose={close}
      size="large"
      destroyOnHidden
      extra={
        <Button type="primary" loading={confirmYear.isPending || importYear.isPending} onClick={() => form.submit()}>
          确认该年度安排
        </Button>
      }
    >
      {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 16 }} />}
      <Form<YearFormValues>
        form={form}
        layout="vertical"
        name="calendar-year"
        initialValues={{ year: defaultYear, mode: 'entries', entries: [{ kind: 'holiday' }] }}
        onFinish={submit}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item
              label="年度"
              name="year"
              rules={[
                { required: true, message: '请填写年度' },
                {
                  validator: async (_, value: number | undefined) => {
                    if (value !== undefined && knownYears.includes(value))
                      throw new Error(`${value} 年的节假日安排已确认，不能重复录入`);
                  },
                },
              ]}
            >
              <InputNumber min={1990} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item
              label="通知文号"
              name="noticeNumber"
              extra="国务院办公厅关于该年度部分节假日安排的通知的文号"
              rules={[{ required: true, whitespace: true, message: '请填写国务院办公厅节假日安排通知的文号' }]}
            >
              <Input maxLength={100} placeholder="如：国办发明电〔2026〕7号" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label="录入方式" name="mode">
          <Radio.Group
            optionType="button"
            options={[
              { value: 'entries', label: '逐条录入' },
              { value: 'file', label: '导入文件' },
            ]}
          />
        </Form.Item>
        {mode === 'file' ? (
          <Form.Item
            label="节假日文件"
            required
            validateStatus={fileError ? 'error' : undefined}
            help={fileError}
            extra="CSV 文件：表头为“日期,类型,说明”，每行一天，类型填“放假”或“调休上班”；或 iCalendar（.ics）文件，每个日程的标题含“休”“假”或“班”。"
          >
            <Upload
              accept=".csv,.ics,text/csv,text/calendar"
              maxCount={1}
              showUploadList={false}
              beforeUpload={async (chosen) => {
                const format = chosen.name.toLowerCase().endsWith('.ics') ? 'ics' : 'csv';
                setFile({ fileName: chosen.name, format, content: await readText(chosen) });
                setFileError(undefined);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>选择文件</Button>
            </Upload>
            {file && (
              <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
                已选择：{file.fileName}
              </Typography.Paragraph>
            )}
          </Form.Item>
        ) : (
          <Form.List name="entries">
            {(list, { add, remove }) => (
              <Space orientation="vertical" style={{ width: '100%' }}>
                {list.map((entry, index) => (
                  <Row gutter={8} key={entry.key} align="top">
                    <Col xs={12} md={5}>
                      <Form.Item
                        label={`第 ${index + 1} 条 开始日期`}
                        name={[entry.name, 'from']}
                        rules={[{ required: true, message: '请填写日期' }, DATE_RULE]}
                      >
                        <Input placeholder="YYYY-MM-DD" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item label="结束日期（可空）" name={[entry.name, 'to']} rules={[DATE_RULE]}>
                        <Input placeholder="同开始日期" />
                      </Form.Item>
                    </Col>
                    <Col xs={12} md={5}>
                      <Form.Item label="类型" name={[entry.name, 'kind']} rules={[{ required: true }]}>
                        <Select
                          aria-label={`第 ${index + 1} 条类型`}
                          options={CALENDAR_DAY_KINDS.map((kind) => ({
                            value: kind,
                            label: CALENDAR_DAY_KIND_LABELS[kind],
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={10} md={7}>
                      <Form.Item label="说明" name={[entry.name, 'note']}>
                        <Input maxLength={50} placeholder="如：春节" />
                      </Form.Item>
                    </Col>
                    <Col xs={2} md={2}>
                      <Form.Item label=" ">
                        <Button
                          icon={<DeleteOutlined />}
                          aria-label={`删除第 ${index + 1} 条`}
                          disabled={list.length === 1}
                          onClick={() => remove(entry.name)}
                        />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ kind: 'holiday' })}>
                  添加一条
                </Button>
              </Space>
            )}
          </Form.List>
        )}
      </Form>
    </Drawer>
  );
}
