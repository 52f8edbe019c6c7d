import { Link } from 'react-router';
import { usePortalSite } from '../../features/publishing/api/public-queries';

/** The 14-digit number of a 公安备案号, which its public record is looked up by. */
const psbNumber = (record: string) => /\d{14}/.exec(record)?.[0] ?? '';

export function PortalFooter() {
  const site = usePortalSite().data;
  return (
    <footer className="portal-footer">
      <div className="portal-container">
        <p>主办单位：贵州省市场监督管理局</p>
        <p>技术支持：贵州省市场监督管理局信息中心</p>
        <p className="portal-footer-links">
          <Link to="/help">使用指南</Link>
          <Link to="/reports">信用报告验证</Link>
        </p>
        {site && (site.siteIdentifier || site.icpRecord || site.psbRecord) && (
          <p className="portal-footer-marks">
            {site.siteIdentifier && <span>网站标识码：{site.siteIdentifier}</span>}
            {site.icpRecord && (
              <a href="https://beian.miit.gov.cn/" target="_blank" rel="noreferrer">
                {site.icpRecord}
              </a>
            )}
            {site.psbRecord && (
              <a
                href={`https://beian.mps.gov.cn/#/query/webSearch?code=${psbNumber(site.psbRecord)}`}
                target="_blank"
                rel="noreferrer"
              >
                {site.psbRecord}
              </a>
            )}
          </p>
        )}
        <p className="portal-footer-note">
          本平台公示的信用信息由各级国家机关依法归集，如有异议可<Link to="/objections">在线提出异议</Link>
        </p>
      </div>
    </footer>
  );
}
