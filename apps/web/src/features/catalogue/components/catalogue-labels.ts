import type { CatalogueItemDto } from '@gzcredit/contracts';
import {
  DISHONESTY_LEVEL_LABELS,
  DISHONESTY_LEVELS,
  deadlineLabel,
  type ItemRole,
  itemDeadline,
  type PublicityRule,
} from '@gzcredit/domain';

export const ITEM_ROLE_LABELS: Record<ItemRole, string> = {
  registration: '登记注册（建立和更新主体）',
  abnormal_list: '经营异常名录',
  serious_illegal_list: '严重违法失信名单',
  penalty: '行政处罚',
  record: '一般信息',
};

export const PUBLICITY_KIND_LABELS: Record<PublicityRule['kind'], string> = {
  by_level: '按失信等级',
  validity: '按有效期',
  while_exists: '主体存续期间',
  until_removed: '至移出名单时止',
};

/** The item's 公示期限 in words, e.g. '按失信等级：一般失信 3–12 个月；…'. */
export function publicityText(item: Pick<CatalogueItemDto, 'publicity' | 'fields'>): string {
  const rule = item.publicity;
  switch (rule.kind) {
    case 'while_exists':
      return '主体存续期间';
    case 'until_removed':
      return '至移出名单时止';
    case 'by_level':
      return `按失信等级：${DISHONESTY_LEVELS.map(
        (level) =>
          `${DISHONESTY_LEVEL_LABELS[level]} ${rule.windows[level].minMonths}–${rule.windows[level].maxMonths} 个月`,
      ).join('；')}`;
    case 'validity': {
      const field = rule.validUntilField && item.fields.find((candidate) => candidate.key === rule.validUntilField);
      return field ? `至“${field.label}”，未填写时 ${rule.months} 个月` : `${rule.months} 个月`;
    }
  }
}

/** The item's 报送期限 with the article that sets it (Art. 12), e.g. '20 个工作日（《…规则（试行）》第十二条）'. */
export function deadlineText(item: Pick<CatalogueItemDto, 'deadline'>): string {
  const deadline = itemDeadline(item);
  return `${deadlineLabel(deadline)}（${deadline.legalBasis}）`;
}
