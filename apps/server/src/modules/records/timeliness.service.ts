import type { Writable } from 'node:stream';
import type {
  AgencyTimelinessListDto,
  AgencyTimelinessQuery,
  ArticleDto,
  TimelinessDto,
  TimelinessFigures,
  TimelinessQuery,
} from '@gzcredit/contracts';
import { chinaToday, daysLate, dueDate, formatCount, itemDeadline } from '@gzcredit/domain';
import type { Db } from '../../platform/database';
import type { DownloadName } from '../../platform/files';
import { escapeHtml } from '../../platform/html';
import { MEDIA_TYPES } from '../../platform/openapi';
import type { Actor } from '../../platform/sessions';
import { writeXlsx } from '../../platform/spreadsheet';
import { overseenAgencyIds } from '../accounts';
import { loadWorkingDayCalendar } from '../calendar';
import { type CatalogueItem, getCatalogueItem } from '../catalogue';
import { draftArticleInColumn } from '../publishing';
import { changeRecords } from './records-attestation.service';
import {
  countApiErrors,
  countExchangeOutcomes,
  countTimeliness,
  listAgencyNames,
  listDeadlinesDependingOn,
  type TimelinessCounts,
  updateDeadlines,
} from './timeliness.repository';

function figures(counts: TimelinessCounts): TimelinessFigures {
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    volume: counts.volume,
    late: counts.late,
    rate: counts.volume === 0 ? null : round(((counts.volume - counts.late) / counts.volume) * 100),
    averageDaysLate: counts.late === 0 ? null : round(counts.daysLate / counts.late),
  };
}

function sum(rows: TimelinessCounts[]): TimelinessCounts {
  return rows.reduce(
    (total, row) => ({
      volume: total.volume + row.volume,
      late: total.late + row.late,
      daysLate: total.daysLate + row.daysLate,
    }),
    { volume: 0, late: 0, daysLate: 0 },
  );
}

/**
 * 及时性 (Art. 12) of the caller's agency: of the records first received in the period, how many came after their
 * 20-working-day deadline, the share on time and the average working days late, by item and by month.
 */
export async function getTimeliness(db: Db, actor: Actor, period: TimelinessQuery): Promise<TimelinessDto> {
  const [byItem, byMonth] = await Promise.all([
    countTimeliness(db, period, 'item', [actor.agency.id]),
    countTimeliness(db, period, 'month', [actor.agency.id]),
  ]);
  return {
    from: period.from ?? null,
    to: period.to ?? null,
    total: figures(sum(byItem)),
    byItem: byItem.map((row) => ({ item: { id: Number(row.key), code: row.code, name: row.name }, ...figures(row) })),
    byMonth: byMonth.map((row) => ({ month: row.key, ...figures(row) })),
  };
}

/**
 * The accountability figures (考核, Art. 12, 27, 28) of every agency the caller oversees, for the lead departments and
 * the operator: a commission sees its region and those below it, the province every agency (accounts
 * `overseenAgencyIds`, Art. 5). Beside timeliness: corrections, revocations, records refused at validation and exchange
 * API errors of the period. Agencies that sent nothing are listed with zeros (`reported` false, 未报送). Ranked by rate
 * or volume, highest first; those that sent nothing last; ties by volume (or rate), then by agency id.
 */
