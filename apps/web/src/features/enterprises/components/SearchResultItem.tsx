import type { EnterpriseSummaryDto } from '@gzcredit/contracts';
import { DISHONESTY_LEVEL_LABELS, ENTITY_KIND_LABELS } from '@gzcredit/domain';
import { Link } from 'react-router';
import { Highlight } from '../../../components/Highlight';
import { formatCount, formatDate } from '../../../lib/format';
import { BadgeTags, StatusTag } from './EntityTags';
import { legalRepresentativeLabel } from './entity-labels';

export function SearchResultItem({ enterprise, query }: { enterprise: EnterpriseSummaryDto; query: string }) {
  const fields = [
    { label: '统一社会信用代码', value: enterprise.creditCode },
    { label: '主体类型', value: ENTITY_KIND_LABELS[enterprise.kind] },
    { label: legalRepresentativeLabel(enterprise.kind), value: enterprise.legalRepresentative ?? '—' },
    { label: '成立日期', value: formatDate(enterprise.establishedOn) },
    { label: '所属地区', value: enterprise.regionName },
  ];
  return (
    <li className="result-item">
      <div className="result-item-heading">
        <h2 className="result-item-name">
          <Link to={`/enterprises/${enterprise.creditCode}`}>
            <Highlight text={enterprise.name} fragment={query} />
          </Link>
        </h2>
        <StatusTag status={enterprise.status} />
        <BadgeTags badges={enterprise.badges} />
      </div>
      {enterprise.matchedFormerName && (
        <p className="result-item-former">
          曾用名：
          <Highlight text={enterprise.matchedFormerName} fragment={query} />
        </p>
      )}
      {enterprise.matchedDishonesty && enterprise.matchedDishonesty.length > 0 && (
        <p className="result-item-dishonesty">
          失信记录：
          {enterprise.matchedDishonesty
            .map(
              (reason) =>
                `${reason.itemName}（${DISHONESTY_LEVEL_LABELS[reason.dishonestyLevel]} ${formatCount(reason.records)} 条）`,
            )
            .join('；')}
        </p>
      )}
      <dl className="result-item-fields">
        {fields.map((field) => (
          <div key={field.label} className="result-item-field">
            <dt>{field.label}：</dt>
            <dd>{field.value}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
