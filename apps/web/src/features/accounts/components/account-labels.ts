import type { AgencyLevel } from '@gzcredit/domain';
import { countiesOf, findRegion, prefectures } from '@gzcredit/domain';
import type { ManagerFilingStatus } from '../api/account-types';

export const FILING_STATUS_LABELS: Record<ManagerFilingStatus, { text: string; color: string }> = {
  none: { text: '未备案', color: 'default' },
  submitted: { text: '待审核', color: 'processing' },
  accepted: { text: '已备案', color: 'success' },
  returned: { text: '已退回', color: 'error' },
};

export const RESET_REQUEST_STATUS_LABELS: Record<string, string> = {
  pending: '待处理',
  issued: '已签发',
  rejected: '已驳回',
};

const NEXT_LEVEL: Record<AgencyLevel, AgencyLevel | undefined> = {
  province: 'prefecture',
  prefecture: 'county',
  county: undefined,
};

export interface RegionChoice {
  value: string;
  label: string;
  level: AgencyLevel;
}

/**
 * The regions an administrator may create agencies in (Rules Art. 19): its own region (an agency at its own level)
 * and the regions directly below (the next level's bureau).
 */
export function regionChoices(ownRegionCode: string, ownLevel: AgencyLevel): RegionChoice[] {
  const own = findRegion(ownRegionCode);
  const choices: RegionChoice[] = own ? [{ value: own.code, label: `${own.name}（本级）`, level: ownLevel }] : [];
  const next = NEXT_LEVEL[ownLevel];
  if (!next) return choices;
  const below = ownLevel === 'province' ? prefectures() : countiesOf(ownRegionCode);
  return [...choices, ...below.map((region) => ({ value: region.code, label: region.name, level: next }))];
}
