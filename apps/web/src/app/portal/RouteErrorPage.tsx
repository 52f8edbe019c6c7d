import { useDocumentTitle } from '../../lib/use-document-title';

/**
 * Shown when a page fails to render or its code cannot be loaded (e.g. after a new version was deployed). Plain markup
 * in the first load: it must show even when no further code can be fetched.
 */
export function RouteErrorPage() {
  useDocumentTitle('页面加载失败');
  return (
    <section className="status-page" role="alert">
      <h1>页面加载失败</h1>
      <p>页面暂时无法显示，请刷新后重试。</p>
      <button type="button" className="status-page-action" onClick={() => window.location.reload()}>
        刷新页面
      </button>
    </section>
  );
}
