import {
  type FieldErrorDetail,
  WATCHLIST_ALERT_KIND_LABELS,
  type WatchlistAlertDto,
  type WatchlistAlertsQuery,
  type WatchlistBody,
  type WatchlistDto,
} from '@gzcredit/contracts';
import {
  chinaDayStart,
  chinaToday,
  DISHONESTY_LEVEL_LABELS,
  findIndustry,
  findRegion,
  formatCount,
  maskEmail,
  validateCreditCode,
} from '@gzcredit/domain';
import { sm4Decrypt, sm4Encrypt } from '../../platform/crypto';
import type { Db } from '../../platform/database';
import { AppError } from '../../platform/errors';
import type { Mailer } from '../../platform/mail';
import type { Actor } from '../../platform/sessions';
import { readVisibleRecordIds } from '../records';
import {
  type AlertCandidate,
  type AlertRow,
  attachAlertsToDigest,
  deleteWatchlist,
  findDigestAddressCipher,
  findFeedHorizon,
  findWatchlist,
  findWatchlistIdByName,
  insertAlerts,
  insertDigest,
  insertWatchlist,
  listAgenciesWithUndigestedAlerts,
  listAlertCandidates,
  listAlerts,
  listDigests,
  listDigestsToMail,
  listFeedChanges,
  listKnownItemCodes,
  listWatchlistEntities,
  listWatchlistRules,
  listWatchlists,
  lockFeedPosition,
  lockUndigestedAlerts,
  lockWatchlist,
  markAlertRead,
  markAllAlertsRead,
  markDigestMailed,
  replaceWatchlistEntries,
  updateFeedPosition,
  updateWatchlist,
  upsertDigestAddress,
  type WatchlistRow,
} from './watchlists.repository';

// --- the lists (Rules Art. 17 第二款: an agency keeps the entities it supervises) ---

function toSummary(row: WatchlistRow) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    entityCount: row.entityCount,
    ruleCount: row.ruleCount,
    unreadAlerts: row.unreadAlerts,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listAgencyWatchlists(db: Db, actor: Actor) {
  return { items: (await listWatchlists(db, actor.agency.id)).map(toSummary) };
}

export async function getWatchlist(db: Db, actor: Actor, id: number): Promise<WatchlistDto> {
  const row = await findWatchlist(db, actor.agency.id, id);
  if (!row) throw new AppError('WATCHLIST_NOT_FOUND');
  const [entities, rules] = await Promise.all([listWatchlistEntities(db, id), listWatchlistRules(db, id)]);
  return { ...toSummary(row), entities, rules };
}

/** A GB/T 4754-2017 section ('C') or a section with one of its divisions ('C13'), as enterprises carry them. */
function isIndustry(code: string): boolean {
  if (code.length === 1) return findIndustry(code)?.level === 'section';
  const division = findIndustry(code.slice(1));
  return division?.level === 'division' && division.parentCode === code[0];
}

/**
 * Checks the entities and rules, naming the row and field of each problem: every code valid and listed once, every
 * rule's region a Guizhou region, its industry a GB/T 4754 section or division, its item one of the catalogue's.
 */
async function checkEntries(db: Db, body: WatchlistBody): Promise<void> {
  const errors: FieldErrorDetail[] = [];
  const seen = new Map<string, number>();
  body.entities.forEach((entity, index) => {
    const field = `entities.${index}.creditCode`;
    const checked = validateCreditCode(entity.creditCode);
    if (!checked.valid) {
      errors.push({
        field,
        message: `第 ${index + 1} 个主体的统一社会信用代码“${entity.creditCode}”有误：${checked.message}`,
      });
      return;
    }
    const first = seen.get(checked.code);
    if (first !== undefined)
      errors.push({ field, message: `第 ${index + 1} 个主体与第 ${first + 1} 个重复（${checked.code}）` });
    else seen.set(checked.code, index);
  });
  const known = await listKnownItemCodes(
    db,
    body.rules.flatMap((rule) => (rule.itemCode ? [rule.itemCode] : [])),
  );
  body.rules.forEach((rule, index) => {
    const label = `第 ${index + 1} 条规则`;
    if (!rule.regionCode && !rule.industryCode && !rule.entityKind && !rule.itemCode)
      errors.push({ field: `rules.${index}`, message: `${label}至少应设定行政区划、行业、主体类型或信息项之一` });
    if (rule.regionCode && !findRegion(rule.regionCode))
      errors.push({
        field: `rules.${index}.regionCode`,
        message: `${label}的行政区划“${rule.regionCode}”不是贵州省现行区划`,
      });
    if (rule.industryCode && !isIndustry(rule.industryCode))
      errors.push({
        field: `rules.${index}.industryCode`,
        message: `${label}的行业“${rule.industryCode}”不是国民经济行业分类的门类或其下的大类`,
      });
    if (rule.itemCode && !known.has(rule.itemCode))
      errors.push({ field: `rules.${index}.itemCode`, message: `${label}的信息项“${rule.itemCode}”不在征集目录中` });
  });
  if (errors.length > 0) throw new AppError('WATCHLIST_INVALID', errors[0]!.message, errors);
}

