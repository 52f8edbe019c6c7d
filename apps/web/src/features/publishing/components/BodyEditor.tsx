import { Skeleton } from 'antd';
import { lazy, Suspense } from 'react';
import type { RichTextEditorProps } from './RichTextEditor';

/** Tiptap is loaded only when an article is edited: no portal page and no other console page carries it. */
const RichTextEditor = lazy(() => import('./RichTextEditor'));

/**
 * The article body as a WYSIWYG editor with a toolbar (加粗, 斜体, headings, lists, 引用, 链接, 撤销, 重做). It reads and
 * emits HTML into the form field (`bodyHtml`); the server sanitises every save.
 */
export function BodyEditor(props: RichTextEditorProps) {
  return (
    <Suspense fallback={<Skeleton active paragraph={{ rows: 8 }} />}>
      <RichTextEditor {...props} />
    </Suspense>
  );
}

const PREVIEW_STYLE = `body{margin:12px 16px;font:15px/1.9 "PingFang SC","Microsoft YaHei","Noto Sans SC",sans-serif;color:#1f2329}
h1,h2,h3,h4{color:#133d78;line-height:1.5}p{text-indent:2em;margin:0 0 1em}table{border-collapse:collapse}
th,td{border:1px solid #bfc8d6;padding:4px 10px}th{background:#f0f4fa}img{max-width:100%}a{color:#1d58a8}`;

/**
 * The live preview of the unsaved source. It is not yet sanitised, so it renders in a sandboxed frame (no scripts, no
 * same-origin access): whatever was pasted cannot act in the console.
 */
export function BodyPreview({ html }: { html: string }) {
  return (
    <iframe
      title="正文实时预览"
      className="editor-preview"
      sandbox=""
      srcDoc={`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>${PREVIEW_STYLE}</style></head><body>${html}</body></html>`}
    />
  );
}
