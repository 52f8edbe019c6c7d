import type { EnterpriseProfileDto, ProfileRecordDto } from '@gzcredit/contracts';
import { RECORD_DATE_LABELS } from '@gzcredit/contracts/record-dates';
import { DISHONESTY_LEVEL_LABELS } from '@gzcredit/domain';
import { Link } from 'react-router';
import { type Fact, FactList, PortalAlert, PortalCard, PortalTag } from '../../../components/PortalUi';
import { formatCount, formatDate, formatDateTime } from '../../../lib/format';
import { LEVEL_TAG_COLORS } from './entity-labels';

type ProfileSection = EnterpriseProfileDto['sections'][number];
type ProfileField = ProfileRecordDto['fields'][number];

/** Long values (违法事实, 经营范围 …) take a whole row of the description list. */
const LONG_VALUE = 24;

function RecordTitle({ record }: { record: ProfileRecordDto }) {
  return (
    <span className="profile-record-title">
      {record.itemName}
      {record.dishonestyLevel && (
        <PortalTag color={LEVEL_TAG_COLORS[record.dishonestyLevel]} className="profile-level-tag">
          {DISHONESTY_LEVEL_LABELS[record.dishonestyLevel]}
        </PortalTag>
      )}
      {/* 异议处理中 (issue 21): the entity's objection is with the providing agency. */}
      {record.underObjection && (
        <PortalTag color="processing" className="profile-level-tag">
          异议处理中
        </PortalTag>
      )}
    </span>
  );
}

/** Listings in force have no end date: they last until their removal (SPEC §3). */
const LISTING_SECTIONS = new Set<ProfileSection['key']>(['abnormal', 'serious_illegal']);

function untilText(record: ProfileRecordDto, section: ProfileSection['key']): string {
  if (record.publicityUntil) return formatDate(record.publicityUntil);
  if (record.removal) return '已移出';
  return LISTING_SECTIONS.has(section) ? '至移出时止' : '长期';
}

function recordItems(record: ProfileRecordDto, withFields: boolean, section: ProfileSection['key']): Fact[] {
  const common: Fact[] = [
    { key: 'agency', label: '提供单位', children: record.agencyName },
    { key: 'aroseOn', label: RECORD_DATE_LABELS.aroseOn, children: formatDate(record.aroseOn) },
    { key: 'receivedAt', label: RECORD_DATE_LABELS.receivedAt, children: formatDateTime(record.receivedAt) },
    { key: 'publicityUntil', label: RECORD_DATE_LABELS.publicityUntil, children: untilText(record, section) },
  ];
  if (!withFields) return common;
  // 移出 as gsxt shows it: the removal's date, reason and deciding authority after the listing's own items.
  const removal = record.removal
    ? [
        { key: 'removedOn', label: RECORD_DATE_LABELS.removedOn, children: formatDate(record.removal.removedOn) },
        { key: 'removalAuthority', label: '作出移出决定机关', children: record.removal.authority },
        { key: 'removalReason', label: '移出原因', children: record.removal.reason, span: 'filled' as const },
      ]
    : [];
  return [
    ...common,
    ...record.fields.map((field, index) => ({
      key: `field-${index}`,
      label: field.label,
      // Record text is data, never markup: React renders it as text whatever it contains.
      children: field.value,
      ...(Array.from(field.value).length > LONG_VALUE ? { span: 'filled' as const } : {}),
    })),
    ...removal,
  ];
}

/** One publicised record: what it is, who provided it, its dates and its publicised fields. */
function RecordEntry({
  record,
  section,
  creditCode,
}: {
  record: ProfileRecordDto;
  section: ProfileSection['key'];
  creditCode: string;
}) {
  return (
    <>
      <FactList
        className="profile-record"
        title={<RecordTitle record={record} />}
        items={recordItems(record, true, section)}
      />
      {record.repairTerms && <RepairAction record={record} terms={record.repairTerms} creditCode={creditCode} />}
    </>
  );
}

/**
 * 信用修复 (issue 21; 两书同达: the public record links to the repair route): the link where the terms allow an
 * application now, or why not and from when.
 */
