import type { CatalogueDto, CatalogueItemBody, CatalogueItemDto } from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../../../lib/api-client';
import { CURRENT_CATALOGUE_KEY } from '../../../lib/catalogue';

export type { CatalogueDto, CatalogueItemBody, CatalogueItemDto } from '@gzcredit/contracts';
export type EditionDto = CatalogueDto['edition'];

const BASE = '/api/console/catalogue';
const KEYS = {
  editions: ['console', 'catalogue', 'editions'] as const,
};

export function useEditions(enabled: boolean) {
  return useQuery({
    queryKey: KEYS.editions,
    queryFn: ({ signal }) => apiGet<{ items: EditionDto[] }>(`${BASE}/editions`, undefined, signal),
    enabled,
  });
}

export function useEdition(id: number | undefined) {
  return useQuery({
    queryKey: [...KEYS.editions, id],
    queryFn: ({ signal }) => apiGet<CatalogueDto>(`${BASE}/editions/${id}`, undefined, signal),
    enabled: id !== undefined,
  });
}

/** A new draft edition, a copy of the current one (Art. 11: the catalogue changes by edition). */
export function useCreateEdition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { code: string; name: string }) => apiPost<CatalogueDto>(`${BASE}/editions`, body),
    onSuccess: (catalogue) => {
      queryClient.setQueryData([...KEYS.editions, catalogue.edition.id], catalogue);
      void queryClient.invalidateQueries({ queryKey: KEYS.editions, exact: true });
    },
  });
}

/** Adds an item to a draft edition (no `id`) or changes one of its items. */
export function useSaveItem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ editionId, id, body }: { editionId: number; id?: number; body: CatalogueItemBody }) =>
      id === undefined
        ? apiPost<CatalogueItemDto>(`${BASE}/editions/${editionId}/items`, body)
        : apiPut<CatalogueItemDto>(`${BASE}/items/${id}`, body),
    onSuccess: (item) => queryClient.invalidateQueries({ queryKey: [...KEYS.editions, item.editionId] }),
  });
}

/** Publishes a draft: it becomes the current catalogue, the previous edition is retired. */
export function usePublishEdition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => apiPost<CatalogueDto>(`${BASE}/editions/${id}/publish`, {}),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: KEYS.editions });
      void queryClient.invalidateQueries({ queryKey: CURRENT_CATALOGUE_KEY });
    },
  });
}