function normalisedEntities(body: WatchlistBody) {
  return body.entities.map((entity) => ({ creditCode: entity.creditCode.trim().toUpperCase(), note: entity.note }));
}

export async function createWatchlist(trx: Db, actor: Actor, body: WatchlistBody): Promise<WatchlistDto> {
  await checkEntries(trx, body);
  const id = await insertWatchlist(trx, {
    agencyId: actor.agency.id,
    name: body.name,
    description: body.description,
    createdBy: actor.accountId,
  });
  if (id === undefined) throw new AppError('WATCHLIST_NAME_TAKEN', `本单位已有名为“${body.name}”的监管名单`);
  await replaceWatchlistEntries(trx, id, normalisedEntities(body), body.rules);
  return getWatchlist(trx, actor, id);
}

export async function editWatchlist(trx: Db, actor: Actor, id: number, body: WatchlistBody): Promise<WatchlistDto> {
  if (!(await lockWatchlist(trx, actor.agency.id, id))) throw new AppError('WATCHLIST_NOT_FOUND');
  await checkEntries(trx, body);
  const holder = await findWatchlistIdByName(trx, actor.agency.id, body.name);
  if (holder !== undefined && holder !== id)
    throw new AppError('WATCHLIST_NAME_TAKEN', `本单位已有名为“${body.name}”的监管名单`);
  await updateWatchlist(trx, id, { name: body.name, description: body.description });
  await replaceWatchlistEntries(trx, id, normalisedEntities(body), body.rules);
  return getWatchlist(trx, actor, id);
}

/** Deletes the list with its entries and alerts (the audit row keeps who did it). */
export async function removeWatchlist(trx: Db, actor: Actor, id: number): Promise<{ name: string }> {
  const locked = await lockWatchlist(trx, actor.agency.id, id);
  if (!locked) throw new AppError('WATCHLIST_NOT_FOUND');
  await deleteWatchlist(trx, id);
  return { name: locked.name };
}

// --- alerts ---

function toAlertDto(row: AlertRow): WatchlistAlertDto {
  return {
    id: Number(row.id),
    kind: row.kind,
    watchlist: { id: Number(row.watchlistId), name: row.watchlistName },
    recordId: Number(row.recordId),
    creditCode: row.creditCode,
    entityName: row.entityName,
    item: { code: row.itemCode, name: row.itemName },
    provider: row.providerName,
    dishonestyLevel: row.dishonestyLevel,
    previousLevel: row.previousLevel,
    aroseOn: row.aroseOn,
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
  };
}

export async function listAgencyAlerts(db: Db, actor: Actor, query: WatchlistAlertsQuery) {
  const result = await listAlerts(db, actor.agency.id, {
    kind: query.kind,
    watchlistId: query.watchlistId,
    unread: query.unread,
    creditCode: query.creditCode,
    offset: (query.page - 1) * query.pageSize,
    limit: query.pageSize,
  });
  return { items: result.rows.map(toAlertDto), total: result.total, unread: result.unread };
}

export async function readAlert(trx: Db, actor: Actor, id: number): Promise<{ marked: number }> {
  if (!(await markAlertRead(trx, actor.agency.id, id, actor.accountId)))
    throw new AppError('WATCHLIST_ALERT_NOT_FOUND');
  return { marked: 1 };
}

export async function readAllAlerts(trx: Db, actor: Actor): Promise<{ marked: number }> {
  return { marked: await markAllAlertsRead(trx, actor.agency.id, actor.accountId) };
}

