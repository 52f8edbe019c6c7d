import { Link } from 'react-router';

export function PortalFooter() {
  return (
    <footer className="portal-footer">
      <div className="portal-container">
        <p>主办单位：贵州省市场监督管理局</p>
        <p>技术支持：贵州省市场监督管理局信息中心</p>
        <p>
          <Link to="/reports" style={{ color: '#fff', textDecoration: 'underline' }}>
            信用报告验证
          </Link>
        </p>
        <p className="portal-footer-note">本平台公示的信用信息由各级国家机关依法归集，如有异议请联系信息提供单位</p>
      </div>
    </footer>
  );
}
