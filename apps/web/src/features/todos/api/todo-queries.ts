import type { TodoListDto } from '@gzcredit/contracts';
import { useQuery } from '@tanstack/react-query';
import { apiGet } from '../../../lib/api-client';

export type { TodoDto, TodoKind } from '@gzcredit/contracts';

/** The caller's to-do counts, read afresh each time the home page opens. */
export function useTodos() {
  return useQuery({
    queryKey: ['console', 'todos'],
    queryFn: ({ signal }) => apiGet<TodoListDto>('/api/console/todos', undefined, signal),
    staleTime: 0,
  });
}