const FEED_BATCH = 500;

/**
 * Turns the record change feed into alerts (Art. 17 第二款), from the job's watermark up to the horizon, one batch per
 * transaction: the batch's alerts and the advanced watermark commit together, and the unique (list, change) key makes
 * a batch run again after a crash insert nothing twice. An agency is alerted only about a record it may see under the
 * exchange settings (records' readVisibleRecordIds, the sharing rule). A version corrected again or a listing removed before the run is
 * checked as the record it was: its change still happened.
 */
export async function produceAlerts(
  db: Db,
  options: { signal?: AbortSignal } = {},
): Promise<{ alerts: number; changes: number }> {
  const total = { alerts: 0, changes: 0 };
  for (;;) {
    options.signal?.throwIfAborted();
    const batch = await db.transaction().execute(async (trx) => {
      const position = await lockFeedPosition(trx);
      const horizon = await findFeedHorizon(trx);
      const changes = await listFeedChanges(trx, position, horizon, FEED_BATCH);
      if (changes.length === 0) return { changes: 0, alerts: 0 };
      const candidates = await listAlertCandidates(
        trx,
        changes.map((change) => change.id),
      );
      const visible = await visibleCandidates(trx, candidates);
      const alerts = await insertAlerts(trx, visible);
      const last = changes.at(-1)!;
      await updateFeedPosition(trx, { txid: last.txid, changeId: last.id });
      return { changes: changes.length, alerts };
    });
    total.changes += batch.changes;
    total.alerts += batch.alerts;
    if (batch.changes < FEED_BATCH) return total;
  }
}

async function visibleCandidates(db: Db, candidates: readonly AlertCandidate[]): Promise<AlertCandidate[]> {
  const byAgency = new Map<number, AlertCandidate[]>();
  for (const candidate of candidates) {
    const list = byAgency.get(candidate.agencyId) ?? [];
    list.push(candidate);
    byAgency.set(candidate.agencyId, list);
  }
  const visible: AlertCandidate[] = [];
  for (const [agencyId, list] of byAgency) {
    const recordIds = [...new Set(list.map((candidate) => candidate.recordId))];
    const seen = await readVisibleRecordIds(db, agencyId, recordIds, ['active', 'corrected', 'removed']);
    visible.push(...list.filter((candidate) => seen.has(candidate.recordId)));
  }
  return visible;
}

// --- the daily digest ---

/** How many alerts a digest lists line by line; the rest are counted. */
const DIGEST_LINES = 200;
/** Digests not yet mailed are tried again for this many days (the SMTP server was down, or set up later). */
const MAIL_RETRY_DAYS = 7;

function digestLine(alert: AlertRow): string {
  const level = alert.dishonestyLevel ? DISHONESTY_LEVEL_LABELS[alert.dishonestyLevel] : '';
  const change =
    alert.kind === 'level_changed'
      ? `${alert.previousLevel ? DISHONESTY_LEVEL_LABELS[alert.previousLevel] : '未标注'} → ${level || '未标注'}`
      : level;
  return (
    `【${WATCHLIST_ALERT_KIND_LABELS[alert.kind]}】${alert.entityName}（${alert.creditCode}）${alert.itemName}` +
    `${change ? `，${change}` : ''}，报送单位：${alert.providerName}，监管名单：${alert.watchlistName}`
  );
}

function digestText(date: string, alerts: readonly AlertRow[]): { subject: string; body: string } {
  const counts = new Map<string, number>();
  for (const alert of alerts) counts.set(alert.kind, (counts.get(alert.kind) ?? 0) + 1);
  const summary = Object.entries(WATCHLIST_ALERT_KIND_LABELS)
    .filter(([kind]) => counts.has(kind))
    .map(([kind, label]) => `${label} ${formatCount(counts.get(kind)!)} 条`)
    .join('，');
  const lines = alerts.slice(0, DIGEST_LINES).map(digestLine);
  const rest = alerts.length - lines.length;
  return {
    subject: `监管名单预警日报（${date}）：${formatCount(alerts.length)} 条预警`,
    body: [
      `截至 ${date} 零时，本单位监管名单内的主体有 ${formatCount(alerts.length)} 条新预警：${summary}。`,
      '',
      ...lines,
      ...(rest > 0 ? ['', `另有 ${formatCount(rest)} 条，请登录管理控制台“预警提醒”查看。`] : []),
      '',
      '本邮件由贵州省企业公共信用信息平台根据《贵州省企业公共信用信息平台运行管理规则（试行）》第十七条自动发送，请勿回复。',
    ].join('\n'),
  };
}

