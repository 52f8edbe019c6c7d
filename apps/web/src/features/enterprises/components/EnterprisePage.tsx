import type { EnterpriseProfileDto } from '@gzcredit/contracts';
import { describeStanding, ENTITY_KIND_LABELS, ENTITY_STATUS_LABELS } from '@gzcredit/domain';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import {
  type Fact,
  FactList,
  PortalAlert,
  PortalCard,
  PortalResult,
  PortalSkeleton,
} from '../../../components/PortalUi';
import { isRateLimited, RateLimitNotice } from '../../../components/RateLimitNotice';
import { ApiError } from '../../../lib/api-client';
import { formatDate, formatDateTime } from '../../../lib/format';
import { PLATFORM_NAME, useDocumentTitle } from '../../../lib/use-document-title';
import { useEnterpriseProfile } from '../api/enterprise-queries';
import { BadgeTags, StatusTag } from './EntityTags';
import { addressLabel, legalRepresentativeLabel } from './entity-labels';
import { ProfileSectionCard } from './ProfileSectionCard';

function basicInformation(profile: EnterpriseProfileDto): Fact[] {
  return [
    { key: 'creditCode', label: '统一社会信用代码', children: profile.creditCode },
    { key: 'name', label: '名称', children: profile.name },
    { key: 'kind', label: '类型', children: ENTITY_KIND_LABELS[profile.kind] },
    {
      key: 'legalRepresentative',
      label: legalRepresentativeLabel(profile.kind),
      children: profile.legalRepresentative ?? '—',
    },
    { key: 'status', label: '登记状态', children: ENTITY_STATUS_LABELS[profile.status] },
    { key: 'establishedOn', label: '成立日期', children: formatDate(profile.establishedOn) },
    { key: 'registrationAuthority', label: '登记机关', children: profile.registrationAuthority ?? '—' },
    { key: 'region', label: '所属地区', children: profile.regionName },
    { key: 'industry', label: '所属行业', children: profile.industryName ?? '—' },
    { key: 'address', label: addressLabel(profile.kind), children: profile.address ?? '—', span: 'filled' },
    {
      key: 'formerNames',
      label: '曾用名',
      children: profile.formerNames.length > 0 ? profile.formerNames.join('；') : '—',
      span: 'filled',
    },
  ];
}

const PROFILE_NOTE =
  '以上信息由各级国家机关依法归集和公示；公示期届满、已撤销或提供单位设定不公示的信息不再显示；身份证号码不公示，手机号码已脱敏。';

function Profile({ profile }: { profile: EnterpriseProfileDto }) {
  return (
    <>
      <header className="profile-header">
        <h1 className="profile-name">{profile.name}</h1>
        <div className="profile-tags">
          <StatusTag status={profile.status} />
          <BadgeTags badges={profile.badges} />
        </div>
        {/* The badges in words, as the credit report prints them: which list, or a 严重失信 record that is not one. */}
        {describeStanding(profile.badges).map((sentence) => (
          <p key={sentence} className="profile-standing">
            {sentence}
          </p>
        ))}
        <p className="profile-code">统一社会信用代码：{profile.creditCode}</p>
        <p className="profile-code profile-actions">
          {/* A plain link: the PDF comes as an attachment; a refusal (429, 404) is a Chinese page from the server. */}
          <a href={`/api/public/enterprises/${encodeURIComponent(profile.creditCode)}/report.pdf`}>
            下载信用报告（PDF）
          </a>
          <button type="button" className="link-button" onClick={() => window.print()}>
            打印本页
          </button>
          {/* 异议 (issue 21): the entity's own applicant files an objection after the identity step. */}
          <Link to={`/objections?creditCode=${encodeURIComponent(profile.creditCode)}`}>对信息有异议？在线提出</Link>
        </p>
        <p className="print-only">
          打印自{PLATFORM_NAME}（{window.location.href}），打印时间 {formatDateTime(new Date().toISOString())}
          ；正式用途请下载信用报告。
        </p>
      </header>
      <PortalCard title="基本信息" className="profile-card">
        <FactList items={basicInformation(profile)} />
      </PortalCard>
      {profile.sections.map((section) => (
        <ProfileSectionCard key={section.key} section={section} creditCode={profile.creditCode} />
      ))}
      <p className="profile-note">{PROFILE_NOTE}</p>
    </>
  );
}

export function EnterprisePage() {
  const { creditCode = '' } = useParams();
  const profile = useEnterpriseProfile(creditCode);
  useDocumentTitle(profile.data?.name ?? '市场主体信息');

  let content: ReactNode;
  if (profile.data) {
    content = <Profile profile={profile.data} />;
  } else if (profile.error instanceof ApiError && profile.error.status === 404) {
    content = (
      <PortalResult
        status="404"
        title={<h1>未找到该市场主体</h1>}
        subTitle={profile.error.message}
        extra={<Link to="/search">返回信用信息查询</Link>}
      />
    );
  } else if (isRateLimited(profile.error)) {
    content = <RateLimitNotice error={profile.error} extra={<Link to="/search">返回信用信息查询</Link>} />;
  } else if (profile.error) {
    content = (
      <PortalAlert
        type="error"
        title="无法显示该市场主体"
        description={profile.error.message}
        action={<Link to="/search">返回查询</Link>}
      />
    );
  } else {
    content = <PortalSkeleton rows={10} />;
  }
  return <div className="portal-container profile-page">{content}</div>;
}
