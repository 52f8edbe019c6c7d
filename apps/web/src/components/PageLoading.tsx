/** What stands in for a page while its code or its first answer loads: plain markup, part of the first load. */
export function PageLoading() {
  return (
    <div className="page-loading" role="status">
      <span className="page-loading-spinner" aria-hidden="true" />
      <span className="page-loading-text">页面加载中…</span>
    </div>
  );
}
