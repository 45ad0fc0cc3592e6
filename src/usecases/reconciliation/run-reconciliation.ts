/**
 * Reconciliation runs (SPEC §8). Finance starts one (or the daily schedule
 * does); the `reconciliation.run` job executes it:
 *
 * 1. Trading platforms, per provisioned live account, in batches of logins
 *    (keyset over trading_account, each batch's platform read overlapping the
 *    previous batch's checks and writes, so memory stays bounded whatever the
 *    number of accounts): the platform's balance and whole deal history
 *    against our transfers and the ledger's postings for them
 *    (domain/reconciliation/platform-reconciliation.ts). Then, per platform and
 *    currency, the ledger's `platform:<id>:<CUR>` balance against the sum over
 *    the accounts (ledger_unassigned).
 * 2. PSPs, per provider with a settlement source: the report of the period
 *    against our deposits and payout attempts
 *    (domain/reconciliation/settlement-reconciliation.ts).
 * Every difference is stored as a break with its evidence; what could not be
 * read is a note on the run (which still completes with what it could check).
 *
 * Transactions: the run's state changes (requested, started, completed or
 * failed) are each one transaction with their audit event; breaks are written
 * in bulk as the run goes, belong to the run, and are audited when finance
 * resolves them. A job that dies half-way is retried: it restarts the run
 * from the beginning, dropping the breaks the dead attempt wrote.
 */
