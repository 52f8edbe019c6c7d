import { FAULT_SEVERITY_LABELS, FAULT_STATUS_LABELS } from '@gzcredit/contracts';
import type { FaultDto, FaultSeverity, FaultStatus } from '../api/fault-queries';

export { FAULT_SEVERITY_LABELS, FAULT_STATUS_LABELS };

export const FAULT_SEVERITY_COLORS: Record<FaultSeverity, string> = {
  low: 'default',
  medium: 'blue',
  high: 'orange',
  critical: 'red',
};

export const FAULT_STATUS_COLORS: Record<FaultStatus, string> = {
  open: 'error',
  assigned: 'processing',
  resolved: 'success',
  closed: 'default',
};

export const FAULT_EVENT_LABELS: Record<FaultDto['events'][number]['kind'], string> = {
  reported: '报告故障',
  commented: '留言',
  assigned: '受理',
  resolved: '处理完毕',
  closed: '关闭',
};

/** 125 → '已等待 2 小时 5 分'; days once it passes a day. */
export function waitingTime(minutesOpen: number): string {
  const minutes = Math.max(0, Math.floor(minutesOpen));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return days > 0 ? `已等待 ${days} 天 ${hours} 小时 ${rest} 分` : `已等待 ${hours} 小时 ${rest} 分`;
}
