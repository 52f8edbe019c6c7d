import { BarChart, LineChart, MapChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type CSSProperties, useEffect, useMemo, useRef, useState } from 'react';
import { formatCount } from '../../../lib/format';
import { MEASURES, type MeasureLabel } from './measures';

// Only what the page draws (echarts/core): the full bundle would be about 200 kB more, gzipped.
echarts.use([
  MapChart,
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  VisualMapComponent,
  LegendComponent,
  AriaComponent,
  CanvasRenderer,
]);

interface GeoFeature {
  properties: { adcode: string; name: string; parent?: string };
}
interface GeoCollection {
  type: 'FeatureCollection';
  features: GeoFeature[];
}

/** An item of a breakdown or of the console analysis: its code, name and figures by measure key. */
export type ChartItem = { code: string; name: string } & { [measure: string]: string | number };

export type ChartSpec =
  | { kind: 'map'; parent: string; measure: string }
  | { kind: 'bar'; measure: string }
  | { kind: 'line'; measures: string[] };

/** The map of the prefectures ('520000') or of one prefecture's counties, registered once per name. */
async function loadMap(parent: string): Promise<string> {
  const name = `guizhou-${parent}`;
  if (echarts.getMap(name)) return name;
  if (parent === '520000') {
    const geo = (await import('../maps/guizhou-prefectures.geo.json')).default as unknown as GeoCollection;
    echarts.registerMap(name, geo as never);
  } else {
    const geo = (await import('../maps/guizhou-counties.geo.json')).default as unknown as GeoCollection;
    const features = geo.features.filter((feature) => feature.properties.parent === parent);
    echarts.registerMap(name, { type: 'FeatureCollection', features } as never);
  }
  return name;
}

function optionOf(
  spec: ChartSpec,
  items: ChartItem[],
  measures: Record<string, MeasureLabel>,
  label: string,
  mapName?: string,
) {
  const aria = { enabled: true, label: { description: label } };
  if (spec.kind === 'map') {
    const measure = measures[spec.measure]!;
    const values = items.map((item) => Number(item[spec.measure]));
    return {
      aria,
      tooltip: {
        trigger: 'item',
        formatter: (params: { data?: { regionName: string; value: number } }) =>
          params.data
            ? `${params.data.regionName}<br/>${measure.label}：${formatCount(params.data.value)}${measure.unit}`
            : '',
      },
      visualMap: {
        min: 0,
        max: Math.max(1, ...values),
        left: 8,
        bottom: 8,
        text: ['多', '少'],
        itemHeight: 100,
        inRange: { color: ['#e6f4ff', '#69b1ff', '#0958d9'] },
      },
      series: [
        {
          type: 'map',
          map: mapName,
          nameProperty: 'adcode',
          roam: false,
          selectedMode: false,
          label: {
            show: true,
            fontSize: 11,
            formatter: (params: { data?: { regionName: string } }) => params.data?.regionName ?? '',
          },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffd666' } },
          data: items.map((item) => ({ name: item.code, value: item[spec.measure], regionName: item.name })),
        },
      ],
    };
  }
  if (spec.kind === 'bar') {
    const measure = measures[spec.measure]!;
    const ordered = [...items].reverse();
    return {
      aria,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', name: measure.unit },
      yAxis: {
        type: 'category',
        data: ordered.map((item) => item.name),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [{ type: 'bar', name: measure.label, data: ordered.map((item) => item[spec.measure]), color: '#1677ff' }],
    };
  }
  return {
    aria,
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: items.map((item) => item.name) },
    yAxis: { type: 'value' },
    series: spec.measures.map((key) => ({
      type: 'line',
      name: measures[key]!.monthLabel ?? measures[key]!.label,
      data: items.map((item) => item[key]),
    })),
  };
}

/**
 * One ECharts chart of a breakdown (loaded with the statistics page only, never with the portal's first load). A map
 * or bar click answers the item's code; the page's table view of the same items is the accessible equivalent.
 */
export default function StatisticsChart(props: {
  spec: ChartSpec;
  items: ChartItem[];
  /** The measures' names and units; the public breakdown's four by default. */
  measures?: Record<string, MeasureLabel>;
  label: string;
  height: number;
  onSelect?: (code: string) => void;
}) {
  const { items, label, height, onSelect } = props;
  const measures = props.measures ?? MEASURES;
  // The page builds the spec afresh on each render: the chart is drawn again only when its content changes.
  const specKey = JSON.stringify(props.spec);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the spec's content
  const spec = useMemo(() => props.spec, [specKey]);
  const container = useRef<HTMLDivElement>(null);
  const [mapName, setMapName] = useState<string>();
  const mapParent = spec.kind === 'map' ? spec.parent : undefined;

  useEffect(() => {
    let cancelled = false;
    if (mapParent === undefined) return;
    loadMap(mapParent).then((name) => {
      if (!cancelled) setMapName(name);
    });
    return () => {
      cancelled = true;
    };
  }, [mapParent]);

  useEffect(() => {
    const element = container.current;
    if (!element || (spec.kind === 'map' && mapName !== `guizhou-${spec.parent}`)) return;
    const chart = echarts.init(element);
    chart.setOption(optionOf(spec, items, measures, label, mapName));
    chart.on('click', (params) => {
      const index = params.dataIndex;
      const item = spec.kind === 'bar' ? [...items].reverse()[index] : items[index];
      // After ECharts has finished with the click: the selection replaces (disposes) this chart.
      if (item && onSelect) setTimeout(() => onSelect(item.code));
    });
    const observer = new ResizeObserver(() => {
      if (!chart.isDisposed()) chart.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [spec, items, measures, label, mapName, onSelect]);

  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      className="statistics-chart"
      data-chart={spec.kind}
      data-items={items.length}
      style={{ '--chart-height': `${height}px` } as CSSProperties}
    />
  );
}
