import type { AnalysisDimension, AnalysisDto } from '@gzcredit/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { apiGet, buildUrl } from '../../../lib/api-client';

/** The cross-filters of the console analysis: each dimension's selection, and the period. */
export interface AnalysisFilters {
  region?: string;
  industry?: string;
  kind?: string;
  category?: string;
  item?: string;
  level?: string;
  agency?: string;
  from?: string;
  to?: string;
}

export type AnalysisView = { dimension: AnalysisDimension; parent?: string } & AnalysisFilters;

const PATH = '/api/console/statistics/analysis';

/** One view of the console analysis (统计分析): a dimension with the filters of the others. */
export function useAnalysis(view: AnalysisView, enabled = true) {
  return useQuery({
    queryKey: ['statistics', 'analysis', view],
    queryFn: ({ signal }) => apiGet<AnalysisDto>(PATH, { ...view }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** The same view as an XLSX workbook. */
export function analysisExportUrl(view: AnalysisView): string {
  return buildUrl(`${PATH}/export`, { ...view });
}
