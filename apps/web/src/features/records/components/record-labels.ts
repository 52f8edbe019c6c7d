import type { RecordDto } from '@gzcredit/contracts';
import type { DishonestyLevel, RecordCategory } from '@gzcredit/domain';

export const CATEGORY_COLORS: Record<RecordCategory, string> = {
  basic: 'blue',
  good: 'green',
  bad: 'red',
};

export const LEVEL_COLORS: Record<DishonestyLevel, string> = {
  general: 'orange',
  serious: 'volcano',
  severe: 'red',
};

export const RECORD_STATUS_COLORS: Record<RecordDto['status'], string> = {
  active: 'success',
  corrected: 'default',
  revoked: 'error',
  expired: 'warning',
  removed: 'processing',
  repaired: 'cyan',
};
