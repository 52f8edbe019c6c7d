function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Segment {
  offset: number;
  text: string;
  match: boolean;
}

function segments(text: string, fragment: string): Segment[] {
  const result: Segment[] = [];
  const pattern = new RegExp(escapeRegExp(fragment), 'gi');
  let offset = 0;
  for (const found of text.matchAll(pattern)) {
    if (found.index > offset) result.push({ offset, text: text.slice(offset, found.index), match: false });
    result.push({ offset: found.index, text: found[0], match: true });
    offset = found.index + found[0].length;
  }
  if (offset < text.length) result.push({ offset, text: text.slice(offset), match: false });
  return result;
}

/** Marks every occurrence of `fragment` in `text`; both are rendered as text, never as HTML. */
export function Highlight({ text, fragment }: { text: string; fragment: string }) {
  const needle = fragment.trim();
  if (needle === '') return text;
  return segments(text, needle).map((segment) =>
    segment.match ? <mark key={segment.offset}>{segment.text}</mark> : <span key={segment.offset}>{segment.text}</span>,
  );
}