function RepairAction({
  record,
  terms,
  creditCode,
}: {
  record: ProfileRecordDto;
  terms: NonNullable<ProfileRecordDto['repairTerms']>;
  creditCode: string;
}) {
  return (
    <p className="profile-repair">
      {terms.eligible ? (
        <Link to={`/repairs/apply?record=${record.id}&creditCode=${encodeURIComponent(creditCode)}`}>申请信用修复</Link>
      ) : (
        <span className="profile-repair-note">{terms.message}</span>
      )}
    </p>
  );
}

interface ComparisonRow {
  label: string;
  before: string | undefined;
  after: string | undefined;
  changed: boolean;
}

/** The fields of both versions in the order they were listed, the changed ones marked. */
export function compareFields(before: ProfileField[], after: ProfileField[]): ComparisonRow[] {
  const labels = [...new Set([...after.map((field) => field.label), ...before.map((field) => field.label)])];
  const lookup = (fields: ProfileField[], label: string) => fields.find((field) => field.label === label)?.value;
  return labels.map((label) => {
    const old = lookup(before, label);
    const current = lookup(after, label);
    return { label, before: old, after: current, changed: old !== current };
  });
}

const shown = (value: string | undefined) => value ?? '—';

/** 更正记录 (Rules Art. 16): the reason and time, and the record before and after side by side. */
function CorrectionEntry({ record }: { record: ProfileRecordDto }) {
  const correction = record.correction!;
  const rows = compareFields(correction.before, record.fields);
  const hasBefore = correction.before.length > 0;
  return (
    <div className="profile-correction">
      <FactList
        title={<RecordTitle record={record} />}
        items={[
          { key: 'reason', label: '更正原因', children: correction.reason || '—', span: 'filled' },
          {
            key: 'correctedAt',
            label: RECORD_DATE_LABELS.correctedAt,
            children: formatDateTime(correction.correctedAt),
          },
          ...recordItems(record, false, 'corrections'),
        ]}
      />
      {!hasBefore ? (
        <PortalAlert
          type="info"
          title="更正前的内容未公示，以下仅列出更正后的内容"
          className="profile-correction-note"
        />
      ) : null}
      <table className="profile-comparison">
        <thead>
          <tr>
            <th scope="col">数据项</th>
            <th scope="col">更正前</th>
            <th scope="col">更正后</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const marked = row.changed && hasBefore;
            return (
              <tr key={row.label} className={marked ? 'profile-diff-changed' : undefined}>
                <th scope="row" className="profile-comparison-label">
                  {row.label}
                  {marked && (
                    <PortalTag color="orange" className="profile-diff-tag">
                      已更正
                    </PortalTag>
                  )}
                </th>
                <td>{!hasBefore ? '未公示' : marked ? <del>{shown(row.before)}</del> : shown(row.before)}</td>
                <td>{marked ? <ins>{shown(row.after)}</ins> : shown(row.after)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

const entryKind = (record: ProfileRecordDto) =>
  record.correction ? 'correction' : record.objection ? 'objection' : record.repair ? 'repair' : 'record';

/** One section of the profile as a card: a record per entry, or 暂无 when the section has none. */
export function ProfileSectionCard({ section, creditCode }: { section: ProfileSection; creditCode: string }) {
  const count = section.records.length;
  return (
    <PortalCard
      title={section.title}
      extra={count > 0 ? <span className="profile-count">共 {formatCount(count)} 条</span> : null}
      className="profile-card"
    >
      {count === 0 ? (
        <p className="portal-empty">{`暂无${section.title}`}</p>
      ) : (
        <ol className="profile-records">
          {section.records.map((record) => (
            // 更正与修复记录 may hold a record's correction, objection outcome and repair: the kind keeps keys apart.
            <li key={`${entryKind(record)}-${record.id}`}>
              {section.key === 'corrections' && record.correction ? (
                <CorrectionEntry record={record} />
              ) : (
                <RecordEntry record={record} section={section.key} creditCode={creditCode} />
              )}
            </li>
          ))}
        </ol>
      )}
    </PortalCard>
  );
}
