import type { Writable } from 'node:stream';
import type { AgencyTimelinessListDto, AgencyTimelinessQuery, ArticleDto } from '@gzcredit/contracts';
import { chinaToday, formatCount } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { DownloadName } from '../../platform/files';
import { escapeHtml } from '../../platform/html';
import { MEDIA_TYPES } from '../../platform/openapi';
import type { Actor } from '../../platform/sessions';
import { writeXlsx } from '../../platform/spreadsheet';
import { overseenAgencyIds } from '../accounts';
import { loadWorkingDayCalendar } from '../calendar';
import { caseDeadline, listCaseDeadlines } from '../objections';
import { draftArticleInColumn } from '../publishing';
import { listAgencyReporting, timelinessFigures } from '../records';

type AccountabilityRow = AgencyTimelinessListDto['items'][number];
type CaseFigures = Pick<AccountabilityRow, 'objections' | 'repairs'>;

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * Objections and repair applications per agency (issue 19 item 4; issue 21 item 2; Rules Art. 16, 27): of those filed
 * in the period, how many were decided, the working days from filing to decision, and how many the agency let run
 * past their deadline (pending past it, or decided after it), read by objections' `caseDeadline`, the same reading as
 * its queues and the bureau's escalated list. A repair application's acceptance (3 working days) is the provincial
 * bureau's step, not the agency's: only the decision step counts against the agency.
 */
async function countCases(
  db: Db,
  period: AgencyTimelinessQuery,
  agencyIds: readonly number[] | 'all',
): Promise<Map<number, CaseFigures>> {
  const [{ objections, repairs }, calendar] = await Promise.all([
    listCaseDeadlines(db, period, agencyIds),
    loadWorkingDayCalendar(db),
  ]);
  const today = chinaToday();
  const figures = new Map<number, CaseFigures & { workingDays: number }>();
  const of = (agencyId: number) => {
    let entry = figures.get(agencyId);
    if (!entry) {
      entry = {
        objections: { received: 0, decided: 0, averageWorkingDays: null, overdue: 0 },
        repairs: { received: 0, decided: 0, overdue: 0 },
        workingDays: 0,
      };
      figures.set(agencyId, entry);
    }
    return entry;
  };
  for (const row of objections) {
    const entry = of(row.agencyId);
    entry.objections.received += 1;
    if (caseDeadline({ kind: 'objection', ...row }, today).late) entry.objections.overdue += 1;
    if (row.status !== 'pending' && row.decidedOn !== null) {
      entry.objections.decided += 1;
      entry.workingDays += calendar.workingDaysBetween(row.filedOn, row.decidedOn);
    }
  }
  for (const row of repairs) {
    const entry = of(row.agencyId);
    entry.repairs.received += 1;
    if (row.status === 'approved' || row.status === 'refused') entry.repairs.decided += 1;
    const deadline = caseDeadline({ kind: 'repair', ...row }, today);
    if (deadline.step === 'decision' && deadline.late) entry.repairs.overdue += 1;
  }
  for (const entry of figures.values())
    if (entry.objections.decided > 0)
      entry.objections.averageWorkingDays = round(entry.workingDays / entry.objections.decided);
  return new Map(
    [...figures].map(([agencyId, { objections: o, repairs: r }]) => [agencyId, { objections: o, repairs: r }]),
  );
}

/**
 * The accountability figures (考核, Art. 12, 27, 28) of every agency the caller oversees, for the lead departments and
 * the operator: a commission sees its region and those below it, the province every agency (accounts
 * `overseenAgencyIds`, Art. 5). Beside timeliness: corrections, revocations, records refused at validation and exchange
 * API errors (records `listAgencyReporting`), objections and repair applications with their handling (`countCases`).
 * Agencies that sent nothing are listed with zeros (`reported` false, 未报送). Ranked by rate or volume, highest first;
 * those that sent nothing last; ties by volume (or rate), then by agency id.
 */
