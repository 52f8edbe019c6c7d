import type { DishonestyLevel, EntityBadge, EntityKind, EntityStatus } from '@gzcredit/domain';
import type { ColumnType, Generated } from 'kysely';

/** `date` columns travel as YYYY-MM-DD strings (type parsers set in platform/database.ts). */
type DateString = string;

export interface EnterprisesTable {
  id: Generated<number>;
  creditCode: string;
  name: string;
  kind: EntityKind;
  status: EntityStatus;
  regionCode: string;
  industryCode: string | null;
  legalRepresentative: string | null;
  establishedOn: DateString | null;
  registrationAuthority: string | null;
  address: string | null;
  formerNames: ColumnType<string[], string[] | undefined, string[]>;
  /** 注册号: the 15-digit registration number used before the unified credit code. */
  formerRegistrationNumbers: ColumnType<string[], string[] | undefined, string[]>;
  /** Set when the embedded 组织机构代码 fails its own check (GB 32100 accepted, flagged for review). */
  flaggedForReview: Generated<boolean>;
  /** Maintained from the entity's public records: 黑名单, 经营异常, 守信. */
  badges: ColumnType<EntityBadge[], EntityBadge[] | undefined, EntityBadge[]>;
  /** 失信等级: the highest level among the entity's publicised 不良 records, null when it has none. */
  dishonestyLevel: DishonestyLevel | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

/** 节假日与调休 holidays and adjusted working days (Rules Art. 12 counts working days). */
export interface CalendarDaysTable {
  date: DateString;
  kind: 'holiday' | 'workday';
  note: string | null;
}

export interface CalendarYearsTable {
  year: number;
  source: string;
}

export interface Database {
  enterprises: EnterprisesTable;
  calendarDays: CalendarDaysTable;
  calendarYears: CalendarYearsTable;
}
