import { useEffect } from 'react';

export const PLATFORM_NAME = '贵州省企业公共信用信息平台';

/** Sets the browser tab title to "<page> - 贵州省企业公共信用信息平台", or the platform name alone. */
export function useDocumentTitle(pageTitle?: string): void {
  useEffect(() => {
    document.title = pageTitle ? `${pageTitle} - ${PLATFORM_NAME}` : PLATFORM_NAME;
  }, [pageTitle]);
}
