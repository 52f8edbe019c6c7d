import type { CatalogueDto, CatalogueItemDto } from '@gzcredit/contracts';
import { RECORD_CATEGORIES, RECORD_CATEGORY_LABELS } from '@gzcredit/domain';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from './api-client';

/** The cache key of the current catalogue; the catalogue pages invalidate it when an edition is published. */
export const CURRENT_CATALOGUE_KEY = ['console', 'catalogue', 'current'] as const;

/** 征集目录: the current edition and its items (Rules Art. 11), shared by the form, the upload and the record pages. */
export function useCurrentCatalogue() {
  return useQuery({
    queryKey: CURRENT_CATALOGUE_KEY,
    queryFn: ({ signal }) => apiGet<CatalogueDto>('/api/console/catalogue', undefined, signal),
    staleTime: 5 * 60_000,
  });
}

export type TemplateFormat = 'xlsx' | 'csv';

/** The blank upload template of an item: the Chinese headers and a 填写说明 row. */
export function catalogueTemplateUrl(itemId: number, format: TemplateFormat, kind?: 'removals'): string {
  return `/api/console/catalogue/items/${itemId}/template?format=${format}${kind ? `&kind=${kind}` : ''}`;
}

/** Select options grouped by category 基础 / 良好 / 不良, in the catalogue's order. */
export function itemOptionsByCategory(items: readonly CatalogueItemDto[]) {
  return RECORD_CATEGORIES.map((category) => ({
    label: `${RECORD_CATEGORY_LABELS[category]}信息`,
    title: `${RECORD_CATEGORY_LABELS[category]}信息`,
    options: items.filter((item) => item.category === category).map((item) => ({ value: item.id, label: item.name })),
  })).filter((group) => group.options.length > 0);
}
