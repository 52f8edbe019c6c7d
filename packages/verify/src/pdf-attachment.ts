import { inflateSync } from 'node:zlib';

/**
 * The files a PDF carries as embedded files (ISO 32000 §7.11.4: streams of `/Type /EmbeddedFile`), as pdfkit's
 * `doc.file()` writes them: an uncompressed or FlateDecode stream whose `/Length` is a direct integer. Enough for the
 * platform's own reports; not a general PDF reader (no object streams, no other filters, no encryption).
 */
export function embeddedFiles(pdf: Uint8Array): Buffer[] {
  const bytes = Buffer.from(pdf);
  const text = bytes.toString('latin1');
  const files: Buffer[] = [];
  const marker = /\/Type\s*\/EmbeddedFile\b/g;
  for (let match = marker.exec(text); match; match = marker.exec(text)) {
    const dictionaryStart = text.lastIndexOf('obj', match.index);
    const streamKeyword = text.indexOf('stream', match.index);
    if (dictionaryStart < 0 || streamKeyword < 0) continue;
    const dictionary = text.slice(dictionaryStart, streamKeyword);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    if (!length) continue;
    let start = streamKeyword + 'stream'.length;
    if (text[start] === '\r') start += 1;
    if (text[start] === '\n') start += 1;
    const data = bytes.subarray(start, start + Number(length[1]));
    try {
      files.push(/\/Filter\s*\/FlateDecode\b/.test(dictionary) ? inflateSync(data) : Buffer.from(data));
    } catch {
      // A stream that does not inflate is not one of ours; the caller reports that none was found.
    }
  }
  return files;
}
