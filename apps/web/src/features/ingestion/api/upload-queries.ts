import type { UploadCreatedDto, UploadDto, UploadKind, UploadListDto, UploadStatus } from '@gzcredit/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { apiGet, apiPost } from '../../../lib/api-client';

export type { UploadCreatedDto, UploadDto } from '@gzcredit/contracts';

const BASE = '/api/console';
const KEYS = {
  uploads: ['console', 'ingestion', 'uploads'] as const,
};

/** How often a running upload is asked for its progress. */
export const UPLOAD_POLL_MS = 1000;

export function isActive(status: UploadStatus): boolean {
  return status === 'queued' || status === 'running';
}

/** Only uploads with errors (rows left out, or failed) created after the given time, as the home page counts them. */
export interface UploadErrorsFilter {
  createdAfter: string;
}

export function useUploads(page: number, pageSize: number, withErrors?: UploadErrorsFilter) {
  return useQuery({
    queryKey: [...KEYS.uploads, 'list', page, pageSize, withErrors?.createdAfter ?? null],
    queryFn: ({ signal }) =>
      apiGet<UploadListDto>(
        `${BASE}/uploads`,
        { page, pageSize, ...(withErrors ? { withErrors: 'true', createdAfter: withErrors.createdAfter } : {}) },
        signal,
      ),
    placeholderData: keepPreviousData,
    // Uploads of colleagues may be running too: the history follows them until they finish.
    refetchInterval: (query) => (query.state.data?.items.some((upload) => isActive(upload.status)) ? 3000 : false),
  });
}

/** One upload, polled every second while its job is queued or running (the progress bar). */
export function useUpload(id: number | undefined) {
  return useQuery({
    queryKey: [...KEYS.uploads, 'detail', id],
    queryFn: ({ signal }) => apiGet<UploadDto>(`${BASE}/uploads/${id}`, undefined, signal),
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data && isActive(query.state.data.status) ? UPLOAD_POLL_MS : false),
  });
}

/**
 * POST /uploads as multipart: the field `itemId` first (and `kind` for a removal file), then `file` (the server checks
 * the item before reading it).
 */
export function useStartUpload() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ itemId, kind, file }: { itemId: number; kind: UploadKind; file: File }) => {
      const form = new FormData();
      form.append('itemId', String(itemId));
      if (kind !== 'records') form.append('kind', kind);
      form.append('file', file, file.name);
      return apiPost<UploadCreatedDto>(`${BASE}/uploads`, form);
    },
    onSuccess: (upload) => {
      const { duplicate: _duplicate, ...dto } = upload;
      queryClient.setQueryData([...KEYS.uploads, 'detail', upload.id], dto);
      void queryClient.invalidateQueries({ queryKey: [...KEYS.uploads, 'list'] });
    },
  });
}

export function useRefreshUploads() {
  const queryClient = useQueryClient();
  return useCallback(() => queryClient.invalidateQueries({ queryKey: [...KEYS.uploads, 'list'] }), [queryClient]);
}

export function errorReportUrl(uploadId: number, format: 'xlsx' | 'csv'): string {
  return `${BASE}/uploads/${uploadId}/error-report?format=${format}`;
}
