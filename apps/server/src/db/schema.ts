import type {
  AgencyKind,
  AgencyLevel,
  CatalogueField,
  DishonestyLevel,
  EntityBadge,
  EntityKind,
  EntityStatus,
  ItemDeadline,
  ItemRole,
  MeasureClass,
  MeasureEditionStatus,
  MeasureList,
  Permission,
  PublicityRule,
  RecordCategory,
  UseScope,
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
  /** The public standing, maintained from the entity's public records: 黑名单, 经营异常, 守信. */
  badges: ColumnType<EntityBadge[], EntityBadge[] | undefined, EntityBadge[]>;
  /** 失信等级: the highest level among the entity's publicised 不良 records, null when it has none. */
  dishonestyLevel: DishonestyLevel | null;
  /**
   * 监管信用状况 the supervisory standing (SPEC §3, Art. 17): the same level and badges from every in-force record
   * whatever its use scope, label or agency setting; what agencies, credit checks and watch-lists use.
   */
  supervisoryDishonestyLevel: DishonestyLevel | null;
  supervisoryBadges: ColumnType<EntityBadge[], EntityBadge[] | undefined, EntityBadge[]>;
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
  /** 国务院办公厅 notice the bureau copied the year from; null for years seeded from the library. */
  noticeNumber: string | null;
  confirmedBy: number | null;
  confirmedAt: Date | null;
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
  totpSecretCipher: Buffer | null;
  totpEnabledAt: Date | null;
  /** The last TOTP time step accepted: a code of that step or earlier is refused (replay). */
  totpLastStep: number | null;
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
  idleTimeoutMinutes: Generated<number>;
  adminIdleTimeoutMinutes: Generated<number>;
}

/** Sign-in attempts per user name and client network; network `*` is the user name's account-wide ceiling. */
export interface SignInAttemptsTable {
  username: string;
  network: string;
  attempts: number;
  locks: number;
  lockedUntil: Date | null;
  lastAttemptAt: Date;
}

