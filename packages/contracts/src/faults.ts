import { z } from 'zod';
import { FileSchema } from './publishing';

export const FAULT_SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const FAULT_SEVERITY_LABELS: Record<(typeof FAULT_SEVERITIES)[number], string> = {
  low: '轻微',
  medium: '一般',
  high: '严重',
  critical: '紧急（系统不可用）',
};
export const FAULT_STATUSES = ['open', 'assigned', 'resolved', 'closed'] as const;
export const FAULT_STATUS_LABELS: Record<(typeof FAULT_STATUSES)[number], string> = {
  open: '待受理',
  assigned: '处理中',
  resolved: '已解决',
  closed: '已关闭',
};

export const ReportFaultBodySchema = z.object({
  title: z.string().trim().min(2, { error: '请简要说明故障' }).max(100),
  description: z.string().trim().min(5, { error: '请描述故障现象' }).max(5000),
  location: z.string().trim().min(2, { error: '请说明故障发生的页面或功能' }).max(200),
  occurredAt: z.iso.datetime({ offset: true, error: '发生时间格式不正确' }),
  severity: z.enum(FAULT_SEVERITIES),
  screenshotIds: z.array(z.number().int().positive()).max(10, { error: '截图不能超过 10 张' }).default([]),
});
export const FaultCommentBodySchema = z.object({ body: z.string().trim().min(1, { error: '请填写内容' }).max(5000) });
export const AssignFaultBodySchema = z.object({ assigneeId: z.number().int().positive() });
export const ResolveFaultBodySchema = z.object({
  resolution: z.string().trim().min(2, { error: '请填写处理结果' }).max(5000),
});

export const FaultEventSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['reported', 'commented', 'assigned', 'resolved', 'closed']),
  account: z.string(),
  body: z.string().nullable(),
  createdAt: z.string(),
});
export const FaultSchema = z.object({
  id: z.number().int(),
  agency: z.object({ id: z.number().int(), name: z.string() }),
  reporter: z.string(),
  title: z.string(),
  description: z.string(),
  location: z.string(),
  occurredAt: z.string(),
  severity: z.enum(FAULT_SEVERITIES),
  status: z.enum(FAULT_STATUSES),
  assignee: z.string().nullable(),
  resolution: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** Minutes since the report (the operators' SLA clock), until it is resolved. */
  minutesOpen: z.number().int(),
  screenshots: z.array(FileSchema),
  events: z.array(FaultEventSchema),
});
export type FaultDto = z.infer<typeof FaultSchema>;
export const FaultListSchema = z.object({ items: z.array(FaultSchema.omit({ events: true, screenshots: true })) });
export const FaultsQuerySchema = z.object({ status: z.enum(FAULT_STATUSES).optional() });
