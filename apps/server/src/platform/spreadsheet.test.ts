import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { hasQuotePrefix } from '../../test/xlsx';
import { csvLine, neutraliseFormula, toBuffer, withoutFormulaGuard, writeCsv, writeXlsx } from './spreadsheet';

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

describe('withoutFormulaGuard', () => {
  it.each(['=SUM(1)', '+86 138', '-2+3', '@cmd', '\tfoo'])(
    'takes the guard off %j as a CSV export wrote it',
    (value) => {
      expect(withoutFormulaGuard(neutraliseFormula(value))).toBe(value);
    },
  );

  it.each(["'引号开头", "'", "''=x", '普通文字'])('leaves %j, which no export guarded, alone', (value) => {
    expect(withoutFormulaGuard(value)).toBe(value);
  });
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

  it('writes a formula-like text into XLSX as it is, in the quote-prefix style, never as a formula', async () => {
    const formula = '=HYPERLINK("http://x")';
    const content = await toBuffer((output) =>
      writeXlsx(output, [
        {
          name: '数据',
          columns: [{ header: '内容' }, { header: '备注' }],
          rows: [[formula, '普通文字']],
          textColumns: true,
        },
      ]),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const cell = workbook.getWorksheet('数据')!.getCell('A2');
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(formula);
    expect(hasQuotePrefix(content, 1, 'A2')).toBe(true);
    expect(hasQuotePrefix(content, 1, 'B2')).toBe(false);
    expect(hasQuotePrefix(content, 1, 'A1')).toBe(false);
  });

  it('writes date columns into XLSX as real dates shown YYYY-MM-DD and YYYY-MM-DD HH:mm, and into CSV as that text', async () => {
    const columns = [
      { header: '信息产生日期', format: 'date' },
      { header: '平台接收时间', format: 'dateTime' },
      { header: '公示截止日期', format: 'date' },
    ] as const;
    const rows = [['2026-03-01', '2026-12-07 00:30', '长期']];
    const content = await toBuffer((output) => writeXlsx(output, [{ name: '数据', columns, rows }]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('数据')!;
    const [date, time, text] = [sheet.getCell('A2'), sheet.getCell('B2'), sheet.getCell('C2')];
    expect(date.type).toBe(ExcelJS.ValueType.Date);
    expect((date.value as Date).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect(date.numFmt).toBe('yyyy-mm-dd');
    expect(time.type).toBe(ExcelJS.ValueType.Date);
    expect((time.value as Date).toISOString()).toBe('2026-12-07T00:30:00.000Z');
    expect(time.numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(text.value).toBe('长期');

    const csv = await toBuffer((output) =>
      writeCsv(
        output,
        columns.map((column) => column.header),
        rows,
      ),
    );
    expect(csv.toString('utf8').split('\r\n')[1]).toBe('2026-03-01,2026-12-07 00:30,长期');
  });

  it('gives columns with choices a drop-down list from a hidden sheet, and prints on A4 landscape', async () => {
    const content = await toBuffer((output) =>
      writeXlsx(output, [
        {
          name: '数据',
          columns: [{ header: '名称' }, { header: '等级', choices: ['一般失信', '较重失信', '-'] }],
          rows: [],
        },
        { name: '说明', columns: [{ header: '范围', choices: ['public', 'shared'] }], rows: [] },
      ]),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => [sheet.name, sheet.state])).toEqual([
      ['数据', 'visible'],
      ['说明', 'visible'],
      ['可选值', 'hidden'],
    ]);
    const data = workbook.getWorksheet('数据')!;
    const validations = (data as unknown as { dataValidations: { model: Record<string, ExcelJS.DataValidation> } })
      .dataValidations.model;
    expect(validations.B2).toMatchObject({ type: 'list', formulae: ["'可选值'!$A$2:$A$4"], showErrorMessage: true });
    expect(validations.B10001).toEqual(validations.B2);
    expect(validations.A2).toBeUndefined();
    const lists = workbook.getWorksheet('可选值')!;
    expect(lists.getColumn(1).values.slice(1)).toEqual(['等级', '一般失信', '较重失信', '-']);
    expect(lists.getColumn(2).values.slice(1)).toEqual(['范围', 'public', 'shared']);
    for (const sheet of workbook.worksheets)
      expect(sheet.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1, fitToHeight: 0 });
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
