import type { StatisticsBreakdownItemDto } from '@gzcredit/contracts';

export type Measure = keyof Pick<StatisticsBreakdownItemDto, 'entities' | 'publicRecords' | 'blacklisted' | 'abnormal'>;

/** How a chart names a measure: its label, unit and, on a line by month, its longer name. */
export interface MeasureLabel {
  label: string;
  unit: string;
  monthLabel?: string;
}

/** The four public figures of a breakdown item, as the page names them. */
export const MEASURES: Record<Measure, Required<MeasureLabel>> = {
  entities: { label: '市场主体', unit: '户', monthLabel: '新进入平台的市场主体' },
  publicRecords: { label: '公示信用信息', unit: '条', monthLabel: '当月收到、正在公示的信用信息' },
  blacklisted: { label: '严重失信主体（黑名单）', unit: '户', monthLabel: '其中列入黑名单的主体' },
  abnormal: { label: '经营异常名录主体', unit: '户', monthLabel: '其中列入经营异常名录的主体' },
};

export const MEASURE_KEYS = Object.keys(MEASURES) as Measure[];