import { sql } from 'kysely';
import { ValidationError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { countByKind, type BreakDraft, type RunNote } from '../../domain/reconciliation/breaks';
import { reconcileAccount, type ReconTransfer } from '../../domain/reconciliation/platform-reconciliation';
import { reconcileSettlement, shiftDate, type SettlementDeposit, type SettlementPayout } from '../../domain/reconciliation/settlement-reconciliation';
import type { TradingPlatform } from '../../integrations/platforms';
import { apiSettlementSource, type SettlementReportRow, type SettlementReportSource } from '../../integrations/psp/settlement-report';
import { isUuid, newId } from '../../persistence/ids';
import type { ReconciliationRunRow } from '../../persistence/tables/reconciliation-tables';
import { SYSTEM_REQUEST, type AppContext, type RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { readPlatformAccounts, type PlatformBatchRead } from './platform-reads';
import { runView } from './reconciliation-views';

export interface StartRunInput {
  /** Settlement report dates (UTC, YYYY-MM-DD); default the 7 days up to today. */
  settlementFrom?: string;
  settlementTo?: string;
}

const DEFAULT_DAYS = 7;
const MAX_DAYS = 93;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function settlementPeriod(now: Date, input: StartRunInput): { from: string; to: string } {
  const today = now.toISOString().slice(0, 10);
  const to = input.settlementTo ?? today;
  const from = input.settlementFrom ?? shiftDate(to, -(DEFAULT_DAYS - 1));
  for (const [field, value] of [['settlementFrom', from], ['settlementTo', to]] as const) {
    if (!DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
      throw new ValidationError('Dates are YYYY-MM-DD.', { field }, 'date_invalid');
    }
  }
  if (from > to) throw new ValidationError('The period starts after it ends.', { field: 'settlementFrom' }, 'period_invalid');
  if (to > today) throw new ValidationError('The period cannot end in the future.', { field: 'settlementTo' }, 'period_invalid');
  if (shiftDate(from, MAX_DAYS - 1) < to) throw new ValidationError(`A run covers at most ${MAX_DAYS} days of settlement reports.`, { field: 'settlementFrom' }, 'period_too_long');
  return { from, to };
}

async function createRun(ctx: AppContext, meta: RequestMeta, requestedBy: { type: 'staff' | 'system'; id: string }, input: StartRunInput): Promise<ReconciliationRunRow> {
  const period = settlementPeriod(ctx.clock.now(), input);
  return inTransaction(ctx, meta, async (uow) => {
    const row = await uow.trx
      .insertInto('reconciliation_run')
      .values({
        id: newId(uow.now.getTime()), status: 'queued', requested_by: `${requestedBy.type}:${requestedBy.id}`, requested_at: uow.now,
        settlement_from: period.from, settlement_to: period.to,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.enqueue('reconciliation.run', { runId: row.id });
    await uow.audit({
      actorType: requestedBy.type, actorId: requestedBy.id, action: 'reconciliation_run.requested', subjectType: 'reconciliation_run', subjectId: row.id,
      newValues: { status: 'queued', settlementFrom: period.from, settlementTo: period.to },
    });
    return row;
  });
}

/** Finance starts a run; the job executes it (GET the run to follow it). */
export async function startReconciliationRun(ctx: AppContext, meta: RequestMeta, actor: Actor, input: StartRunInput) {
  authorize(actor, 'reconciliation.run');
  return { run: runView(await createRun(ctx, meta, { type: 'staff', id: actor.id }, input)) };
}

/** The daily run (the schedule's job has no run id): settlement reports of yesterday and today. */
export async function requestScheduledRun(ctx: AppContext): Promise<string> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  return (await createRun(ctx, SYSTEM_REQUEST, { type: 'system', id: 'schedule' }, { settlementFrom: shiftDate(today, -1), settlementTo: today })).id;
}

// ---------------------------------------------------------------- execution

export interface ExecuteOptions {
  /** Logins per platform batch; default 500. */
  batchSize?: number;
  /** The job's attempt (≥ 2: a retry, which restarts a run left running). */
  attempt?: number;
}

export type RunOutcome = 'completed' | 'failed' | 'skipped';

const BREAK_FLUSH_ROWS = 1000;

/** Breaks of one run, written in bulk, numbered in order. */
class BreakWriter {
  private pending: BreakDraft[] = [];
  private seq = 0;
  readonly counts: Record<string, number> = {};
  constructor(
    private readonly ctx: AppContext,
    private readonly runId: string,
  ) {}

  get total(): number {
    return this.seq;
  }

  async add(drafts: readonly BreakDraft[]): Promise<void> {
    for (const d of drafts) this.pending.push(d);
    countByKind(drafts.map((d) => d.kind), this.counts);
    this.seq += drafts.length;
    if (this.pending.length >= BREAK_FLUSH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const first = this.seq - batch.length;
    const now = this.ctx.clock.now();
    await this.ctx.db
      .insertInto('reconciliation_break')
      .values(
        batch.map((d, i) => ({
          id: newId(now.getTime()), run_id: this.runId, seq: first + i + 1, kind: d.kind, platform_id: d.platformId ?? null, provider_id: d.providerId ?? null,
          trading_account_id: d.tradingAccountId ?? null, login: d.login ?? null, client_id: d.clientId ?? null, entity_id: d.entityId ?? null,
          reference: d.reference ?? null, deal_id: d.dealId ?? null, currency: d.currency ?? null, expected_minor: d.expectedMinor ?? null, actual_minor: d.actualMinor ?? null,
          evidence: JSON.stringify(d.evidence), status: 'open' as const, created_at: now,
        })),
      )
      .execute();
  }
}

interface RunTotals {
  accounts: number;
  transfers: number;
  deals: number;
  settlementRows: number;
}

export async function executeReconciliationRun(ctx: AppContext, runId: string, options: ExecuteOptions = {}): Promise<RunOutcome> {
  const claimed = await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    const run = await uow.trx.selectFrom('reconciliation_run').selectAll().where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!run) return null;
    const restart = run.status === 'running' && (options.attempt ?? 1) > 1;
    if (run.status !== 'queued' && !restart) return null;
    if (restart) await uow.trx.deleteFrom('reconciliation_break').where('run_id', '=', runId).execute();
    const started = await uow.trx.updateTable('reconciliation_run').set({ status: 'running', started_at: uow.now }).where('id', '=', runId).returningAll().executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'system', actorId: 'reconciliation', action: 'reconciliation_run.started', subjectType: 'reconciliation_run', subjectId: runId,
      oldValues: { status: run.status }, newValues: { status: 'running', ...(restart ? { restartedAfterAttempt: (options.attempt ?? 2) - 1 } : {}) },
    });
    return started;
  });
  if (!claimed) return 'skipped';

  const writer = new BreakWriter(ctx, runId);
  const notes: RunNote[] = [];
  const totals: RunTotals = { accounts: 0, transfers: 0, deals: 0, settlementRows: 0 };
  try {
    for (const [platformId, platform] of Object.entries(ctx.integrations.platforms)) {
      await reconcilePlatform(ctx, platformId, platform, options.batchSize ?? 500, writer, notes, totals);
    }
    const unconnected = await ctx.db
      .selectFrom('trading_account')
      .select((eb) => ['platform_id', eb.fn.countAll<string>().as('accounts')])
      .where('account_type', '=', 'live')
      .where('login', 'is not', null)
      .$if(Object.keys(ctx.integrations.platforms).length > 0, (q) => q.where('platform_id', 'not in', Object.keys(ctx.integrations.platforms)))
      .groupBy('platform_id')
      .execute();
    for (const u of unconnected) notes.push({ code: 'platform_not_connected', detail: `${u.platform_id}: ${u.accounts} live account(s) not checked (the platform is not connected)` });
    await reconcileProviders(ctx, claimed, writer, notes, totals);
    await writer.flush();
  } catch (error) {
    await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
      await uow.trx
        .updateTable('reconciliation_run')
        .set({ status: 'failed', finished_at: uow.now, error: (error as Error).message.slice(0, 2000), notes: JSON.stringify(notes) })
        .where('id', '=', runId)
        .execute();
      await uow.audit({
        actorType: 'system', actorId: 'reconciliation', action: 'reconciliation_run.failed', subjectType: 'reconciliation_run', subjectId: runId,
        oldValues: { status: 'running' }, newValues: { status: 'failed', error: (error as Error).message.slice(0, 500) },
      });
    });
    return 'failed';
  }

  await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    await uow.trx
      .updateTable('reconciliation_run')
      .set({
        status: 'completed', finished_at: uow.now, accounts_checked: totals.accounts, transfers_checked: totals.transfers, deals_checked: totals.deals,
        settlement_rows_checked: totals.settlementRows, break_count: writer.total, breaks_by_kind: JSON.stringify(writer.counts), notes: JSON.stringify(notes),
      })
      .where('id', '=', runId)
      .execute();
    await uow.audit({
      actorType: 'system', actorId: 'reconciliation', action: 'reconciliation_run.completed', subjectType: 'reconciliation_run', subjectId: runId,
      oldValues: { status: 'running' },
      newValues: { status: 'completed', accountsChecked: totals.accounts, settlementRowsChecked: totals.settlementRows, breakCount: writer.total, breaksByKind: writer.counts, notes },
    });
  });
  return 'completed';
}

