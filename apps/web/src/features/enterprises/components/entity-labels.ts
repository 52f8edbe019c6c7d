import type { DishonestyLevel, EntityBadge, EntityKind, EntityStatus } from '@gzcredit/domain';
import type { TagColor } from '../../../components/PortalUi';

/** 个体工商户 have an operator (经营者) and business premises (经营场所); other kinds a legal representative and domicile. */
export function legalRepresentativeLabel(kind: EntityKind): string {
  return kind === 'individual' ? '经营者' : '法定代表人';
}

export function addressLabel(kind: EntityKind): string {
  return kind === 'individual' ? '经营场所' : '住所';
}

export const STATUS_TAG_COLORS: Record<EntityStatus, TagColor> = {
  active: 'success',
  revoked: 'error',
  cancelled: 'default',
  moved_out: 'warning',
};

export const BADGE_TAG_COLORS: Record<EntityBadge, TagColor> = {
  blacklisted: 'red',
  severe_record: 'volcano',
  abnormal: 'orange',
  trustworthy: 'green',
};

/** 失信等级 tags of 不良 records: 严重 red, 较重 orange, 一般 gold. */
export const LEVEL_TAG_COLORS: Record<DishonestyLevel, TagColor> = {
  severe: 'red',
  serious: 'orange',
  general: 'gold',
};