export async function listAgencyTimeliness(
  db: Db,
  actor: Actor,
  query: AgencyTimelinessQuery,
): Promise<AgencyTimelinessListDto> {
  const overseen = await overseenAgencyIds(db, actor.agency);
  const [reporting, cases] = await Promise.all([
    listAgencyReporting(db, query, overseen),
    countCases(db, query, overseen),
  ]);
  const none: CaseFigures = {
    objections: { received: 0, decided: 0, averageWorkingDays: null, overdue: 0 },
    repairs: { received: 0, decided: 0, overdue: 0 },
  };
  const rows = reporting.map((row) => ({ ...row, ...(cases.get(row.agency.id) ?? none) }));
  const byRate = (a: (typeof rows)[number], b: (typeof rows)[number]) => (b.rate ?? -1) - (a.rate ?? -1);
  const byVolume = (a: (typeof rows)[number], b: (typeof rows)[number]) => b.volume - a.volume;
  const [first, second] = query.sort === 'volume' ? [byVolume, byRate] : [byRate, byVolume];
  rows.sort(
    (a, b) => Number(b.reported) - Number(a.reported) || first(a, b) || second(a, b) || a.agency.id - b.agency.id,
  );
  return {
    from: query.from ?? null,
    to: query.to ?? null,
    sort: query.sort,
    items: rows.map((row, index) => ({ ...row, rank: index + 1 })),
  };
}

/** The ranking as a workbook (考核排名, Art. 27): one row an agency, in ranking order, 未报送 marked. */
export async function exportAgencyTimeliness(
  db: Db,
  actor: Actor,
  query: AgencyTimelinessQuery,
): Promise<{ download: DownloadName & { mediaType: string }; write: (output: Writable) => Promise<void> }> {
  const list = await listAgencyTimeliness(db, actor, query);
  const period = `${list.from ?? '不限'}至${list.to ?? '不限'}`;
  const dash = (value: number | null) => (value === null ? '—' : value);
  return {
    download: {
      originalName: `报送考核排名_${list.from ?? '不限'}_${list.to ?? '不限'}.xlsx`,
      asciiName: 'agency-accountability.xlsx',
      mediaType: MEDIA_TYPES.xlsx,
    },
    write: (output) =>
      writeXlsx(
        output,
        [
          {
            name: '报送考核排名',
            columns: [
              { header: '排名', width: 8 },
              { header: '单位', width: 36 },
              { header: '报送情况', width: 10 },
              { header: '报送量（条）' },
              { header: '超期条数' },
              { header: '及时率（%）' },
              { header: '平均超期（工作日）' },
              { header: '更正次数' },
              { header: '撤销次数' },
              { header: '校验拒收（条）' },
              { header: '接口错误（次）' },
              { header: '收到异议（件）' },
              { header: '已处理异议（件）' },
              { header: '异议平均处理（工作日）' },
              { header: '异议超期（件）' },
              { header: '收到修复申请（件）' },
              { header: '已决定修复申请（件）' },
              { header: '修复超期（件）' },
            ],
            rows: list.items.map((row) => [
              row.rank,
              row.agency.name,
              row.reported ? '已报送' : '未报送',
              row.volume,
              row.late,
              dash(row.rate),
              dash(row.averageDaysLate),
              row.corrections,
              row.revocations,
              row.refused,
              row.apiErrors,
              row.objections.received,
              row.objections.decided,
              dash(row.objections.averageWorkingDays),
              row.objections.overdue,
              row.repairs.received,
              row.repairs.decided,
              row.repairs.overdue,
            ]),
          },
        ],
        {
          title: `各单位报送考核排名（接收日期 ${period}，按${query.sort === 'volume' ? '报送量' : '及时率'}排序）`,
          subject: '信用信息报送考核（运行管理规则第二十七条、第二十八条）',
          creator: actor.username,
          created: new Date(),
        },
      ),
  };
}

/** The last day of a `YYYY-MM` month. */
function monthEnd(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
}

/**
 * 月度通报 (Art. 27): a draft article in 通知公告 written from the month's figures of every agency the caller oversees
 * (the provincial bureau: every agency), ranked by rate, with the agencies that sent nothing named. It stays a draft
 * for the bureau's publishers to review, edit and publish (publishing module).
 */
