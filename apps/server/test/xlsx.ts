import { inflateRawSync } from 'node:zlib';

/** The text of one part of an XLSX (a ZIP), found through its central directory: for what exceljs does not read. */
export function xlsxPart(content: Buffer, name: string): string {
  const end = content.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = content.readUInt16LE(end + 10);
  let position = content.readUInt32LE(end + 16);
  for (let index = 0; index < count; index++) {
    const nameLength = content.readUInt16LE(position + 28);
    if (content.toString('utf8', position + 46, position + 46 + nameLength) === name) {
      const local = content.readUInt32LE(position + 42);
      const start = local + 30 + content.readUInt16LE(local + 26) + content.readUInt16LE(local + 28);
      const data = content.subarray(start, start + content.readUInt32LE(position + 20));
      return (content.readUInt16LE(position + 10) === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    position += 46 + nameLength + content.readUInt16LE(position + 30) + content.readUInt16LE(position + 32);
  }
  throw new Error(`${name} is not in the workbook`);
}

/**
 * Whether the cell at `address` of the `sheet`-th worksheet has a cell format with quotePrefix="1" (ECMA-376 §18.8.45),
 * which exceljs does not read back.
 */
export function hasQuotePrefix(content: Buffer, sheet: number, address: string): boolean {
  const cell = new RegExp(`<c r="${address}"[^>]*?\\ss="(\\d+)"`).exec(
    xlsxPart(content, `xl/worksheets/sheet${sheet}.xml`),
  );
  if (!cell) return false;
  const formats = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(xlsxPart(content, 'xl/styles.xml'))![1]!;
  return /quotePrefix="1"/.test(formats.match(/<xf [^>]*?(\/>|>.*?<\/xf>)/gs)![Number(cell[1])]!);
}
