import { Button, type GetRef, Input, Space, Tooltip } from 'antd';
import { useRef } from 'react';

interface BodyEditorProps {
  id?: string;
  value?: string;
  onChange?: (html: string) => void;
}

const SNIPPETS: Array<{ label: string; title: string; before: string; after: string; placeholder: string }> = [
  { label: '标题', title: '二级标题', before: '<h2>', after: '</h2>\n', placeholder: '标题文字' },
  { label: '小标题', title: '三级标题', before: '<h3>', after: '</h3>\n', placeholder: '小标题文字' },
  { label: '段落', title: '段落', before: '<p>', after: '</p>\n', placeholder: '段落文字' },
  { label: '加粗', title: '加粗', before: '<strong>', after: '</strong>', placeholder: '加粗文字' },
  {
    label: '列表',
    title: '无序列表',
    before: '<ul>\n  <li>',
    after: '</li>\n  <li>第二项</li>\n</ul>\n',
    placeholder: '第一项',
  },
  {
    label: '编号',
    title: '有序列表',
    before: '<ol>\n  <li>',
    after: '</li>\n  <li>第二项</li>\n</ol>\n',
    placeholder: '第一项',
  },
  {
    label: '表格',
    title: '表格（两列）',
    before: '<table>\n  <thead><tr><th>',
    after: '</th><th>列二</th></tr></thead>\n  <tbody><tr><td>内容</td><td>内容</td></tr></tbody>\n</table>\n',
    placeholder: '列一',
  },
  { label: '链接', title: '链接', before: '<a href="https://">', after: '</a>', placeholder: '链接文字' },
  {
    label: '图片',
    title: '图片（网址）',
    before: '<img src="https://',
    after: '" alt="图片说明" />\n',
    placeholder: '',
  },
];

/** The HTML a paste from Word or a web page carries, without the document wrapper around the copied fragment. */
export function pastedFragment(html: string): string {
  const fragment = /<!--StartFragment-->([\s\S]*?)<!--EndFragment-->/.exec(html)?.[1];
  if (fragment !== undefined) return fragment.trim();
  const body = /<body[^>]*>([\s\S]*?)<\/body>/i.exec(html)?.[1];
  return (body ?? html).trim();
}

/**
 * The article body as HTML source with a toolbar for headings, lists, tables, links and images. Pasting rich text
 * (Word, a web page) keeps its formatting: the HTML of the clipboard is inserted. The server sanitises every save.
 */
export function BodyEditor({ id, value = '', onChange }: BodyEditorProps) {
  const ref = useRef<GetRef<typeof Input.TextArea>>(null);

  const insert = (before: string, after = '', placeholder = '') => {
    const textarea = ref.current?.resizableTextArea?.textArea;
    const start = textarea?.selectionStart ?? value.length;
    const end = textarea?.selectionEnd ?? value.length;
    const selected = value.slice(start, end) || placeholder;
    const next = value.slice(0, start) + before + selected + after + value.slice(end);
    onChange?.(next);
    requestAnimationFrame(() => {
      textarea?.focus();
      textarea?.setSelectionRange(start + before.length, start + before.length + selected.length);
    });
  };

  return (
    <div>
      <Space wrap size={4} className="editor-toolbar" role="toolbar" aria-label="正文格式">
        {SNIPPETS.map((snippet) => (
          <Tooltip key={snippet.label} title={`插入${snippet.title}`}>
            <Button size="small" onClick={() => insert(snippet.before, snippet.after, snippet.placeholder)}>
              {snippet.label}
            </Button>
          </Tooltip>
        ))}
      </Space>
      <Input.TextArea
        id={id}
        ref={ref}
        value={value}
        rows={18}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13 }}
        placeholder="在此输入或粘贴正文（可直接从 Word 或网页粘贴，保留标题、列表、表格和链接）"
        onChange={(event) => onChange?.(event.target.value)}
        onPaste={(event) => {
          const html = event.clipboardData.getData('text/html');
          if (!html) return;
          event.preventDefault();
          insert(pastedFragment(html));
        }}
      />
    </div>
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
