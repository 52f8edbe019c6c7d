import type { PublicStatisticsDto } from '@gzcredit/contracts';
import { Link } from 'react-router';
import { formatCount, formatDateTime } from '../../../lib/format';
import { usePublicStatistics } from '../api/statistics-queries';

/** Each figure with the page that shows what it counts (issue 20 item 1: the home's figures lead to the lists). */
const FIGURES: {
  key: keyof Omit<PublicStatisticsDto, 'updatedAt'>;
  label: string;
  unit: string;
  to?: { path: string; title: string };
}[] = [
  { key: 'entities', label: '市场主体', unit: '户' },
  { key: 'publicRecords', label: '公示信用信息', unit: '条', to: { path: '/lists/penalties', title: '浏览公示名单' } },
  {
    key: 'blacklistedEntities',
    label: '严重失信主体（黑名单）',
    unit: '户',
    to: { path: '/lists/blacklist', title: '查看严重失信主体名单' },
  },
];

/** 平台概况: the three aggregates of GET /api/public/statistics and the way to verify a credit report. */
export function PlatformFigures() {
  const statistics = usePublicStatistics();
  return (
    <section className="portal-container home-figures-section" aria-labelledby="home-figures-title">
      <div className="home-figures">
        <h2 id="home-figures-title" className="home-section-title">
          平台概况
        </h2>
        {statistics.error ? (
          <p className="home-figures-error">统计数据暂不可用：{statistics.error.message}</p>
        ) : (
          <dl className="home-figures-list">
            {FIGURES.map((figure) => (
              <div key={figure.key} className="home-figure">
                <dt>{figure.label}</dt>
                <dd>
                  {statistics.data && figure.to ? (
                    <Link to={figure.to.path} className="home-figure-link">
                      <span className="visually-hidden">{figure.to.title}：</span>
                      <span className="home-figure-value">{formatCount(statistics.data[figure.key])}</span>
                      <span className="home-figure-unit">{figure.unit}</span>
                    </Link>
                  ) : statistics.data ? (
                    <>
                      <span className="home-figure-value">{formatCount(statistics.data[figure.key])}</span>
                      <span className="home-figure-unit">{figure.unit}</span>
                    </>
                  ) : (
                    <span className="portal-skeleton-line home-figure-loading" role="status">
                      <span className="visually-hidden">加载中</span>
                    </span>
                  )}
                </dd>
              </div>
            ))}
          </dl>
        )}
        <p className="home-figures-note">
          {statistics.data && <span>统计时间：{formatDateTime(statistics.data.updatedAt)}　</span>}
          <Link to="/reports">信用报告验证</Link>：输入报告编号核验平台出具的企业信用报告。
        </p>
      </div>
    </section>
  );
}
