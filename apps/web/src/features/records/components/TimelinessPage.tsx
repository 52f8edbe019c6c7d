import { DownloadOutlined } from '@ant-design/icons';
import type {
  AccountabilitySort,
  AgencyTimelinessListDto,
  TimelinessDto,
  TimelinessFigures,
} from '@gzcredit/contracts';
import { RECORD_PERMISSIONS } from '@gzcredit/domain';
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  Progress,
  Radio,
  Row,
  Space,
  Statistic,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { formatCount } from '../../../lib/format';
import { holdsPermission, useCurrentAccount } from '../../../lib/session';
import { useDocumentTitle } from '../../../lib/use-document-title';
import {
  agencyTimelinessExportUrl,
  type PeriodQuery,
  useAgencyTimeliness,
  useDraftTimelinessNotice,
  useTimeliness,
} from '../api/record-queries';

type ItemRow = TimelinessDto['byItem'][number];
type MonthRow = TimelinessDto['byMonth'][number];
type AgencyRow = AgencyTimelinessListDto['items'][number];

/** 98.5 → '98.5%'; '—' when nothing was received. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${rate.toFixed(1)}%`;
}

function rateCell(rate: number | null) {
  if (rate === null) return '—';
  return (
    <Progress
      percent={rate}
      size="small"
      status={rate < 90 ? 'exception' : 'normal'}
      format={() => formatRate(rate)}
      aria-label={`及时率 ${formatRate(rate)}`}
    />
  );
}

/** The figure columns every table shares, after its own first column. */
function figureColumns<Row extends TimelinessFigures>(): TableColumnsType<Row> {
  return [
    { title: '报送量', dataIndex: 'volume', width: 100, sorter: (a, b) => a.volume - b.volume, render: formatCount },
    {
      title: '超期条数',
      dataIndex: 'late',
      width: 100,
      sorter: (a, b) => a.late - b.late,
      render: count,
    },
    {
      title: '及时率',
      dataIndex: 'rate',
      width: 200,
      sorter: (a, b) => (a.rate ?? 101) - (b.rate ?? 101),
      render: rateCell,
    },
    {
      title: '平均超期（工作日）',
      dataIndex: 'averageDaysLate',
      width: 150,
      render: (days: number | null) => (days === null ? '—' : days.toFixed(1)),
    },
  ];
}

function FigureCards({ figures }: { figures: TimelinessFigures }) {
  return (
    <Row gutter={[16, 16]} style={{ marginBottom: 8 }}>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="报送量" value={formatCount(figures.volume)} suffix="条" />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="超期条数"
            value={formatCount(figures.late)}
            suffix="条"
            styles={{ content: figures.late > 0 ? { color: '#cf1322' } : undefined }}
          />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic title="及时率" value={formatRate(figures.rate)} />
        </Card>
      </Col>
      <Col xs={12} md={6}>
        <Card size="small">
          <Statistic
            title="平均超期天数"
            value={figures.averageDaysLate === null ? '—' : figures.averageDaysLate.toFixed(1)}
            suffix={figures.averageDaysLate === null ? undefined : '个工作日'}
          />
        </Card>
      </Col>
    </Row>
  );
}

/** A count that should be none, in red when it is not. */
const count = (value: number) =>
  value > 0 ? <Typography.Text type="danger">{formatCount(value)}</Typography.Text> : value;

/** The columns of the agencies' ranking beyond timeliness (考核, Art. 27, 28). */
const ACCOUNTABILITY_COLUMNS: TableColumnsType<AgencyRow> = [
  { title: '更正', dataIndex: 'corrections', width: 80, render: formatCount },
  { title: '撤销', dataIndex: 'revocations', width: 80, render: formatCount },
  { title: '校验拒收', dataIndex: 'refused', width: 100, render: count },
  { title: '接口错误', dataIndex: 'apiErrors', width: 100, render: count },
  {
    title: '异议',
    children: [
      { title: '收到', dataIndex: ['objections', 'received'], width: 70, render: formatCount },
      { title: '已处理', dataIndex: ['objections', 'decided'], width: 80, render: formatCount },
      {
        title: '平均处理（工作日）',
        dataIndex: ['objections', 'averageWorkingDays'],
        width: 110,
        render: (value: number | null) => (value === null ? '—' : value.toFixed(1)),
      },
      { title: '超期', dataIndex: ['objections', 'overdue'], width: 70, render: count },
    ],
  },
  {
    title: '信用修复申请',
    children: [
      { title: '收到', dataIndex: ['repairs', 'received'], width: 70, render: formatCount },
      { title: '已决定', dataIndex: ['repairs', 'decided'], width: 80, render: formatCount },
      { title: '超期', dataIndex: ['repairs', 'overdue'], width: 70, render: count },
    ],
  },
];

/** The provincial bureau's monthly 通报 (Art. 27): drafted from the figures into 通知公告, to review and publish there. */
function NoticeDraft() {
  const [month, setMonth] = useState('');
  const draft = useDraftTimelinessNotice();
  return (
    <section aria-label="月度通报" style={{ marginBottom: 16 }}>
      <Space wrap>
        <Input
          type="month"
          aria-label="通报月份"
          value={month}
          onChange={(event) => setMonth(event.target.value)}
          style={{ width: 180 }}
        />
        <Button disabled={!month} loading={draft.isPending} onClick={() => draft.mutate(month)}>
          起草月度通报
        </Button>
      </Space>
      {draft.error && <Alert type="error" showIcon title={draft.error.message} style={{ marginTop: 8 }} />}
      {draft.data && (
        <Alert
          type="success"
          showIcon
          style={{ marginTop: 8 }}
          title={
            <>
              已在“通知公告”栏目生成草稿《{draft.data.title}》，请审核修改后发布：
              <Link to={`/console/articles/${draft.data.id}`}>打开草稿</Link>
            </>
          }
        />
      )}
    </section>
  );
}

