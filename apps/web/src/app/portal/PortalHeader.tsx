import { Link, NavLink, useLocation } from 'react-router';
import { PLATFORM_NAME } from '../../lib/use-document-title';
import { useCareMode } from '../care-mode';

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
  { to: '/statistics', label: '统计分析', end: true },
  { to: '/columns/laws', label: '政策法规', end: true, alsoActive: ['/columns/policies'] },
  { to: '/columns/news', label: '工作动态', end: true },
  { to: '/columns/notices', label: '通知公告', end: true },
  { to: '/help', label: '使用指南', end: true },
];

/** 关怀模式 on and off: a real button, so it is reached by Tab and pressed with Enter or Space; aria-pressed says its state. */
function CareModeToggle() {
  const careMode = useCareMode();
  return (
    <button
      type="button"
      className="portal-care-toggle"
      aria-pressed={careMode.on}
      title={careMode.on ? '关闭关怀模式（恢复标准字号）' : '开启关怀模式：更大的字、更高的对比度'}
      onClick={() => careMode.setOn(!careMode.on)}
    >
      关怀模式
    </button>
  );
}

export function PortalHeader() {
  const { pathname } = useLocation();
  return (
    <header className="portal-header">
      <div className="portal-banner">
        <div className="portal-container portal-banner-inner">
          <NavLink to="/" className="portal-brand">
            <span className="portal-emblem" aria-hidden="true">
              信
            </span>
            <span className="portal-brand-text">
              {/* Named by its visible title (WCAG 2.5.3); the English line is decoration for screen readers. */}
              <span className="portal-title">{PLATFORM_NAME}</span>
              <span className="visually-hidden">首页</span>
              <span className="portal-subtitle" aria-hidden="true">
                Guizhou Enterprise Public Credit Information Platform
              </span>
            </span>
          </NavLink>
          <div className="portal-banner-actions">
            <CareModeToggle />
            <Link to="/console/login" className="portal-console-link">
              管理控制台
            </Link>
          </div>
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