// ---------------------------------------------------------------- trading platforms

interface AccountRow {
  id: string;
  login: string;
  client_id: string;
  entity_id: string;
  currency: string;
}

interface LoadedBatch {
  accounts: AccountRow[];
  read: PlatformBatchRead | Error;
  transfers: Map<string, ReconTransfer[]>;
}

/**
 * The transfers of these accounts, each with what the ledger's platform
 * accounts moved for it. Written as per-row lookups (LATERAL) on purpose: a
 * plan that reads all the postings of the one platform ledger account, or
 * scans the transfers, costs O(all accounts) per batch, O(n²) per run.
 */
async function transfersWithLedger(ctx: AppContext, accountIds: readonly string[], ledgerAccountIds: readonly string[]): Promise<Map<string, ReconTransfer[]>> {
  const onPlatformAccounts = ledgerAccountIds.length > 0 ? sql`p.account_id IN (${sql.join(ledgerAccountIds.map((id) => sql`${id}::uuid`))})` : sql`false`;
  const { rows } = await sql<{
    id: string; trading_account_id: string; reference: string; direction: 'to_account' | 'to_wallet'; amount_minor: bigint; status: 'pending' | 'completed' | 'failed';
    platform_deal_id: string | null; created_at: Date; ledger_minor: bigint | null;
  }>`
    SELECT t.id, t.trading_account_id, t.reference, t.direction, t.amount_minor, t.status, t.platform_deal_id, t.created_at, l.ledger_minor
      FROM (VALUES ${sql.join(accountIds.map((id) => sql`(${id}::uuid)`))}) AS a (id)
      JOIN LATERAL (SELECT * FROM trading_transfer tt WHERE tt.trading_account_id = a.id) t ON true
      LEFT JOIN LATERAL (
        SELECT sum(p.amount_minor)::bigint AS ledger_minor
          FROM journal_entry je
          JOIN posting p ON p.entry_id = je.id
         WHERE je.business_type IN ('trading_transfer', 'trading_transfer_reversal')
           AND je.business_id = t.id::text
           AND ${onPlatformAccounts}
      ) l ON true`.execute(ctx.db);
  const byAccount = new Map<string, ReconTransfer[]>();
  for (const r of rows) {
    const t: ReconTransfer = {
      id: r.id, reference: r.reference, direction: r.direction, amountMinor: BigInt(r.amount_minor), status: r.status, platformDealId: r.platform_deal_id,
      ledgerMinor: r.ledger_minor === null ? 0n : BigInt(r.ledger_minor), createdAt: r.created_at,
    };
    const list = byAccount.get(r.trading_account_id);
    if (list) list.push(t);
    else byAccount.set(r.trading_account_id, [t]);
  }
  return byAccount;
}

