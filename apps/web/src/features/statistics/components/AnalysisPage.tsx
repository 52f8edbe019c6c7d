import { CloseOutlined, DownloadOutlined } from '@ant-design/icons';
import {
  ANALYSIS_DIMENSION_LABELS,
  ANALYSIS_MEASURE_LABELS,
  ANALYSIS_MEASURES,
  type AnalysisDimension,
  type AnalysisDto,
  type AnalysisMeasure,
} from '@gzcredit/contracts';
import { findIndustry, findRegion } from '@gzcredit/domain';
import { Button, Input, Segmented, Space, Typography } from 'antd';
import { lazy, useCallback, useMemo, useState } from 'react';
import { formatDateTime } from '../../../lib/format';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { type AnalysisFilters, type AnalysisView, analysisExportUrl, useAnalysis } from '../api/analysis-queries';
import { ChartTableCard, FiguresTable } from './ChartTableCard';
import type { MeasureLabel } from './measures';
import type { ChartItem, ChartSpec } from './StatisticsChart';

// ECharts and the map shapes load with the first chart (echarts/core, as on the portal's statistics page).
const StatisticsChart = lazy(() => import('./StatisticsChart'));

type FilterKey = Exclude<keyof AnalysisFilters, 'from' | 'to'>;
type Selection = Partial<Record<FilterKey, { code: string; name: string }>>;
type AnalysisItem = AnalysisDto['items'][number];

/** The measures as the charts name them: the workbook's headers without their unit. */
const CHART_MEASURES: Record<AnalysisMeasure, MeasureLabel> = Object.fromEntries(
  ANALYSIS_MEASURES.map((measure) => {
    const [, label = '', unit = ''] = /^(.*)（(.*)）$/.exec(ANALYSIS_MEASURE_LABELS[measure]) ?? [];
    return [measure, { label, unit }];
  }),
) as Record<AnalysisMeasure, MeasureLabel>;

/** Each card's dimension, the filter its clicks set, and how tall its chart is. */
const CARDS: Array<{ dimension: Exclude<AnalysisDimension, 'region' | 'month'>; height: number }> = [
  { dimension: 'industry', height: 520 },
  { dimension: 'kind', height: 220 },
  { dimension: 'category', height: 200 },
  { dimension: 'level', height: 240 },
  { dimension: 'item', height: 420 },
  { dimension: 'agency', height: 420 },
];

/** The six measures as table columns, with the workbook's headers. */
const MEASURE_COLUMNS = ANALYSIS_MEASURES.map((key) => ({ key, title: ANALYSIS_MEASURE_LABELS[key] }));

/** One view: a chart or a table of the same numbers, and its workbook. */
function AnalysisCard(props: {
  title: string;
  nameTitle: string;
  view: AnalysisView;
  spec: (data: AnalysisDto) => ChartSpec;
  height: number;
  onSelect?: (item: AnalysisItem) => void;
}) {
  const { title, nameTitle, view, spec, height, onSelect } = props;
  const analysis = useAnalysis(view);
  return (
    <ChartTableCard
      title={title}
      titleText={title}
      state={analysis}
      dimension={view.dimension}
      onSelect={onSelect}
      tools={
        <Button size="small" icon={<DownloadOutlined />} href={analysisExportUrl(view)} download>
          下载（XLSX）
        </Button>
      }
      table={(data) => (
        <FiguresTable
          caption={title}
          nameTitle={nameTitle}
          items={data.items}
          measures={MEASURE_COLUMNS}
          total={data.total}
          onSelect={onSelect}
        />
      )}
      chart={(data, select) =>
        data.items.length === 0 ? (
          <Typography.Text type="secondary">没有符合条件的信息。</Typography.Text>
        ) : (
          <StatisticsChart
            spec={spec(data)}
            items={data.items as unknown as ChartItem[]}
            measures={CHART_MEASURES}
            label={`${title}（图表，数值见表格视图）`}
            height={height}
            onSelect={select}
          />
        )
      }
    />
  );
}

