import { Link, NavLink, useLocation } from 'react-router';
import { PLATFORM_NAME } from '../../lib/use-document-title';

interface NavItem {
  to: string;
  label: string;
  end: boolean;
  /** Other paths under which the entry shows as the current one (政策法规 covers both of its columns). */
  alsoActive?: string[];
}

const NAV_ITEMS: NavItem[] = [
  { to: '/', label: '首页', end: true },
  { to: '/search', label: '信用信息查询', end: false },
  { to: '/columns/laws', label: '政策法规', end: true, alsoActive: ['/columns/policies'] },
  { to: '/columns/news', label: '工作动态', end: true },
  { to: '/columns/notices', label: '通知公告', end: true },
];

export function PortalHeader() {
  const { pathname } = useLocation();
  return (
    <header className="portal-header">
      <div className="portal-banner">
        <div className="portal-container portal-banner-inner">
          <NavLink to="/" className="portal-brand" aria-label={`${PLATFORM_NAME}首页`}>
            <span className="portal-emblem" aria-hidden="true">
              信
            </span>
            <span className="portal-brand-text">
              <span className="portal-title">{PLATFORM_NAME}</span>
              <span className="portal-subtitle">Guizhou Enterprise Public Credit Information Platform</span>
            </span>
          </NavLink>
          <Link to="/console/login" className="portal-console-link">
            管理控制台
          </Link>
        </div>
      </div>
      <nav className="portal-nav" aria-label="主导航">
        <ul className="portal-container portal-nav-list">
          {NAV_ITEMS.map((item) => (
            <li key={item.to}>
              <NavLink
                to={item.to}
                end={item.end}
                className={({ isActive }) =>
                  isActive || item.alsoActive?.includes(pathname) ? 'portal-nav-link active' : 'portal-nav-link'
                }
              >
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