/** /console/timeliness — 报送及时性 (Art. 12): what share of records arrived within 20 working days. */
export function TimelinessPage() {
  useDocumentTitle('报送及时性');
  const me = useCurrentAccount();
  const permissions = me.data?.permissions ?? [];
  const ownVisible = holdsPermission(permissions, RECORD_PERMISSIONS);
  const allVisible = permissions.includes('platform.operator') || permissions.includes('oversight');
  const [period, setPeriod] = useState<PeriodQuery>({});
  const [sort, setSort] = useState<AccountabilitySort>('rate');
  const own = useTimeliness(period, ownVisible);
  const agencies = useAgencyTimeliness(period, sort, allVisible);
  const silent = agencies.data?.items.filter((row) => !row.reported).length ?? 0;

  return (
    <Card>
      <Typography.Title level={1} className="console-page-title">
        报送及时性
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        信息应自产生之日起 20 个工作日内报送（法定节假日和调休按国家安排计算）。统计按接收日期，只计首次报送的版本。
      </Typography.Paragraph>
      <Form<PeriodQuery>
        layout="inline"
        className="console-filters"
        aria-label="统计期间"
        onFinish={(values) => setPeriod({ from: values.from || undefined, to: values.to || undefined })}
        onReset={() => setPeriod({})}
      >
        <Form.Item label="接收日期" name="from">
          <Input type="date" aria-label="接收日期起" />
        </Form.Item>
        <Form.Item label="至" name="to">
          <Input type="date" aria-label="接收日期止" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              统计
            </Button>
            <Button htmlType="reset">全部期间</Button>
          </Space>
        </Form.Item>
      </Form>
      {ownVisible && (
        <section aria-label="本单位">
          {own.error && <Alert type="error" showIcon title={own.error.message} style={{ marginBottom: 16 }} />}
          {own.isPending && <Card loading />}
          {own.data && (
            <>
              <FigureCards figures={own.data.total} />
              <Typography.Title level={2} className="console-section-title">
                按信息项
              </Typography.Title>
              <Table<ItemRow>
                rowKey={(row) => row.item.id}
                size="small"
                pagination={false}
                scroll={{ x: 700 }}
                dataSource={own.data.byItem}
                locale={{ emptyText: '期间内没有报送' }}
                columns={[{ title: '信息项', dataIndex: ['item', 'name'] }, ...figureColumns<ItemRow>()]}
              />
              <Typography.Title level={2} className="console-section-title">
                按月份
              </Typography.Title>
              <Table<MonthRow>
                rowKey="month"
                size="small"
                pagination={false}
                scroll={{ x: 700 }}
                dataSource={own.data.byMonth}
                locale={{ emptyText: '期间内没有报送' }}
                columns={[{ title: '月份', dataIndex: 'month' }, ...figureColumns<MonthRow>()]}
              />
            </>
          )}
        </section>
      )}
      {allVisible && (
        <section aria-label="各单位">
          <Typography.Title level={2} className="console-section-title">
            各单位报送考核
          </Typography.Title>
          <Typography.Paragraph type="secondary">
            管辖范围内的每个单位都列出，期间内没有报送的标注“未报送”。更正、撤销按操作日期统计；校验拒收为接口推送、文件上传和在线填报中未通过校验的条数；接口错误为本单位接口密钥被拒绝或失败的请求次数。异议和信用修复申请按收到日期统计：已处理（已决定）的件数、异议从收到到处理的平均工作日，以及逾期未处理或超过期限才处理的件数（信用修复只计本单位的决定期限，不计省级平台的受理期限）。
          </Typography.Paragraph>
          <Space wrap style={{ marginBottom: 16 }}>
            <Radio.Group
              aria-label="排名依据"
              optionType="button"
              value={sort}
              onChange={(event) => setSort(event.target.value as AccountabilitySort)}
              options={[
                { value: 'rate', label: '按及时率排名' },
                { value: 'volume', label: '按报送量排名' },
              ]}
            />
            <Button icon={<DownloadOutlined />} href={agencyTimelinessExportUrl(period, sort)} download>
              下载排名（XLSX）
            </Button>
            {agencies.data && (
              <Typography.Text type={silent > 0 ? 'danger' : 'secondary'}>
                期间内未报送的单位：{silent} 个
              </Typography.Text>
            )}
          </Space>
          {permissions.includes('platform.operator') && <NoticeDraft />}
          {agencies.error && (
            <Alert type="error" showIcon title={agencies.error.message} style={{ marginBottom: 16 }} />
          )}
          <Table<AgencyRow>
            rowKey={(row) => row.agency.id}
            size="small"
            loading={agencies.isFetching}
            dataSource={agencies.data?.items}
            scroll={{ x: 1800 }}
            pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
            locale={{ emptyText: '管辖范围内没有单位' }}
            columns={[
              { title: '排名', dataIndex: 'rank', width: 70 },
              {
                title: '单位',
                dataIndex: ['agency', 'name'],
                render: (name: string, row) => (
                  <Space size={4}>
                    {name}
                    {!row.reported && <Tag color="error">未报送</Tag>}
                  </Space>
                ),
              },
              ...figureColumns<AgencyRow>(),
              ...ACCOUNTABILITY_COLUMNS,
            ]}
          />
        </section>
      )}
    </Card>
  );
}