export async function draftTimelinessNotice(
  db: Db,
  actor: Actor,
  month: string,
): Promise<{ article: ArticleDto; agencies: number; silent: number }> {
  const from = `${month}-01`;
  const to = monthEnd(month);
  const list = await listAgencyTimeliness(db, actor, { from, to, sort: 'rate' });
  const reported = list.items.filter((row) => row.reported);
  const silent = list.items.filter((row) => !row.reported);
  const total = timelinessFigures(
    reported.reduce((sum, row) => ({ volume: sum.volume + row.volume, late: sum.late + row.late, daysLate: 0 }), {
      volume: 0,
      late: 0,
      daysLate: 0,
    }),
  );
  const refused = reported.reduce((count, row) => count + row.refused, 0);
  const cases = (pick: (row: AccountabilityRow) => number) =>
    formatCount(list.items.reduce((count, row) => count + pick(row), 0));
  const [year, monthNumber] = month.split('-');
  const title = `${year}年${Number(monthNumber)}月企业公共信用信息报送情况通报`;
  const cells = (values: Array<string | number>) =>
    values.map((value) => `<td>${escapeHtml(String(value))}</td>`).join('');
  const rate = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);
  const bodyHtml = [
    `<p>根据《贵州省企业公共信用信息平台运行管理规则（试行）》，现将${year}年${Number(monthNumber)}月（${from}至${to}）各单位企业公共信用信息报送情况通报如下。</p>`,
    '<h2>一、总体情况</h2>',
    `<p>纳入统计的单位 ${formatCount(list.items.length)} 个，其中报送信息的 ${formatCount(reported.length)} 个，未报送的 ${formatCount(silent.length)} 个；共报送信息 ${formatCount(total.volume)} 条，超期报送 ${formatCount(total.late)} 条，及时率 ${rate(total.rate)}；未通过校验被拒收 ${formatCount(refused)} 条。</p>`,
    `<p>各单位收到异议 ${cases((row) => row.objections.received)} 件，已处理 ${cases((row) => row.objections.decided)} 件，超过处理期限 ${cases((row) => row.objections.overdue)} 件；收到信用修复申请 ${cases((row) => row.repairs.received)} 件，已作出决定 ${cases((row) => row.repairs.decided)} 件，超过决定期限 ${cases((row) => row.repairs.overdue)} 件。</p>`,
    '<h2>二、各单位报送情况（按及时率排名）</h2>',
    '<table><thead><tr><th>排名</th><th>单位</th><th>报送量（条）</th><th>超期条数</th><th>及时率</th><th>平均超期（工作日）</th><th>更正</th><th>撤销</th><th>校验拒收（条）</th><th>接口错误（次）</th></tr></thead><tbody>',
    ...reported.map(
      (row) =>
        `<tr>${cells([
          row.rank,
          row.agency.name,
          formatCount(row.volume),
          formatCount(row.late),
          rate(row.rate),
          row.averageDaysLate === null ? '—' : row.averageDaysLate.toFixed(1),
          ...[row.corrections, row.revocations, row.refused, row.apiErrors].map(formatCount),
        ])}</tr>`,
    ),
    '</tbody></table>',
    '<h2>三、未报送信息的单位</h2>',
    silent.length === 0
      ? '<p>无。</p>'
      : `<p>以下 ${silent.length} 个单位本月未报送信息：${silent.map((row) => escapeHtml(row.agency.name)).join('、')}。</p>`,
    '<h2>四、有关要求</h2>',
    '<p>请未报送和及时率偏低的单位对照征集目录核查本单位应报送的信息，自信息产生之日起 20 个工作日内报送；对未按照规定履行职责造成负面影响的，依照规则第二十七条追究责任。</p>',
  ].join('\n');
  const article = await draftArticleInColumn(db, actor, {
    columnCode: 'notices',
    title,
    bodyHtml,
    source: actor.agency.name,
  });
  return { article, agencies: list.items.length, silent: silent.length };
}
