import { Button, Result } from 'antd';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Shown when a page fails to render or its code cannot be loaded (e.g. after a new version was deployed). */
export function RouteErrorPage() {
  useDocumentTitle('页面加载失败');
  return (
    <Result
      status="error"
      title={<h1>页面加载失败</h1>}
      subTitle="页面暂时无法显示，请刷新后重试。"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}
