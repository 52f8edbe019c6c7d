import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvLine, neutraliseFormula, toBuffer, writeCsv, writeXlsx } from './spreadsheet';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['+SUM(1,2)', "'+SUM(1,2)"],
    ['-2+3', "'-2+3"],
    ['@cmd', "'@cmd"],
    ['\tfoo', "'\tfoo"],
    ['\rfoo', "'\rfoo"],
  ])('prefixes %j with an apostrophe', (value, expected) => {
    expect(neutraliseFormula(value)).toBe(expected);
  });

  it.each(['贵州茅台酒股份有限公司', '2026-03-15', '<script>alert(1)</script>', 'a=b', ''])(
    'leaves %j alone',
    (value) => {
      expect(neutraliseFormula(value)).toBe(value);
    },
  );
});

describe('writers', () => {
  it('quotes CSV fields that need it and neutralises them first', () => {
    expect(csvLine(['a,b', 'say "hi"', '=1+1', 12, null])).toBe(`"a,b","say ""hi""",'=1+1,12,\r\n`);
  });

  it('writes a CSV with a byte-order mark from an async iterable, however long', async () => {
    async function* rows() {
      for (let index = 0; index < 5000; index++) yield [`第${index}行`, '=cmd'];
    }
    const content = await toBuffer((output) => writeCsv(output, ['名称', '内容'], rows()));
    const text = content.toString('utf8');
    expect(text.startsWith("\uFEFF名称,内容\r\n第0行,'=cmd\r\n")).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5002);
  });

  it('writes text cells into XLSX, never formulas, neutralised as in CSV', async () => {
    const content = await toBuffer((output) =>
      writeXlsx(output, [{ name: '数据', columns: [{ header: '内容' }], rows: [['=HYPERLINK("http://x")']] }]),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const cell = workbook.getWorksheet('数据')!.getCell('A2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(`'=HYPERLINK("http://x")`);
  });

  it('waits for a slow reader instead of buffering the whole file', async () => {
    const output = new PassThrough({ highWaterMark: 1024 });
    let finished = false;
    const writing = writeCsv(
      output,
      ['列'],
      (function* () {
        for (let index = 0; index < 100_000; index++) yield ['一行内容'.repeat(4)];
      })(),
    ).then(() => {
      finished = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(finished).toBe(false);
    expect(output.readableLength).toBeLessThan(1024 * 1024);
    output.resume();
    await writing;
    expect(finished).toBe(true);
  });
});
