import type { CalendarDto, ConfirmCalendarYearBody, ImportCalendarYearBody } from '@gzcredit/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiGet, apiPost } from '../../../lib/api-client';

export type {
  CalendarDto,
  CalendarYearDto,
  ConfirmCalendarYearBody,
  ImportCalendarYearBody,
} from '@gzcredit/contracts';

const BASE = '/api/console/calendar';
const CALENDAR = ['console', 'calendar'] as const;

export function useCalendar(enabled = true) {
  return useQuery({
    queryKey: CALENDAR,
    queryFn: ({ signal }) => apiGet<CalendarDto>(BASE, undefined, signal),
    enabled,
    // The recomputation a confirmation started runs in the background: look again until it is settled.
    refetchInterval: (query) => (query.state.data?.years.some((year) => year.recompute === 'pending') ? 2000 : false),
  });
}

export function useConfirmYear() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ConfirmCalendarYearBody) => apiPost<CalendarDto>(`${BASE}/years`, body),
    onSuccess: (calendar) => queryClient.setQueryData(CALENDAR, calendar),
  });
}

export function useImportYear() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: ImportCalendarYearBody) => apiPost<CalendarDto>(`${BASE}/imports`, body),
    onSuccess: (calendar) => queryClient.setQueryData(CALENDAR, calendar),
  });
}
