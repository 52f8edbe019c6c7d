import type { MigrationSource } from '../../platform/database';
import * as enterprises from './2026-11-30T0001-enterprises';
import * as calendar from './2026-11-30T0002-calendar';
import * as accountsAudit from './2026-11-30T0003-accounts-audit';
import * as publishingFaults from './2026-11-30T0005-publishing-faults';
import * as nameStatistics from './2026-12-01T0006-name-statistics';
import * as catalogueRecords from './2026-12-01T0007-catalogue-records';
import * as publicity from './2026-12-01T0008-publicity';
import * as creditReports from './2026-12-01T0009-credit-reports';
import * as formerNameSearch from './2026-12-01T0010-former-name-search';
import * as nameGrams from './2026-12-01T0011-name-grams';
import * as signInHardening from './2026-12-06T0013-sign-in-hardening';
import * as calendarYears from './2026-12-06T0015-calendar-years';
import * as supervisoryStanding from './2026-12-06T0016-supervisory-standing';
import * as recordChanges from './2026-12-06T0017-record-changes';
import * as listingRemovalsMandatoryPublicity from './2026-12-06T0018-listing-removals-mandatory-publicity';
import * as penaltyRole from './2026-12-06T0019-penalty-role';
import * as sharingSettings from './2026-12-07T0020-sharing-settings';
import * as measures from './2026-12-07T0021-measures';
import * as creditChecks from './2026-12-07T0022-credit-checks';
import * as watchlists from './2026-12-07T0023-watchlists';
import * as statisticsRollups from './2026-12-07T0024-statistics-rollups';
import * as blacklistBadges from './2026-12-07T0025-blacklist-badges';
import * as publicLists from './2026-12-07T0026-public-lists';
import * as recordsCheckFacts from './2026-12-07T0027-records-check-facts';
import { digestAddressCipher } from './2026-12-07T0028-digest-address-cipher';
import * as recordChangesReshared from './2026-12-07T0029-record-changes-reshared';
import * as applicants from './2026-12-07T0030-applicants';
import * as objections from './2026-12-07T0031-objections';
import * as repairs from './2026-12-07T0032-repairs';
import * as transparencyLog from './2026-12-07T0033-transparency-log';
import * as sync from './2026-12-07T0034-sync';
import * as statisticsVisibility from './2026-12-07T0035-statistics-visibility';
import * as syncOutboxChunks from './2026-12-07T0036-sync-outbox-chunks';
import * as repairApplicant from './2026-12-07T0037-repair-applicant';
import * as syncOutboxSetBased from './2026-12-07T0038-sync-outbox-set-based';
import * as recordsBulkKeys from './2026-12-07T0039-records-bulk-keys';
import * as objectionApplicant from './2026-12-07T0040-objection-applicant';
import * as statisticsPublicCounts from './2026-12-07T0041-statistics-public-counts';
import * as checkFactsObjection from './2026-12-07T0042-check-facts-objection';
import * as statisticsCountsAgencyItem from './2026-12-07T0043-statistics-counts-agency-item';
import * as checkContentText from './2026-12-07T0044-check-content-text';
import * as syncOutboxRecordReference from './2026-12-07T0045-sync-outbox-record-reference';
import * as statisticsAnalysisCounts from './2026-12-07T0046-statistics-analysis-counts';
import * as checkContentLogged from './2026-12-07T0047-check-content-logged';
import * as statisticsAnalysisDrills from './2026-12-07T0048-statistics-analysis-drills';

/** Every migration in order. Files are never edited once landed: add a new one. */
export const migrations: Record<string, MigrationSource> = {
  '2026-11-30T0001-enterprises': enterprises,
  '2026-11-30T0002-calendar': calendar,
  '2026-11-30T0003-accounts-audit': accountsAudit,
  '2026-11-30T0005-publishing-faults': publishingFaults,
  '2026-12-01T0006-name-statistics': nameStatistics,
  '2026-12-01T0007-catalogue-records': catalogueRecords,
  '2026-12-01T0008-publicity': publicity,
  '2026-12-01T0009-credit-reports': creditReports,
  '2026-12-01T0010-former-name-search': formerNameSearch,
  '2026-12-01T0011-name-grams': nameGrams,
  '2026-12-06T0013-sign-in-hardening': signInHardening,
  '2026-12-06T0015-calendar-years': calendarYears,
  '2026-12-06T0016-supervisory-standing': supervisoryStanding,
  '2026-12-06T0017-record-changes': recordChanges,
  '2026-12-06T0018-listing-removals-mandatory-publicity': listingRemovalsMandatoryPublicity,
  '2026-12-06T0019-penalty-role': penaltyRole,
  '2026-12-07T0020-sharing-settings': sharingSettings,
  '2026-12-07T0021-measures': measures,
  '2026-12-07T0022-credit-checks': creditChecks,
  '2026-12-07T0023-watchlists': watchlists,
  '2026-12-07T0024-statistics-rollups': statisticsRollups,
  '2026-12-07T0025-blacklist-badges': blacklistBadges,
  '2026-12-07T0026-public-lists': publicLists,
  '2026-12-07T0027-records-check-facts': recordsCheckFacts,
  '2026-12-07T0028-digest-address-cipher': digestAddressCipher,
  '2026-12-07T0029-record-changes-reshared': recordChangesReshared,
  '2026-12-07T0030-applicants': applicants,
  '2026-12-07T0032-repairs': repairs,
  '2026-12-07T0031-objections': objections,
  '2026-12-07T0033-transparency-log': transparencyLog,
  '2026-12-07T0034-sync': sync,
  '2026-12-07T0035-statistics-visibility': statisticsVisibility,
  '2026-12-07T0036-sync-outbox-chunks': syncOutboxChunks,
  '2026-12-07T0037-repair-applicant': repairApplicant,
  '2026-12-07T0038-sync-outbox-set-based': syncOutboxSetBased,
  '2026-12-07T0039-records-bulk-keys': recordsBulkKeys,
  '2026-12-07T0040-objection-applicant': objectionApplicant,
  '2026-12-07T0041-statistics-public-counts': statisticsPublicCounts,
  '2026-12-07T0042-check-facts-objection': checkFactsObjection,
  '2026-12-07T0043-statistics-counts-agency-item': statisticsCountsAgencyItem,
  '2026-12-07T0044-check-content-text': checkContentText,
  '2026-12-07T0045-sync-outbox-record-reference': syncOutboxRecordReference,
  '2026-12-07T0046-statistics-analysis-counts': statisticsAnalysisCounts,
  '2026-12-07T0047-check-content-logged': checkContentLogged,
  '2026-12-07T0048-statistics-analysis-drills': statisticsAnalysisDrills,
};
