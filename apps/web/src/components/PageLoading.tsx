import { Spin } from 'antd';

/** What stands in for a page while its code or its first answer loads. */
export function PageLoading() {
  return (
    <div className="page-loading">
      <Spin size="large" description="页面加载中…" />
    </div>
  );
}
