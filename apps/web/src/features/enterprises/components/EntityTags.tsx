import { ENTITY_BADGE_LABELS, ENTITY_STATUS_LABELS, type EntityBadge, type EntityStatus } from '@gzcredit/domain';
import { PortalTag } from '../../../components/PortalUi';
import { BADGE_TAG_COLORS, STATUS_TAG_COLORS } from './entity-labels';

export function StatusTag({ status }: { status: EntityStatus }) {
  return <PortalTag color={STATUS_TAG_COLORS[status]}>{ENTITY_STATUS_LABELS[status]}</PortalTag>;
}

export function BadgeTags({ badges }: { badges: readonly EntityBadge[] }) {
  if (badges.length === 0) return null;
  return (
    <span className="badge-tags">
      {badges.map((badge) => (
        <PortalTag key={badge} color={BADGE_TAG_COLORS[badge]} solid>
          {ENTITY_BADGE_LABELS[badge]}
        </PortalTag>
      ))}
    </span>
  );
}