/**
 * 预警日报 (Art. 17 第二款): one digest per agency and day, of the alerts made before that day began (China time) that
 * no earlier digest carried; the digest, its alerts' link to it and nothing else commit together, and the unique
 * (agency, day) key makes a second run that day write nothing. Then each digest not yet mailed goes to its agency's
 * mailbox when SMTP is configured, and is marked mailed: a second run sends nothing twice.
 */
export async function sendDailyDigests(
  db: Db,
  deps: { mailer: Mailer | undefined; dataKey: Buffer; log: { error(object: object, message: string): void } },
  now = new Date(),
): Promise<{ digests: number; mailed: number }> {
  await produceAlerts(db);
  const digestDate = chinaToday(now);
  const dayStart = chinaDayStart(digestDate);
  let digests = 0;
  for (const agencyId of await listAgenciesWithUndigestedAlerts(db, dayStart)) {
    const made = await db.transaction().execute(async (trx) => {
      const alerts = await lockUndigestedAlerts(trx, agencyId, dayStart);
      if (alerts.length === 0) return false;
      const text = digestText(digestDate, alerts);
      const id = await insertDigest(trx, { agencyId, digestDate, alertCount: alerts.length, ...text });
      if (id === undefined) return false;
      await attachAlertsToDigest(
        trx,
        id,
        alerts.map((alert) => Number(alert.id)),
      );
      return true;
    });
    if (made) digests += 1;
  }
  let mailed = 0;
  if (deps.mailer) {
    const since = chinaToday(new Date(now.getTime() - MAIL_RETRY_DAYS * 86_400_000));
    for (const digest of await listDigestsToMail(db, since)) {
      try {
        const address = Buffer.from(digest.digestAddressCipher!);
        await deps.mailer.send({
          to: sm4Decrypt(deps.dataKey, address),
          subject: `【贵州省企业公共信用信息平台】${digest.subject}`,
          text: digest.body,
          messageId: `<watchlist-digest-${digest.id}@gzcredit>`,
        });
        // Where it went, as the settings keep it: encrypted (the inbox shows a mask).
        await markDigestMailed(db, Number(digest.id), address);
        mailed += 1;
      } catch (error) {
        // The digest stays in the console inbox, marked unsent; the next run tries again.
        deps.log.error({ err: error, digestId: Number(digest.id) }, 'could not mail a watch-list digest');
      }
    }
  }
  return { digests, mailed };
}

/** A stored mailbox as screens show it: masked (j***@example.gov.cn), never in full (Art. 24). */
function maskedAddress(dataKey: Buffer, cipher: Buffer | null): string | null {
  return cipher ? maskEmail(sm4Decrypt(dataKey, Buffer.from(cipher))) : null;
}

export async function listAgencyDigests(db: Db, actor: Actor, dataKey: Buffer) {
  const rows = await listDigests(db, actor.agency.id, 60);
  return {
    items: rows.map((row) => ({
      id: Number(row.id),
      digestDate: row.digestDate,
      alertCount: row.alertCount,
      subject: row.subject,
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      mailedTo: maskedAddress(dataKey, row.mailedToCipher),
      mailedAt: row.mailedAt ? row.mailedAt.toISOString() : null,
    })),
  };
}

/** The digest mailbox, masked: it is stored SM4-encrypted and shown only as a mask. */
export async function getDigestSettings(db: Db, actor: Actor, deps: { mailConfigured: boolean; dataKey: Buffer }) {
  const cipher = await findDigestAddressCipher(db, actor.agency.id);
  return { digestAddress: maskedAddress(deps.dataKey, cipher), mailConfigured: deps.mailConfigured };
}

export async function setDigestAddress(
  trx: Db,
  actor: Actor,
  digestAddress: string | null,
  deps: { mailConfigured: boolean; dataKey: Buffer },
) {
  const cipher = digestAddress === null ? null : sm4Encrypt(deps.dataKey, digestAddress);
  await upsertDigestAddress(trx, actor.agency.id, cipher, actor.accountId);
  return getDigestSettings(trx, actor, deps);
}