/** The networks an account has signed in from (the account-wide ceiling never locks them). */
export interface SignInNetworksTable {
  accountId: number;
  network: string;
  lastSignedInAt: Date;
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

export interface CatalogueEditionsTable {
  id: Generated<number>;
  code: string;
  name: string;
  publishedOn: DateString;
  status: 'draft' | 'current' | 'retired';
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface CatalogueItemsTable {
  id: Generated<number>;
  editionId: number;
  code: string;
  name: string;
  category: RecordCategory;
  providerKinds: AgencyKind[];
  fields: ColumnType<CatalogueField[], string, string>;
  aroseField: string;
  defaultUseScope: UseScope;
  publicity: ColumnType<PublicityRule, string, string>;
  requiresLevel: boolean;
  role: ItemRole;
  /** 依法公示 (Art. 15): withheld only on a recorded legal ground (publicity_withholdings). */
  mandatoryPublicity: Generated<boolean>;
  /** The item's own 报送期限 (Art. 12); null: the 20 working days. */
  deadline: ColumnType<ItemDeadline | null, string | null, string | null>;
  sortOrder: Generated<number>;
  createdAt: Generated<Date>;
}

/** 核查事项 a check purpose (Art. 17): the code is stable, the name editable, a retired purpose inactive. */
export interface CheckPurposesTable {
  id: Generated<number>;
  code: string;
  name: string;
  active: Generated<boolean>;
  sortOrder: Generated<number>;
  createdAt: Generated<Date>;
}

/** An edition of the national 失信惩戒措施基础清单 or of the provincial 补充清单. */
export interface MeasureEditionsTable {
  id: Generated<number>;
  list: MeasureList;
  label: string;
  status: MeasureEditionStatus;
  basedOnId: number | null;
  publishedAt: Date | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
}

export interface MeasuresTable {
  id: Generated<number>;
  editionId: number;
  code: string;
  name: string;
  measureClass: MeasureClass;
  /** Catalogue item codes of the lists the measure targets (严重违法失信名单, 失信被执行人 …). */
  targetListings: ColumnType<string[], string[] | undefined, string[]>;
  targetLevels: ColumnType<DishonestyLevel[], DishonestyLevel[] | undefined, DishonestyLevel[]>;
  legalBasis: Generated<string>;
  implementingBody: string;
  source: Generated<string>;
  note: Generated<string>;
  confirmed: Generated<boolean>;
  sortOrder: Generated<number>;
  createdAt: Generated<Date>;
}

export interface MeasurePurposesTable {
  measureId: number;
  purposeId: number;
}

export interface ApiClientsTable {
  id: Generated<number>;
  agencyId: number;
  name: string;
  keyId: string;
  /** The HMAC secret, SM4-encrypted under the data key: the server needs it back to check signatures. */
  secretCipher: Buffer;
  createdBy: number;
  createdAt: Generated<Date>;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: number | null;
}

export interface ExchangeNoncesTable {
  apiClientId: number;
  nonce: string;
  seenAt: Generated<Date>;
}

export interface IdempotencyKeysTable {
  apiClientId: number;
  key: string;
  /** SM3 of the request body: the same key with another body is refused (409). */
  requestHash: string;
  statusCode: number;
  response: ColumnType<unknown, string, string>;
  createdAt: Generated<Date>;
}

export type ExchangeChannel =
  | 'api'
  | 'upload'
  | 'form'
  | 'correction'
  | 'revocation'
  | 'annotation'
  | 'download'
  | 'pull'
  | 'removal'
  | 'check'
  | 'sync';

/** 交换日志 (Art. 14): every exchange, with its counts. */
export interface ExchangeBatchesTable {
  id: Generated<number>;
  agencyId: number;
  channel: ExchangeChannel;
  accountId: number | null;
  apiClientId: number | null;
  itemId: number | null;
  received: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  details: ColumnType<unknown, string | undefined, string>;
  createdAt: Generated<Date>;
}

/**
 * `removed`: a listing the deciding authority removed (移出); its history stays public (SPEC §3). `repaired`: 信用修复
 * approved (令第36号 art. 3): no longer public, shared or counted, kept for its agency and the audit.
 */
export type RecordStatus = 'active' | 'corrected' | 'revoked' | 'expired' | 'removed' | 'repaired';

export interface RecordsTable {
  id: Generated<number>;
  /** The first version's id; null on the first version itself (Art. 16: a correction is a new version). */
  rootId: number | null;
  version: Generated<number>;
  itemId: number;
  agencyId: number;
  creditCode: string;
  /** Null while the record waits in the matching queue (Art. 29). */
  enterpriseId: number | null;
  entityName: string;
  /** Field values as validated; personal fields masked. */
  payload: ColumnType<Record<string, string>, string, string>;
  /** SM4 of the JSON of the unmasked personal fields. */
  personalCipher: Buffer | null;
  aroseOn: DateString;
  receivedAt: Generated<Date>;
  dueOn: DateString;
  dueProvisional: Generated<boolean>;
  daysLate: Generated<number>;
  dishonestyLevel: DishonestyLevel | null;
  useScope: UseScope;
  publicityUntil: DateString | null;
  status: Generated<RecordStatus>;
  /** SM3 of the record's content (item, code, name, fields, level, scope). */
  contentHash: string;
  channel: 'api' | 'upload' | 'form' | 'correction';
  batchId: number;
  flaggedForReview: Generated<boolean>;
  createdBy: number | null;
  reason: string | null;
  createdAt: Generated<Date>;
  /** A security label (涉密): classified records are never public (Art. 7(八)). */
  classified: Generated<boolean>;
  /** Item code, credit code and decision number: one current record per agency and key (records.service duplicateKey). */
  duplicateKey: ColumnType<string | null, string | null | undefined, string | null>;
  /** 异议处理中: an objection to this version is pending (migration 0031). */
  underObjection: Generated<boolean>;
}

/**
 * What the exchange pull's change feed reports of a record (Art. 16); tombstones for the kinds after `updated`;
 * `reshared`: who may see it changed (the pull shows it as `updated` or `withdrawn`, per reader).
 */
export type RecordChangeKind =
  | 'created'
  | 'corrected'
  | 'updated'
  | 'superseded'
  | 'revoked'
  | 'expired'
  | 'removed'
  | 'reshared'
  | 'repaired';

/** 信用修复 the stages of an application (modules/objections/repairs.*). */
export type RepairStatus = 'submitted' | 'incomplete' | 'accepted' | 'approved' | 'refused';

export interface RepairsTable {
  id: Generated<number>;
  repairNo: string;
  recordId: number;
  enterpriseId: number;
  creditCode: string;
  entityName: string;
  agencyId: number;
  itemCode: string;
  itemName: string;
  dishonestyLevel: DishonestyLevel | null;
  aroseOn: DateString;
  /** How the applicant proved to act for the entity (the applicant session's method: a code or OIDC). */
  applicantMethod: string;
  applicantName: string;
  /**
   * Who filed, beyond the entity (applicant-session `applicantKey`): the only applicant the application answers. Null
   * for applications filed before migration 0037 (any verified applicant of the entity: `followsCase`).
   */
  applicantKey: string | null;
  correction: string;
  commitmentText: string;
  commitmentSignedBy: string;
  status: Generated<RepairStatus>;
  submittedAt: Generated<Date>;
  acceptDueOn: DateString;
  acceptedAt: Date | null;
  acceptedBy: number | null;
  decideDueOn: DateString | null;
  extendedDueOn: DateString | null;
  extensionReason: string | null;
  extendedAt: Date | null;
  extendedBy: number | null;
  decidedAt: Date | null;
  decidedBy: number | null;
  reason: string | null;
}

export interface RepairFilesTable {
  id: Generated<number>;
  repairId: number;
  sha256: string;
  kind: string;
  mediaType: string;
  size: number;
  originalName: string;
  storageKey: string;
}

/** The change feed: one row per change of a record, written in the change's transaction (txid: that transaction). */
export interface RecordChangesTable {
  id: Generated<number>;
  txid: Generated<string>;
  recordId: number;
  kind: RecordChangeKind;
  createdAt: Generated<Date>;
}

/** 公示内容 (Art. 22(五)): what an agency publicises of an item; no row = everything the catalogue allows. */
export interface PublicitySettingsTable {
  agencyId: number;
  itemId: number;
  publicised: boolean;
  hiddenFields: ColumnType<string[], string[] | undefined, string[]>;
  updatedBy: number;
  updatedAt: Generated<Date>;
}

/** 交换设定 (Art. 22(四)): a provider has set an item's exchange; no row = the default (shared with every agency). */
export interface ExchangeItemSettingsTable {
  agencyId: number;
  itemCode: string;
  /** True: the item's `shared` records go only to the audiences of its `shared` grants. */
  sharedRestricted: boolean;
  updatedBy: number;
  updatedAt: Generated<Date>;
}

/** Who may see which fields: `all`; `kind` an agency kind; `agency` an agency id; `region` a region-code prefix. */
export type ExchangeAudience = 'all' | 'kind' | 'agency' | 'region';

/** An audience of a provider's `shared` or `authorised` records of an item, and the fields it sees (null: all). */
export interface ExchangeGrantsTable {
  id: Generated<number>;
  agencyId: number;
  itemCode: string;
  useScope: 'shared' | 'authorised';
  audience: ExchangeAudience;
  audienceValue: string | null;
  fields: string[] | null;
}

/** The provincial bureau's floor: an audience that sees these shared and authorised records whatever the provider set. */
export interface ExchangeFloorTable {
  id: Generated<number>;
  itemCode: string | null;
  dishonestyLevel: DishonestyLevel | null;
  audience: ExchangeAudience;
  audienceValue: string | null;
  fields: string[] | null;
  updatedBy: number;
  updatedAt: Generated<Date>;
}

export interface RecordEventsTable {
  id: Generated<number>;
  recordId: number;
  agencyId: number;
  accountId: number | null;
  kind: 'annotated' | 'corrected' | 'revoked' | 'removed' | 'publicity_overruled' | 'repaired';
  reason: string;
  details: ColumnType<unknown, string | undefined, string>;
  createdAt: Generated<Date>;
}

export interface UploadsTable {
  id: Generated<number>;
  agencyId: number;
  accountId: number;
  itemId: number;
  /** Records of the item, or removals (移出) from the listing item's list. */
  kind: Generated<'records' | 'removals'>;
  fileId: number;
  sha256: string;
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  totalRows: number | null;
  rowsDone: Generated<number>;
  accepted: Generated<number>;
  rejected: Generated<number>;
  errorMessage: string | null;
  batchId: number | null;
  createdAt: Generated<Date>;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** 移出 (SPEC §3): the removal of a listing record, as the deciding authority decided it. */
export interface ListingRemovalsTable {
  recordId: number;
  removedOn: DateString;
  reason: string;
  authority: string;
  agencyId: number;
  accountId: number | null;
  apiClientId: number | null;
  channel: 'api' | 'upload' | 'form';
  batchId: number;
  createdAt: Generated<Date>;
}

/** 不公示事项 (Art. 15, 22(五)): mandatory publicity withheld on a legal ground, for the provincial bureau's review. */
export interface PublicityWithholdingsTable {
  id: Generated<number>;
  agencyId: number;
  itemId: number;
  /** Null: the agency's publicity setting switches the whole item off. */
  recordId: number | null;
  ground: string;
  createdBy: number | null;
  createdAt: Generated<Date>;
  status: Generated<'in_force' | 'lifted' | 'overruled'>;
  closedBy: number | null;
  closedAt: Date | null;
  overruleReason: string | null;
}

export interface UploadErrorsTable {
  uploadId: number;
  rowNumber: number;
  cells: ColumnType<string[], string, string>;
  message: string;
}

export interface JobsTable {
  id: Generated<number>;
  name: string;
  payload: ColumnType<unknown, string, string>;
  status: Generated<'pending' | 'done' | 'failed'>;
  runAfter: Generated<Date>;
  lockedUntil: Date | null;
  attempts: Generated<number>;
  lastError: string | null;
  createdAt: Generated<Date>;
  finishedAt: Date | null;
}

/** 信用报告 credit reports issued (SPEC C20): number, SM3 digest of the content, per-section record counts. */
export interface CreditReportsTable {
  reportNo: string;
  creditCode: string;
  entityName: string;
  issuedAt: Date;
  digest: string;
  sectionCounts: ColumnType<{ key: string; title: string; count: number }[], string, never>;
  requestedIp: string | null;
}

/** 监管名单 (Rules Art. 17 第二款): an agency's list of the entities it supervises. */
export interface WatchlistsTable {
  id: Generated<number>;
  agencyId: number;
  name: string;
  description: string | null;
  createdBy: number | null;
  createdAt: Generated<Date>;
  updatedAt: Generated<Date>;
}

export interface WatchlistEntitiesTable {
  watchlistId: number;
  creditCode: string;
  note: string | null;
}

/** A rule of a watch-list: every condition it sets must hold (region and industry match their sub-codes). */
export interface WatchlistRulesTable {
  id: Generated<number>;
  watchlistId: number;
  regionCode: string | null;
  industryCode: string | null;
  entityKind: EntityKind | null;
  itemCode: string | null;
}

export type WatchlistAlertKind = 'bad_record' | 'level_changed' | 'listed' | 'removed';

/** One per watch-list and change of the feed (the unique key makes the alert job idempotent). */
export interface WatchlistAlertsTable {
  id: Generated<number>;
  agencyId: number;
  watchlistId: number;
  changeId: number;
  recordId: number;
  kind: WatchlistAlertKind;
  dishonestyLevel: DishonestyLevel | null;
  previousLevel: DishonestyLevel | null;
  createdAt: Generated<Date>;
  readAt: Date | null;
  readBy: number | null;
  digestId: number | null;
}

/** 预警日报: one per agency and day (its unique key makes the digest job idempotent). */
export interface WatchlistDigestsTable {
  id: Generated<number>;
  agencyId: number;
  digestDate: DateString;
  alertCount: number;
  subject: string;
  body: string;
  createdAt: Generated<Date>;
  /** The mailbox it was mailed to, SM4-encrypted (migration 0028). */
  mailedToCipher: Buffer | null;
  mailedAt: Date | null;
}

export interface WatchlistSettingsTable {
  agencyId: number;
  /** The digest's mailbox, SM4-encrypted (migration 0028). */
  digestAddressCipher: Buffer | null;
  updatedBy: number | null;
  updatedAt: Generated<Date>;
}

/** The alert job's watermark in the change feed: a single row. */
export interface WatchlistFeedPositionTable {
  singleton: Generated<boolean>;
  txid: string;
  changeId: number;
  updatedAt: Generated<Date>;
}

/** 信用核查 (Rules Art. 17): one row per check, its answer kept as it was digested and printed. */
/** A leaf of the verifiable log (issue 23): its canonical JSON and what it is about. */
export interface TransparencyLeavesTable {
  leafIndex: number;
  kind: string;
  subject: string;
  content: string;
  createdAt: Generated<Date>;
}

/** A complete aligned subtree of the log (level 0: a leaf hash). */
export interface TransparencyNodesTable {
  level: number;
  position: number;
  hash: Buffer;
}

export interface TransparencyHeadTable {
  id: Generated<boolean>;
  treeSize: number;
  rootHash: Buffer;
  updatedAt: Generated<Date>;
}

export interface TransparencyCheckpointsTable {
  id: Generated<number>;
  treeSize: number;
  rootHash: string;
  signedAt: Date;
  keyId: string;
  signature: string;
  trigger: 'scheduled' | 'on-demand' | 'document';
}

export interface CreditChecksTable {
  checkNo: string;
  agencyId: number;
  accountId: number | null;
  apiClientId: number | null;
  purposeCode: string;
  matter: string;
  consortium: boolean;
  entityCount: number;
  measureEditions: ColumnType<{ id: number; label: string }[], string, never>;
  checkedAt: Date;
  digest: string;
  /**
   * The content of a check stored before migration 0047 (jsonb's text before 0044); since 0047 null: a check's
   * content is its leaf in the verifiable log (modules/transparency), stored once. (The authorization matrix still
   * writes such an older row, which keeps that path read.)
   */
  content: ColumnType<string | null, string | undefined, never>;
}

/** Record-side rollup key (modules/statistics): '' where the record has no entity, region or industry. */
interface RecordRollupKey {
  /** The entity's current county-level (or coarser) code; a retired code counts under its successor. */
  regionCode: string;
  /** The entity's 大类 (two digits). */
  industryCode: string;
  entityKind: string;
  category: RecordCategory;
  itemCode: string;
  dishonestyLevel: string;
  agencyId: number;
  /** The first day of the month (China time) the record was received. */
  month: DateString;
}

/** 统计汇总 counts of records; `statistics_record_deltas` holds the same columns, not yet folded in. */
export interface StatisticsRecordCountsTable extends RecordRollupKey {
  received: number;
  inPublicity: number;
  corrections: number;
  revocations: number;
  late: number;
  abnormalListings: number;
}

/** Records in publicity per public-breakdown dimension and month, the agency's setting applied (migration 0041). */
export interface StatisticsPublicCountsTable {
  dimension: 'region' | 'industry' | 'kind' | 'level';
  code: string;
  month: DateString;
  publicRecords: number;
}

/** The publicity setting `statistics_public_counts` was counted with, per agency and item code (none: publicised). */
export interface StatisticsPublicityAppliedTable {
  agencyId: number;
  itemCode: string;
  publicised: boolean;
}

/** 统计汇总 counts of entities by their month of arrival on the platform; deltas as for records. */
export interface StatisticsEntityCountsTable {
  regionCode: string;
  industryCode: string;
  entityKind: EntityKind;
  /** The public 失信等级, '' for none. */
  dishonestyLevel: string;
  month: DateString;
  entities: number;
  blacklisted: number;
  abnormal: number;
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
  signInAttempts: SignInAttemptsTable;
  signInNetworks: SignInNetworksTable;
  passwordResetRequests: PasswordResetRequestsTable;
  auditLog: AuditLogTable;
  files: FilesTable;
  columns: ColumnsTable;
  articles: ArticlesTable;
  articleAttachments: ArticleAttachmentsTable;
  faultTickets: FaultTicketsTable;
  faultTicketEvents: FaultTicketEventsTable;
  faultTicketFiles: FaultTicketFilesTable;
  catalogueEditions: CatalogueEditionsTable;
  catalogueItems: CatalogueItemsTable;
  checkPurposes: CheckPurposesTable;
  measureEditions: MeasureEditionsTable;
  measures: MeasuresTable;
  measurePurposes: MeasurePurposesTable;
  apiClients: ApiClientsTable;
  exchangeNonces: ExchangeNoncesTable;
  idempotencyKeys: IdempotencyKeysTable;
  exchangeBatches: ExchangeBatchesTable;
  records: RecordsTable;
  recordChanges: RecordChangesTable;
  publicitySettings: PublicitySettingsTable;
  exchangeItemSettings: ExchangeItemSettingsTable;
  exchangeGrants: ExchangeGrantsTable;
  exchangeFloor: ExchangeFloorTable;
  recordEvents: RecordEventsTable;
  uploads: UploadsTable;
  uploadErrors: UploadErrorsTable;
  listingRemovals: ListingRemovalsTable;
  publicityWithholdings: PublicityWithholdingsTable;
  jobs: JobsTable;
  creditReports: CreditReportsTable;
  watchlists: WatchlistsTable;
  watchlistEntities: WatchlistEntitiesTable;
  watchlistRules: WatchlistRulesTable;
  watchlistAlerts: WatchlistAlertsTable;
  watchlistDigests: WatchlistDigestsTable;
  watchlistSettings: WatchlistSettingsTable;
  watchlistFeedPosition: WatchlistFeedPositionTable;
  creditChecks: CreditChecksTable;
  transparencyLeaves: TransparencyLeavesTable;
  transparencyNodes: TransparencyNodesTable;
  transparencyHead: TransparencyHeadTable;
  transparencyCheckpoints: TransparencyCheckpointsTable;
  statisticsRecordCounts: StatisticsRecordCountsTable;
  statisticsRecordDeltas: StatisticsRecordCountsTable;
  /** The record counts with the region at prefecture and the industry at 门类 level (migration 0046). */
  statisticsAnalysisCounts: StatisticsRecordCountsTable;
  statisticsEntityCounts: StatisticsEntityCountsTable;
  statisticsEntityDeltas: StatisticsEntityCountsTable;
  statisticsPublicCounts: StatisticsPublicCountsTable;
  statisticsPublicityApplied: StatisticsPublicityAppliedTable;
  applicantCodes: ApplicantCodesTable;
  applicantAttempts: ApplicantAttemptsTable;
  applicantSessions: ApplicantSessionsTable;
  applicantOidcLogins: ApplicantOidcLoginsTable;
  smsSinkMessages: SmsSinkMessagesTable;
  syncDestinations: SyncDestinationsTable;
  syncEntitySequences: SyncEntitySequencesTable;
  syncEvents: SyncEventsTable;
  syncDeliveries: SyncDeliveriesTable;
  repairs: RepairsTable;
  repairFiles: RepairFilesTable;
  objections: ObjectionsTable;
  objectionFiles: ObjectionFilesTable;
}

export type ObjectionStatus = 'pending' | 'upheld' | 'corrected' | 'revoked';

/** 异议 (migration 0031): an entity's objection to one of its public records, and the providing agency's decision. */
export interface ObjectionsTable {
  id: Generated<number>;
  /** YY + the China date + 10 random base-32 characters (reports' `generateReportNumber`); YY + 14 digits before 0040. */
  objectionNo: string;
  recordId: number;
  rootRecordId: number;
  enterpriseId: number;
  agencyId: number;
  applicantMethod: 'sms' | 'oidc';
  applicantRole: string | null;
  applicantName: string;
  /** Who filed (applicant-session `applicantKey`); null for objections filed before migration 0040 (`followsCase`). */
  applicantKey: string | null;
  contactName: string;
  contactPhoneCipher: Buffer;
  contactPhoneMasked: string;
  reasons: string;
  status: Generated<ObjectionStatus>;
  filedAt: Generated<Date>;
  filedOn: DateString;
  dueOn: DateString;
  extendedDueOn: DateString | null;
  extensionReason: string | null;
  extendedAt: Date | null;
  decidedAt: Date | null;
  decidedOn: DateString | null;
  decisionReason: string | null;
  decisionFileId: number | null;
  decidedBy: number | null;
  resultRecordId: number | null;
}

export interface ObjectionFilesTable {
  id: Generated<number>;
  objectionId: number;
  sha256: string;
  kind: string;
  mediaType: string;
  size: number;
  originalName: string;
  storageKey: string;
}

/** A one-time code sent to the mobile of an entity's registration record (migration 0030): its SM3 hash only. */
export interface ApplicantCodesTable {
  id: Generated<number>;
  enterpriseId: number;
  codeHash: string;
  role: 'legal_representative' | 'authorised_person';
  applicantName: string;
  sentAt: Generated<Date>;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Wrong codes per entity: five lock the entity's applications (the sign-in rule, accounts' admitAttempt). */
export interface ApplicantAttemptsTable {
  enterpriseId: number;
  attempts: number;
  locks: number;
  lockedUntil: Date | null;
  lastAttemptAt: Date;
}

/** An applicant's session (cookie `gzc_applicant`), acting for one entity. */
export interface ApplicantSessionsTable {
  tokenHash: string;
  enterpriseId: number;
  method: 'sms' | 'oidc';
  role: 'legal_representative' | 'authorised_person' | null;
  applicantName: string;
  /** The OpenID Connect subject, for an identity-service sign-in. */
  subject: string | null;
  csrfToken: string;
  ip: string | null;
  createdAt: Generated<Date>;
  lastSeenAt: Generated<Date>;
  expiresAt: Date;
  endedAt: Date | null;
  endReason: string | null;
}

/** An OpenID Connect login on its way to the identity service and back (state, nonce, PKCE verifier). */
export interface ApplicantOidcLoginsTable {
  state: string;
  nonce: string;
  codeVerifier: string;
  returnTo: string | null;
  expiresAt: Date;
}

/** The development SMS sink: what would have been sent while no SMS gateway is configured. */
export interface SmsSinkMessagesTable {
  id: Generated<number>;
  sentAt: Generated<Date>;
  enterpriseId: number;
  maskedMobile: string;
  text: string;
}

/** A national or provincial system the platform delivers its changes to (Rules Art. 9, 10; modules/sync). */
export interface SyncDestinationsTable {
  id: Generated<number>;
  code: string;
  name: string;
  endpoint: string | null;
  keyId: string | null;
  /** The HMAC-SM3 secret shared with the destination, SM4-encrypted under the data key. */
  secretCipher: Buffer | null;
  /** Catalogue item codes delivered; null: every item. */
  itemCodes: string[] | null;
  useScopes: ColumnType<UseScope[], UseScope[] | undefined, UseScope[]>;
  format: Generated<SyncPayloadFormat>;
  enabled: Generated<boolean>;
  maxAttempts: Generated<number>;
  ratePerSecond: Generated<number>;
  /** Whose exchange log shows the deliveries: the agency of the operator who switched it on. */
  agencyId: number | null;
  updatedBy: number | null;
  updatedAt: Generated<Date>;
}

export type SyncPayloadFormat = 'json' | 'ndjson';

export interface SyncEntitySequencesTable {
  entityCode: string;
  lastSeq: number;
}

export type SyncEventKind =
  | 'record.published'
  | 'record.corrected'
  | 'record.updated'
  | 'record.superseded'
  | 'record.revoked'
  | 'record.ended'
  | 'record.removed'
  | 'record.repaired'
  | 'entity.registered'
  | 'entity.updated';

/** The outbox: written by triggers (and sync's enterSyncEvents) in the transaction of the change. */
export interface SyncEventsTable {
  id: Generated<number>;
  eventId: Generated<string>;
  entityCode: string;
  entitySeq: number;
  kind: SyncEventKind;
  recordId: number | null;
  itemCode: string | null;
  useScope: UseScope | null;
  classified: Generated<boolean>;
  /** Null for a record's event: the delivery builds it from the record and the columns below (migration 0045). */
  payload: ColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  /** A record's event: what of the record may change in place after it, as it was right after the change. */
  recordStatus: RecordStatus | null;
  dishonestyLevel: DishonestyLevel | null;
  publicityUntil: DateString | null;
  contentHash: string | null;
  createdAt: Generated<Date>;
}

export type SyncDeliveryStatus = 'waiting' | 'pending' | 'delivered' | 'dead';

export interface SyncDeliveriesTable {
  id: Generated<number>;
  destinationId: number;
  eventId: number;
  entityCode: string;
  entitySeq: number;
  status: SyncDeliveryStatus;
  attempts: Generated<number>;
  nextAttemptAt: Generated<Date>;
  leasedUntil: Date | null;
  leaseToken: string | null;
  lastError: string | null;
  deliveredAt: Date | null;
  deadAt: Date | null;
  createdAt: Generated<Date>;
}