/** The filters every view but its own dimension's: a chart's selection filters the others, not itself. */
function filtersBut(selection: Selection, period: { from?: string; to?: string }, own?: FilterKey): AnalysisFilters {
  const filters: AnalysisFilters = { ...period };
  for (const [key, value] of Object.entries(selection) as Array<[FilterKey, { code: string }]>) {
    if (key !== own) filters[key] = value.code;
  }
  return filters;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * 统计分析 (issue 19 item 3): the records of the caller's region that its agency may see, by region on a map of Guizhou,
 * by industry, kind, category, level, item, providing agency and month. A click on a prefecture, an industry or any
 * bar filters every other view (cross-filters); each view is also a table and a workbook.
 */
export function AnalysisPage() {
  useDocumentTitle('统计分析');
  const [selection, setSelection] = useState<Selection>({});
  const [period, setPeriod] = useState<{ from?: string; to?: string }>({});
  const [draftPeriod, setDraftPeriod] = useState({ from: '', to: '' });
  const [measure, setMeasure] = useState<AnalysisMeasure>('received');
  const choose = useCallback(
    (key: FilterKey) => (item: AnalysisItem) => setSelection((current) => ({ ...current, [key]: item })),
    [],
  );
  const selectRegion = useMemo(() => choose('region'), [choose]);
  const selectors = useMemo(
    () => Object.fromEntries(CARDS.map(({ dimension }) => [dimension, choose(dimension)])),
    [choose],
  );
  const region = selection.region?.code;
  const regionParent =
    region && findRegion(region)?.level === 'county' ? `${region.slice(0, 4)}00` : region || undefined;
  const industry = selection.industry?.code;
  const industryParent = industry ? (findIndustry(industry)?.parentCode ?? industry) : undefined;
  const periodValid =
    (!draftPeriod.from || MONTH.test(draftPeriod.from)) && (!draftPeriod.to || MONTH.test(draftPeriod.to));

  const regionSpec = (data: AnalysisDto): ChartSpec => {
    const level = findRegion(data.parent ?? '')?.level;
    return level === 'province' || level === 'prefecture'
      ? { kind: 'map', parent: data.parent!, measure }
      : { kind: 'bar', measure };
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} className="analysis-page">
      <Typography.Title level={1} className="console-page-title">
        统计分析
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        本单位所在地区内、本单位按共享规则可以查看的信用信息的汇总数。点击地图上的市州或任一图表中的一项，其他图表随之筛选；每个图表都可切换为表格，并可下载为
        Excel。
      </Typography.Paragraph>
      <Space wrap align="center">
        <span>收到月份：</span>
        <Input
          aria-label="开始月份（YYYY-MM）"
          placeholder="开始月份，如 2026-01"
          style={{ width: 180 }}
          value={draftPeriod.from}
          status={draftPeriod.from && !MONTH.test(draftPeriod.from) ? 'error' : undefined}
          onChange={(event) => setDraftPeriod({ ...draftPeriod, from: event.target.value.trim() })}
        />
        <Input
          aria-label="结束月份（YYYY-MM）"
          placeholder="结束月份，如 2026-12"
          style={{ width: 180 }}
          value={draftPeriod.to}
          status={draftPeriod.to && !MONTH.test(draftPeriod.to) ? 'error' : undefined}
          onChange={(event) => setDraftPeriod({ ...draftPeriod, to: event.target.value.trim() })}
        />
        <Button
          disabled={!periodValid}
          onClick={() =>
            setPeriod({
              ...(draftPeriod.from ? { from: draftPeriod.from } : {}),
              ...(draftPeriod.to ? { to: draftPeriod.to } : {}),
            })
          }
        >
          应用期间
        </Button>
        <span>地图和柱状图的指标：</span>
        <Segmented<AnalysisMeasure>
          aria-label="统计指标"
          value={measure}
          onChange={setMeasure}
          options={ANALYSIS_MEASURES.map((key) => ({ label: CHART_MEASURES[key].label, value: key }))}
        />
      </Space>
      <Space wrap aria-label="当前筛选条件" className="analysis-filters">
        <span>筛选条件：</span>
        {Object.keys(selection).length === 0 && <Typography.Text type="secondary">无（全部）</Typography.Text>}
        {(Object.entries(selection) as Array<[FilterKey, { code: string; name: string }]>).map(([key, value]) => (
          <Button
            key={key}
            size="small"
            icon={<CloseOutlined />}
            iconPlacement="end"
            title={`清除${ANALYSIS_DIMENSION_LABELS[key]}筛选`}
            onClick={() =>
              setSelection((current) => {
                const { [key]: _removed, ...rest } = current;
                return rest;
              })
            }
          >
            {ANALYSIS_DIMENSION_LABELS[key]}：{value.name}
          </Button>
        ))}
        {Object.keys(selection).length > 0 && (
          <Button size="small" onClick={() => setSelection({})}>
            清除全部
          </Button>
        )}
      </Space>
      <AnalysisCard
        title={`按地区（示意图）${region ? `：${selection.region!.name}` : ''}`}
        nameTitle="地区"
        view={{
          dimension: 'region',
          ...(regionParent ? { parent: regionParent } : {}),
          ...filtersBut(selection, period, 'region'),
        }}
        spec={regionSpec}
        height={460}
        onSelect={selectRegion}
      />
      <div className="statistics-grid">
        {CARDS.map(({ dimension, height }) => (
          <AnalysisCard
            key={dimension}
            title={`按${ANALYSIS_DIMENSION_LABELS[dimension]}`}
            nameTitle={ANALYSIS_DIMENSION_LABELS[dimension]}
            view={{
              dimension,
              ...(dimension === 'industry' && industryParent ? { parent: industryParent } : {}),
              ...filtersBut(selection, period, dimension),
            }}
            spec={() => ({ kind: 'bar', measure })}
            height={height}
            onSelect={selectors[dimension]}
          />
        ))}
      </div>
      <AnalysisCard
        title="按收到月份"
        nameTitle="月份"
        view={{ dimension: 'month', ...filtersBut(selection, period) }}
        spec={() => ({ kind: 'line', measures: ['received', 'inPublicity', 'late'] })}
        height={300}
      />
      <AnalysisUpdatedAt view={{ dimension: 'region', ...filtersBut(selection, period, 'region') }} />
    </Space>
  );
}

function AnalysisUpdatedAt(props: { view: AnalysisView }) {
  const { data } = useAnalysis(props.view);
  if (!data) return null;
  return (
    <Typography.Text type="secondary">
      范围：{data.scope.regionName}；统计时间：{formatDateTime(data.updatedAt)}
    </Typography.Text>
  );
}