async function reconcilePlatform(
  ctx: AppContext,
  platformId: string,
  platform: TradingPlatform,
  batchSize: number,
  writer: BreakWriter,
  notes: RunNote[],
  totals: RunTotals,
): Promise<void> {
  const until = ctx.clock.now();
  const since = new Date(0);
  const ledgerByCurrency = new Map<string, bigint>();
  const ledgerAccountIds = (
    await ctx.db.selectFrom('ledger_account').select('id').where('kind', '=', 'platform').where('code', 'like', `platform:${platformId}:%`).execute()
  ).map((r) => r.id);
  let unreadable = 0;
  let partialHistory = false;

  const load = async (afterId: string | null): Promise<LoadedBatch | null> => {
    let query = ctx.db
      .selectFrom('trading_account')
      .select(['id', 'login', 'client_id', 'entity_id', 'currency'])
      .where('platform_id', '=', platformId)
      .where('account_type', '=', 'live')
      .where('login', 'is not', null)
      .orderBy('id')
      .limit(batchSize);
    if (afterId !== null) query = query.where('id', '>', afterId);
    const accounts = (await query.execute()) as AccountRow[];
    if (accounts.length === 0) return null;
    const [read, transfers] = await Promise.all([
      unreadable > 0 ? Promise.resolve(new Error('skipped')) : readPlatformAccounts(platform, accounts.map((a) => a.login), since, until).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))),
      transfersWithLedger(ctx, accounts.map((a) => a.id), ledgerAccountIds),
    ]);
    return { accounts, read, transfers };
  };

  let next = load(null);
  for (;;) {
    const batch = await next;
    if (!batch) break;
    next = load(batch.accounts.at(-1)!.id);
    totals.accounts += batch.accounts.length;
    for (const a of batch.accounts) {
      const transfers = batch.transfers.get(a.id) ?? [];
      totals.transfers += transfers.length;
      const ledger = transfers.reduce((sum, t) => sum + t.ledgerMinor, 0n);
      ledgerByCurrency.set(a.currency, (ledgerByCurrency.get(a.currency) ?? 0n) + ledger);
    }
    if (batch.read instanceof Error) {
      if (unreadable === 0) notes.push({ code: 'platform_unreadable', detail: `${platformId}: ${batch.read.message.slice(0, 300)}; its remaining accounts were not checked` });
      unreadable += batch.accounts.length;
      continue;
    }
    const read = batch.read;
    if (!read.fullHistory) partialHistory = true;
    const drafts: BreakDraft[] = [];
    for (const a of batch.accounts) {
      const r = read.accounts.get(a.login);
      totals.deals += r?.deals.length ?? 0;
      const result = reconcileAccount(
        { id: a.id, platformId, login: a.login, clientId: a.client_id, entityId: a.entity_id, currency: a.currency },
        batch.transfers.get(a.id) ?? [],
        { balanceMinor: r?.balances?.balanceMinor, currency: r?.balances?.currency, deals: r?.deals ?? [], fullHistory: read.fullHistory },
      );
      drafts.push(...result.breaks);
    }
    await linkExceptions(ctx, platformId, drafts);
    await writer.add(drafts);
  }

  if (unreadable > 0) {
    notes.push({ code: 'platform_accounts_unchecked', detail: `${platformId}: ${unreadable} account(s) not checked; the ledger total was not compared` });
    return;
  }
  if (partialHistory) notes.push({ code: 'platform_history_partial', detail: `${platformId}: the adapter reads balance deals only; balances were not checked against the deal history` });
  await compareLedgerTotals(ctx, platformId, ledgerByCurrency, writer);
}

