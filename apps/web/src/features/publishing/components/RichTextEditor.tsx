import Image from '@tiptap/extension-image';
import Link from '@tiptap/extension-link';
import { TableKit } from '@tiptap/extension-table';
import { type Editor, EditorContent, useEditor, useEditorState } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { Button, Input, Modal, Space } from 'antd';
import { useEffect, useRef, useState } from 'react';

export interface RichTextEditorProps {
  id?: string;
  value?: string;
  onChange?: (html: string) => void;
}

/**
 * Only what the server's sanitiser keeps (apps/server/src/modules/publishing/sanitize.ts): paragraphs, h2 and h3,
 * bold, italic, underline, strike, inline code and code blocks, lists, quotes, rules, line breaks, tables and
 * http(s)/mailto links and images (the table's colgroup and styles are dropped by the sanitiser). Anything else pasted in
 * is dropped by the editor's schema before it is ever sent.
 */
const EXTENSIONS = [
  StarterKit.configure({ heading: { levels: [2, 3] }, link: false, trailingNode: false }),
  Link.configure({
    openOnClick: false,
    autolink: true,
    protocols: ['mailto'],
    isAllowedUri: (url) => /^(https?:\/\/|mailto:)/i.test(url),
    HTMLAttributes: { rel: 'noopener noreferrer nofollow', target: '_blank', class: null },
  }),
  // Tables are kept, not made here: a body pasted from Word, an older article or the 月度通报 draft holds them.
  TableKit.configure({ table: { resizable: false } }),
  // Images are kept too (an article's figures, uploaded as files): the toolbar makes none.
  Image.configure({ inline: false, allowBase64: false }),
];

/** What the editor emits: '' for an empty body, so a cleared body is saved as empty, not as `<p></p>`. */
function htmlOf(editor: Editor): string {
  return editor.isEmpty ? '' : editor.getHTML();
}

interface ToolbarButton {
  label: string;
  /** Whether the selection carries it: the button is then pressed (aria-pressed). Absent for plain actions. */
  active?: (editor: Editor) => boolean;
  run: (editor: Editor) => void;
  disabled?: (editor: Editor) => boolean;
}

const BUTTONS: ToolbarButton[] = [
  {
    label: '加粗',
    active: (editor) => editor.isActive('bold'),
    run: (editor) => editor.chain().focus().toggleBold().run(),
  },
  {
    label: '斜体',
    active: (editor) => editor.isActive('italic'),
    run: (editor) => editor.chain().focus().toggleItalic().run(),
  },
  {
    label: '二级标题',
    active: (editor) => editor.isActive('heading', { level: 2 }),
    run: (editor) => editor.chain().focus().toggleHeading({ level: 2 }).run(),
  },
  {
    label: '三级标题',
    active: (editor) => editor.isActive('heading', { level: 3 }),
    run: (editor) => editor.chain().focus().toggleHeading({ level: 3 }).run(),
  },
  {
    label: '项目列表',
    active: (editor) => editor.isActive('bulletList'),
    run: (editor) => editor.chain().focus().toggleBulletList().run(),
  },
  {
    label: '编号列表',
    active: (editor) => editor.isActive('orderedList'),
    run: (editor) => editor.chain().focus().toggleOrderedList().run(),
  },
  {
    label: '引用',
    active: (editor) => editor.isActive('blockquote'),
    run: (editor) => editor.chain().focus().toggleBlockquote().run(),
  },
];

const HISTORY: ToolbarButton[] = [
  {
    label: '撤销',
    run: (editor) => editor.chain().focus().undo().run(),
    disabled: (editor) => !editor.can().undo(),
  },
  {
    label: '重做',
    run: (editor) => editor.chain().focus().redo().run(),
    disabled: (editor) => !editor.can().redo(),
  },
];

/**
 * The article body as a WYSIWYG editor (Tiptap). It reads and emits HTML, the same field the server sanitises on every
 * save; pasting from Word or a web page keeps what the schema above knows (headings, lists, bold, links…).
 */
export default function RichTextEditor({ id, value = '', onChange }: RichTextEditorProps) {
  // The HTML this editor last emitted: a value that differs came from outside (an article loaded) and replaces the text.
  const emitted = useRef(value);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const editor = useEditor({
    extensions: EXTENSIONS,
    content: value,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: {
        ...(id ? { id } : {}),
        role: 'textbox',
        'aria-multiline': 'true',
        'aria-label': '正文',
        class: 'rich-text-editable',
      },
    },
    onUpdate: ({ editor: current }) => {
      const html = htmlOf(current);
      emitted.current = html;
      onChangeRef.current?.(html);
    },
  });

  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    editor.commands.setContent(value, { emitUpdate: false });
  }, [editor, value]);

  const state = useEditorState({
    editor,
    selector: ({ editor: current }) => ({
      active: Object.fromEntries(BUTTONS.map((button) => [button.label, button.active?.(current) ?? false])),
      disabled: Object.fromEntries(HISTORY.map((button) => [button.label, button.disabled?.(current) ?? false])),
      link: current.isActive('link'),
    }),
  });

  const [linking, setLinking] = useState<string>();

  const applyLink = () => {
    const href = (linking ?? '').trim();
    const chain = editor.chain().focus().extendMarkRange('link');
    if (href) chain.setLink({ href }).run();
    else chain.unsetLink().run();
    setLinking(undefined);
  };
  const linkValid =
    linking === undefined || linking.trim() === '' || /^(https?:\/\/|mailto:)\S+$/i.test(linking.trim());

  return (
    <div className="rich-text-editor">
      <Space wrap size={4} className="editor-toolbar" role="toolbar" aria-label="正文格式">
        {BUTTONS.map((button) => (
          <Button
            key={button.label}
            size="small"
            autoInsertSpace={false}
            type={state.active[button.label] ? 'primary' : 'default'}
            aria-label={button.label}
            aria-pressed={state.active[button.label]}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => button.run(editor)}
          >
            {button.label}
          </Button>
        ))}
        <Button
          size="small"
          autoInsertSpace={false}
          type={state.link ? 'primary' : 'default'}
          aria-label="链接"
          aria-pressed={state.link}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => setLinking(String(editor.getAttributes('link').href ?? 'https://'))}
        >
          链接
        </Button>
        {HISTORY.map((button) => (
          <Button
            key={button.label}
            size="small"
            autoInsertSpace={false}
            aria-label={button.label}
            disabled={state.disabled[button.label]}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => button.run(editor)}
          >
            {button.label}
          </Button>
        ))}
      </Space>
      <EditorContent editor={editor} />
      <Modal
        title="链接"
        open={linking !== undefined}
        okText="确定"
        cancelText="取消"
        okButtonProps={{ disabled: !linkValid }}
        onOk={applyLink}
        onCancel={() => setLinking(undefined)}
        destroyOnHidden
      >
        <label htmlFor="rich-text-link-href">链接地址（以 http://、https:// 或 mailto: 开头，留空则去掉链接）</label>
        <Input
          id="rich-text-link-href"
          value={linking}
          status={linkValid ? undefined : 'error'}
          onChange={(event) => setLinking(event.target.value)}
          onPressEnter={() => linkValid && applyLink()}
        />
        {!linkValid && <div role="alert">链接地址须以 http://、https:// 或 mailto: 开头</div>}
      </Modal>
    </div>
  );
}
