import { TodoListSchema } from '@gzcredit/contracts';
import type { ConsoleRouter } from '../../platform/console-routes';
import { listTodos } from './todos.service';

/** 待办事项: the console home page's counts of what waits for the caller. */
export function registerTodoRoutes(router: ConsoleRouter): void {
  router.route(
    {
      method: 'GET',
      url: '/todos',
      permission: 'authenticated',
      scope: 'jurisdiction',
      audit: 'todos.viewed',
      operationId: 'listTodos',
      errors: [],
      summary:
        '待办事项计数（按权限：备案审核、密码重置申请、故障处理、专栏审批、有错误的上传、即将届满公示期的信息；范围同各处理页面）',
    },
    {
      response: TodoListSchema,
      handler: async ({ db, actor, audit }) => {
        const todos = await listTodos(db, actor);
        audit.details = { counts: Object.fromEntries(todos.items.map((item) => [item.kind, item.count])) };
        return todos;
      },
    },
  );
}