/** Unknown deals the balance sync already put in finance's queue: the break says which exception and its state. */
async function linkExceptions(ctx: AppContext, platformId: string, drafts: BreakDraft[]): Promise<void> {
  const unknown = drafts.filter((d) => d.kind === 'unknown_deal' && d.dealId !== undefined);
  if (unknown.length === 0) return;
  const rows = await ctx.db
    .selectFrom('platform_exception')
    .select(['id', 'deal_id', 'status'])
    .where('platform_id', '=', platformId)
    .where('deal_id', 'in', unknown.map((d) => d.dealId!))
    .execute();
  const byDeal = new Map(rows.map((r) => [r.deal_id, r]));
  for (const d of unknown) {
    const e = byDeal.get(d.dealId!);
    if (e) d.evidence = { ...d.evidence, exceptionId: e.id, exceptionStatus: e.status };
  }
}

async function compareLedgerTotals(ctx: AppContext, platformId: string, byCurrency: Map<string, bigint>, writer: BreakWriter): Promise<void> {
  const accounts = await ctx.db
    .selectFrom('ledger_account as la')
    .innerJoin('account_balance as b', 'b.account_id', 'la.id')
    .select(['la.code', 'la.currency', 'b.balance_minor'])
    .where('la.kind', '=', 'platform')
    .where('la.code', 'like', `platform:${platformId}:%`)
    .execute();
  const currencies = new Set([...byCurrency.keys(), ...accounts.map((a) => a.currency)]);
  const drafts: BreakDraft[] = [];
  for (const currency of [...currencies].sort()) {
    const onLedger = accounts.find((a) => a.currency === currency)?.balance_minor ?? 0n;
    const explained = byCurrency.get(currency) ?? 0n;
    if (onLedger === explained) continue;
    drafts.push({
      kind: 'ledger_unassigned', platformId, currency, expectedMinor: explained, actualMinor: onLedger,
      evidence: {
        ledgerAccount: `platform:${platformId}:${currency}`, ledgerBalanceMinor: onLedger.toString(), sumOfAccountsMinor: explained.toString(),
        note: "The platform's ledger account holds postings no transfer of a provisioned live account explains.",
      },
    });
  }
  await writer.add(drafts);
}

// ---------------------------------------------------------------- PSPs

function settlementSources(ctx: AppContext): Map<string, SettlementReportSource | null> {
  const sources = new Map<string, SettlementReportSource | null>();
  for (const [providerId, settings] of Object.entries(ctx.integrations.psp)) {
    sources.set(providerId, settings.protocol === 'generic' ? apiSettlementSource(providerId, settings.client) : null);
  }
  for (const [providerId, source] of Object.entries(ctx.integrations.settlementReports ?? {})) sources.set(providerId, source);
  return sources;
}

const LOOKUP_CHUNK = 1000;

function chunked<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += LOOKUP_CHUNK) out.push(items.slice(i, i + LOOKUP_CHUNK));
  return out;
}

const DEPOSIT_COLUMNS = ['id', 'provider_id', 'client_id', 'entity_id', 'status', 'amount_minor', 'currency', 'processed_amount_minor', 'processed_currency', 'confirmed_at'] as const;

function toSettlementDeposit(r: {
  id: string; provider_id: string; client_id: string; entity_id: string; status: string; amount_minor: bigint; currency: string;
  processed_amount_minor: bigint | null; processed_currency: string | null; confirmed_at: Date | null;
}): SettlementDeposit {
  return {
    id: r.id, providerId: r.provider_id, clientId: r.client_id, entityId: r.entity_id, status: r.status, amountMinor: r.amount_minor, currency: r.currency,
    processedAmountMinor: r.processed_amount_minor, processedCurrency: r.processed_currency, confirmedAt: r.confirmed_at,
  };
}

