import { z } from 'zod';

/**
 * The console home page's to-do counts (待办事项), each present only for a caller holding the permission that handles
 * it, and counted in the same scope as the page that handles it.
 */
export const TODO_KINDS = [
  'filing-reviews',
  'reset-requests',
  'open-faults',
  'column-requests',
  'upload-errors',
  'publicity-ending',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

/** How many days ahead 公示期即将届满 looks, and how far back 有错误的上传 looks. */
export const TODO_PUBLICITY_ENDING_DAYS = 30;
export const TODO_UPLOAD_ERRORS_DAYS = 30;

export const TODO_LABELS: Record<TodoKind, string> = {
  'filing-reviews': '待审核的管理人员备案',
  'reset-requests': '待处理的密码重置申请',
  'open-faults': '待受理的故障报告',
  'column-requests': '待审批的专栏申请',
  'upload-errors': `近 ${TODO_UPLOAD_ERRORS_DAYS} 天有错误的上传`,
  'publicity-ending': `${TODO_PUBLICITY_ENDING_DAYS} 天内公示期届满的信息`,
};

export const TodoSchema = z.object({
  kind: z
    .enum(TODO_KINDS)
    .describe(
      'filing-reviews 待审核的管理人员备案；reset-requests 待处理的密码重置申请；open-faults 待受理的故障报告；' +
        'column-requests 待审批的专栏申请；upload-errors 近 30 天有错误的上传；publicity-ending 30 天内公示期届满的信息',
    ),
  count: z.number().int().min(0),
});
export type TodoDto = z.infer<typeof TodoSchema>;

export const TodoListSchema = z.object({
  items: z.array(TodoSchema).describe('调用者有权处理的待办事项，按此顺序；无权处理的不列出'),
});
export type TodoListDto = z.infer<typeof TodoListSchema>;
