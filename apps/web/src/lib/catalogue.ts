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

/** The cache key of the catalogue's editions (the catalogue pages use the same key). */
const EDITIONS_KEY = ['console', 'catalogue', 'editions'] as const;

/**
 * The definition a record was validated with: its item in the current edition, or else in the edition named by
 * `editionCode` (a record transmitted under an earlier catalogue keeps its item).
 */
export function useItemDefinition(item: { id: number; editionCode: string } | undefined) {
  const current = useCurrentCatalogue();
  const inCurrent = item && current.data?.items.find((candidate) => candidate.id === item.id);
  const needsEdition = item !== undefined && current.data !== undefined && !inCurrent;
  const editions = useQuery({
    queryKey: EDITIONS_KEY,
    queryFn: ({ signal }) =>
      apiGet<{ items: CatalogueDto['edition'][] }>('/api/console/catalogue/editions', undefined, signal),
    enabled: needsEdition,
  });
  const editionId = needsEdition ? editions.data?.items.find((e) => e.code === item.editionCode)?.id : undefined;
  const edition = useQuery({
    queryKey: [...EDITIONS_KEY, editionId],
    queryFn: ({ signal }) => apiGet<CatalogueDto>(`/api/console/catalogue/editions/${editionId}`, undefined, signal),
    enabled: editionId !== undefined,
  });
  const definition: CatalogueItemDto | undefined =
    inCurrent || (item ? edition.data?.items.find((candidate) => candidate.id === item.id) : undefined);
  return { definition, isPending: item !== undefined && !definition && !current.error && !edition.error };
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