function payoutQuery(ctx: AppContext) {
  return ctx.db
    .selectFrom('withdrawal_payout as p')
    .innerJoin('withdrawal as w', 'w.id', 'p.withdrawal_id')
    .select(['p.id', 'p.withdrawal_id', 'p.provider_id', 'p.channel', 'p.status', 'p.updated_at', 'w.client_id', 'w.entity_id', 'w.amount_minor', 'w.currency']);
}

function toSettlementPayout(r: {
  id: string; withdrawal_id: string; provider_id: string; channel: string; status: string; updated_at: Date; client_id: string; entity_id: string; amount_minor: bigint; currency: string;
}): SettlementPayout {
  return {
    id: r.id, withdrawalId: r.withdrawal_id, providerId: r.provider_id, clientId: r.client_id, entityId: r.entity_id, channel: r.channel as 'api' | 'manual',
    status: r.status, amountMinor: r.amount_minor, currency: r.currency, paidAt: r.status === 'paid' ? r.updated_at : null,
  };
}

async function reconcileProviders(ctx: AppContext, run: ReconciliationRunRow, writer: BreakWriter, notes: RunNote[], totals: RunTotals): Promise<void> {
  const from = run.settlement_from;
  const to = run.settlement_to;
  const periodStart = new Date(`${from}T00:00:00Z`);
  const periodEnd = new Date(`${shiftDate(to, 1)}T00:00:00Z`);
  for (const [providerId, source] of settlementSources(ctx)) {
    if (!source) {
      notes.push({ code: 'no_settlement_source', detail: `${providerId}: no settlement report source (set PSP_${providerId.toUpperCase()}_SETTLEMENT_FILE)` });
      continue;
    }
    let rows: SettlementReportRow[];
    try {
      rows = await source.read(shiftDate(from, -1), shiftDate(to, 1));
    } catch (error) {
      notes.push({ code: 'settlement_unreadable', detail: `${providerId} (${source.description}): ${(error as Error).message.slice(0, 300)}` });
      continue;
    }
    totals.settlementRows += rows.filter((r) => r.date >= from && r.date <= to).length;
    const depositRefs = [...new Set(rows.filter((r) => r.type !== 'payout' && isUuid(r.reference)).map((r) => r.reference))];
    const payoutRefs = [...new Set(rows.filter((r) => r.type === 'payout' && isUuid(r.reference)).map((r) => r.reference))];
    const depositsById = new Map<string, SettlementDeposit>();
    for (const ids of chunked(depositRefs)) {
      for (const r of await ctx.db.selectFrom('deposit').select([...DEPOSIT_COLUMNS]).where('id', 'in', ids).execute()) depositsById.set(r.id, toSettlementDeposit(r));
    }
    const payoutsById = new Map<string, SettlementPayout>();
    for (const ids of chunked(payoutRefs)) {
      for (const r of await payoutQuery(ctx).where('p.id', 'in', ids).execute()) payoutsById.set(r.id, toSettlementPayout(r));
    }
    const confirmed = await ctx.db
      .selectFrom('deposit')
      .select([...DEPOSIT_COLUMNS])
      .where('provider_id', '=', providerId)
      .where('confirmed_at', '>=', periodStart)
      .where('confirmed_at', '<', periodEnd)
      .execute();
    const paid = await payoutQuery(ctx)
      .where('p.provider_id', '=', providerId)
      .where('p.channel', '=', 'api')
      .where('p.status', '=', 'paid')
      .where('p.updated_at', '>=', periodStart)
      .where('p.updated_at', '<', periodEnd)
      .execute();
    const drafts = reconcileSettlement({
      providerId, dateFrom: from, dateTo: to, rows, depositsById, payoutsById,
      confirmedDeposits: confirmed.map(toSettlementDeposit), paidPayouts: paid.map(toSettlementPayout),
    });
    for (const d of drafts) d.evidence = { ...d.evidence, source: source.description };
    await writer.add(drafts);
  }
}
