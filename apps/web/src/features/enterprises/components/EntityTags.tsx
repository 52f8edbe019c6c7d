import { ENTITY_BADGE_LABELS, ENTITY_STATUS_LABELS, type EntityBadge, type EntityStatus } from '@gzcredit/domain';
import { Tag } from 'antd';
import { BADGE_TAG_COLORS, STATUS_TAG_COLORS } from './entity-labels';

export function StatusTag({ status }: { status: EntityStatus }) {
  return <Tag color={STATUS_TAG_COLORS[status]}>{ENTITY_STATUS_LABELS[status]}</Tag>;
}

export function BadgeTags({ badges }: { badges: readonly EntityBadge[] }) {
  if (badges.length === 0) return null;
  return (
    <span className="badge-tags">
      {badges.map((badge) => (
        <Tag key={badge} color={BADGE_TAG_COLORS[badge]} variant="solid">
          {ENTITY_BADGE_LABELS[badge]}
        </Tag>
      ))}
    </span>
  );
}
