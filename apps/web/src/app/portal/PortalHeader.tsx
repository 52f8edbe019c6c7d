import { Link, NavLink } from 'react-router';
import { PLATFORM_NAME } from '../../lib/use-document-title';

const NAV_ITEMS = [
  { to: '/', label: '首页', end: true },
  { to: '/search', label: '信用信息查询', end: false },
];

export function PortalHeader() {
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
              <NavLink to={item.to} end={item.end} className="portal-nav-link">
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
    </header>
  );
}
