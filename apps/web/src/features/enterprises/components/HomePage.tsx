import { FileSearchOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Link, useNavigate } from 'react-router';
import { useDocumentTitle } from '../../../lib/use-document-title';
import { toSearchParams } from '../hooks/use-search-query';
import { SearchBox } from './SearchBox';

/** The cards, each with the lists it leads to (issue 20 item 1: browsed without a name). */
const NOTICES = [
  {
    icon: <FileSearchOutlined />,
    title: '登记信息查询',
    text: '查询在贵州省登记的企业、个体工商户和农民专业合作社的登记信息。',
    links: [{ to: '/lists/licences', label: '行政许可信息（双公示）' }],
  },
  {
    icon: <WarningOutlined />,
    title: '失信信息公示',
    text: '各级国家机关依法归集的不良信息在公示期内向社会公示；列入严重违法失信名单的主体即黑名单。',
    links: [
      { to: '/lists/blacklist', label: '严重失信主体名单（黑名单）' },
      { to: '/lists/abnormal', label: '经营异常名录' },
      { to: '/lists/penalties', label: '行政处罚信息（双公示）' },
    ],
  },
  {
    icon: <SafetyCertificateOutlined />,
    title: '守信信息公示',
    text: '表彰奖励、信用承诺等良好信息在有效期内公示，供社会各界查询参考。',
    links: [{ to: '/lists/trustworthy', label: '守信激励名单' }],
  },
];

export function HomePage() {
  useDocumentTitle();
  const navigate = useNavigate();
  return (
    <>
      <section className="home-hero" aria-labelledby="home-hero-title">
        <div className="portal-container">
          <h1 id="home-hero-title" className="home-hero-title">
            企业信用信息查询
          </h1>
          <SearchBox
            id="home-search"
            showLabel
            hint="输入企业名称中任意连续 2 个字以上即可查询，输入 18 位统一社会信用代码可直接查看主体信息。"
            onSearch={(query) => navigate(`/search?${toSearchParams({ q: query })}`)}
          />
        </div>
      </section>
      <section className="portal-container home-notices" aria-label="平台说明">
        {NOTICES.map((notice) => (
          <div key={notice.title} className="home-notice">
            <span className="home-notice-icon" aria-hidden="true">
              {notice.icon}
            </span>
            <h2>{notice.title}</h2>
            <p>{notice.text}</p>
            <ul className="home-notice-links">
              {notice.links.map((link) => (
                <li key={link.to}>
                  <Link to={link.to}>{link.label}</Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </>
  );
}