export async function listAgencyTimeliness(
  db: Db,
  actor: Actor,
  query: AgencyTimelinessQuery,
): Promise<AgencyTimelinessListDto> {
  const overseen = await overseenAgencyIds(db, actor.agency);
  const [agencies, timeliness, outcomes, apiErrors] = await Promise.all([
    listAgencyNames(db, overseen),
    countTimeliness(db, query, 'agency', overseen),
    countExchangeOutcomes(db, query, overseen),
    countApiErrors(db, query, overseen),
  ]);
  const timelinessOf = new Map(timeliness.map((row) => [Number(row.key), row]));
  const outcomesOf = new Map(outcomes.map((row) => [row.agencyId, row]));
  const apiErrorsOf = new Map(apiErrors.map((row) => [row.agencyId, row.apiErrors]));
  const rows = agencies.map((agency) => {
    const counts = timelinessOf.get(agency.id) ?? { volume: 0, late: 0, daysLate: 0 };
    const outcome = outcomesOf.get(agency.id);
    return {
      agency,
      reported: counts.volume > 0,
      ...figures(counts),
      corrections: outcome?.corrections ?? 0,
      revocations: outcome?.revocations ?? 0,
      refused: outcome?.refused ?? 0,
      apiErrors: apiErrorsOf.get(agency.id) ?? 0,
    };
  });
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
  const total = figures(sum(reported.map((row) => ({ volume: row.volume, late: row.late, daysLate: 0 }))));
  const refused = reported.reduce((count, row) => count + row.refused, 0);
  const [year, monthNumber] = month.split('-');
  const title = `${year}年${Number(monthNumber)}月企业公共信用信息报送情况通报`;
  const cells = (values: Array<string | number>) =>
    values.map((value) => `<td>${escapeHtml(String(value))}</td>`).join('');
  const rate = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)}%`);
  const bodyHtml = [
    `<p>根据《贵州省企业公共信用信息平台运行管理规则（试行）》，现将${year}年${Number(monthNumber)}月（${from}至${to}）各单位企业公共信用信息报送情况通报如下。</p>`,
    '<h2>一、总体情况</h2>',
    `<p>纳入统计的单位 ${formatCount(list.items.length)} 个，其中报送信息的 ${formatCount(reported.length)} 个，未报送的 ${formatCount(silent.length)} 个；共报送信息 ${formatCount(total.volume)} 条，超期报送 ${formatCount(total.late)} 条，及时率 ${rate(total.rate)}；未通过校验被拒收 ${formatCount(refused)} 条。</p>`,
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

/**
 * After `year` got its calendar (SPEC C6): every record whose due date was provisional, or whose lateness reaches into
 * the year, gets its due date and days late computed again with the item's deadline and the first receipt; nothing
 * else changes. Idempotent (a rerun computes the same figures), in batches each committed on its own.
 */
export async function recomputeDeadlines(
  db: Db,
  year: number,
  options: { signal?: AbortSignal; batchSize?: number } = {},
): Promise<{ examined: number; changed: number }> {
  const calendar = await loadWorkingDayCalendar(db);
  const items = new Map<number, CatalogueItem>();
  let afterId = 0;
  let examined = 0;
  let changed = 0;
  for (;;) {
    options.signal?.throwIfAborted();
    const rows = await listDeadlinesDependingOn(db, year, afterId, options.batchSize ?? 1000);
    if (rows.length === 0) break;
    const updates: Array<{ id: number; dueOn: string; dueProvisional: boolean; daysLate: number }> = [];
    for (const row of rows) {
      if (!items.has(row.itemId)) items.set(row.itemId, await getCatalogueItem(db, row.itemId));
      const due = dueDate(calendar, row.aroseOn, itemDeadline(items.get(row.itemId)!));
      const late = daysLate(calendar, due.date, chinaToday(row.firstReceivedAt));
      if (due.date !== row.dueOn || due.provisional !== row.dueProvisional || late !== row.daysLate)
        updates.push({ id: row.id, dueOn: due.date, dueProvisional: due.provisional, daysLate: late });
    }
    // The feed's mirrors hold due dates and lateness too: each recomputed record is an `updated` change (Art. 16).
    await db.transaction().execute(async (trx) => {
      await updateDeadlines(trx, updates);
      await changeRecords(
        trx,
        updates.map((update) => update.id),
        'updated',
      );
    });
    examined += rows.length;
    changed += updates.length;
    afterId = rows.at(-1)!.id;
  }
  return { examined, changed };
}
