import type {
  AgencyKind,
  AgencyLevel,
  DishonestyLevel,
  EntityBadge,
  EntityKind,
  EntityStatus,
  Permission,
} from '@gzcredit/domain';
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

export interface AgenciesTable {
  id: Generated<number>;
  name: string;
  regionCode: string;
  level: AgencyLevel;
  kind: AgencyKind;
  parentId: number | null;
  createdAt: Generated<Date>;
}

export interface ManagersTable {
  id: Generated<number>;
  agencyId: number;
  name: string;
  post: string;
  mobileCipher: Buffer;
  mobileMasked: string;
  idCardCipher: Buffer;
  idCardMasked: string;
  createdAt: Generated<Date>;
}

export interface ManagerFilingsTable {
  id: Generated<number>;
  agencyId: number;
  /** The market-regulation bureau the filing is made with (Art. 20). */
  bureauId: number;
  status: 'submitted' | 'accepted' | 'returned';
  submittedBy: number | null;
  submittedAt: Generated<Date>;
  reviewedBy: number | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
}

export interface ManagerFilingEntriesTable {
  filingId: number;
  managerId: number;
}

export interface AccountsTable {
  id: Generated<number>;
  username: string;
  agencyId: number;
  managerId: number | null;
  displayName: string;
  passwordHash: string;
  mustChangePassword: Generated<boolean>;
  passwordChangedAt: Date | null;
  failedAttempts: Generated<number>;
  lockedUntil: Date | null;
  totpSecretCipher: Buffer | null;
  totpEnabledAt: Date | null;
  disabledAt: Date | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface AccountPermissionsTable {
  accountId: number;
  permission: Permission;
  grantedBy: number | null;
  grantedAt: Generated<Date>;
}

export interface SessionsTable {
  tokenHash: string;
  accountId: number;
  csrfToken: string;
  createdAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
  endedAt: Date | null;
  endReason: string | null;
}

export interface PasswordResetRequestsTable {
  id: Generated<number>;
  accountId: number;
  bureauId: number;
  reason: string;
  ip: string | null;
  status: Generated<'pending' | 'issued' | 'rejected'>;
  createdAt: Generated<Date>;
  handledBy: number | null;
  handledAt: Date | null;
  note: string | null;
}

/** Append-only; written only through platform/audit.ts. */
export interface AuditLogTable {
  id: Generated<number>;
  occurredAt: Date;
  accountId: number | null;
  username: string | null;
  agencyId: number | null;
  ip: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  result: 'success' | 'failure' | 'denied';
  requestId: string | null;
  details: unknown;
  previousHash: string;
  hash: string;
}

export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  kind: string;
  mediaType: string;
  size: number;
  originalName: string;
  storageKey: string;
  agencyId: number;
  uploadedBy: number;
  createdAt: Generated<Date>;
}

export interface ColumnsTable {
  id: Generated<number>;
  code: string | null;
  name: string;
  kind: 'standard' | 'special';
  purpose: string | null;
  ownerAgencyId: number | null;
  status: 'requested' | 'approved' | 'rejected' | 'closed';
  sortOrder: Generated<number>;
  requestedBy: number | null;
  requestedAt: Generated<Date>;
  decidedBy: number | null;
  decidedAt: Date | null;
  decisionNote: string | null;
}

export interface ArticlesTable {
  id: Generated<number>;
  columnId: number;
  agencyId: number;
  title: string;
  /** Sanitised with the allow-list of modules/publishing/sanitize.ts before it is stored. */
  bodyHtml: string;
  source: string | null;
  publishDate: DateString | null;
  status: 'draft' | 'published' | 'withdrawn';
  authorId: number;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
  publishedAt: Date | null;
  withdrawnAt: Date | null;
  withdrawnBy: number | null;
  withdrawReason: string | null;
}

export interface ArticleAttachmentsTable {
  articleId: number;
  fileId: number;
  position: number;
}

export interface FaultTicketsTable {
  id: Generated<number>;
  agencyId: number;
  reporterId: number;
  title: string;
  description: string;
  location: string;
  occurredAt: Date;
  severity: 'low' | 'medium' | 'high' | 'critical';
  status: 'open' | 'assigned' | 'resolved' | 'closed';
  assigneeId: number | null;
  resolution: string | null;
  createdAt: Generated<Date>;
  resolvedAt: Date | null;
  closedAt: Date | null;
}

export interface FaultTicketEventsTable {
  id: Generated<number>;
  ticketId: number;
  accountId: number;
  kind: 'reported' | 'commented' | 'assigned' | 'resolved' | 'closed';
  body: string | null;
  createdAt: Generated<Date>;
}

export interface FaultTicketFilesTable {
  ticketId: number;
  fileId: number;
}

export interface Database {
  enterprises: EnterprisesTable;
  calendarDays: CalendarDaysTable;
  calendarYears: CalendarYearsTable;
  agencies: AgenciesTable;
  managers: ManagersTable;
  managerFilings: ManagerFilingsTable;
  managerFilingEntries: ManagerFilingEntriesTable;
  accounts: AccountsTable;
  accountPermissions: AccountPermissionsTable;
  sessions: SessionsTable;
  passwordResetRequests: PasswordResetRequestsTable;
  auditLog: AuditLogTable;
  files: FilesTable;
  columns: ColumnsTable;
  articles: ArticlesTable;
  articleAttachments: ArticleAttachmentsTable;
  faultTickets: FaultTicketsTable;
  faultTicketEvents: FaultTicketEventsTable;
  faultTicketFiles: FaultTicketFilesTable;
}
