import { Link } from 'react-router';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Plain markup, not Ant Design's Result (whose illustrations would weigh on every page's first load, SPEC §6). */
export function NotFoundPage() {
  useDocumentTitle('页面不存在');
  return (
    <section className="status-page">
      <p className="status-page-code" aria-hidden="true">
        404
      </p>
      <h1>页面不存在</h1>
      <p>您访问的页面不存在或已被移除，请检查地址是否正确。</p>
      <Link className="status-page-action" to="/">
        返回首页
      </Link>
    </section>
  );
}
