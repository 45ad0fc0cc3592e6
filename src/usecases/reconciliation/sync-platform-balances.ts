/**
 * The balance sync with the trading platforms (SPEC §8), the
 * `platform.balance_sync` job: scheduled, and run on demand from the back
 * office. For every provisioned live account, in batches of logins:
 *   1. reads its balances and its deals since where the last sync stopped
 *      (its cursor, minus a few minutes: a deal committed late is not missed,
 *      and one read twice changes nothing);
 *   2. stores a snapshot of the balances and moves the cursor;
 *   3. matches each manager operation (balance, charge, correction, bonus,
 *      credit) to our transfers by the reference in its comment, and opens a
 *      `platform_exception` (unknown_deal, owner queue finance) for each one
 *      Traderoom did not make, with the deal as evidence — once per deal.
 * One transaction (and one audit event per exception opened) per batch: a
 * platform that stops answering half-way leaves the batches before it
 * recorded, and the next sync carries on from their cursors.
 */
import { ValidationError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import type { TradingPlatform } from '../../integrations/platforms';
import { newId } from '../../persistence/ids';
import type { PlatformExceptionEvidence } from '../../persistence/tables/reconciliation-tables';
import { SYSTEM_REQUEST, type AppContext, type RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { readPlatformAccounts } from './platform-reads';

/** Deals are read again from this far before each account's cursor. */
const CURSOR_OVERLAP_MS = 5 * 60_000;
const MANAGER_OPERATIONS = new Set(['balance', 'adjustment', 'credit']);

export interface PlatformSyncSummary {
  platformId: string;
  accounts: number;
  snapshots: number;
  dealsRead: number;
  exceptionsOpened: number;
  /** Provisioned accounts the platform did not return. */
  notOnPlatform: number;
  /** Set when the platform could not be read (the batches before stay recorded). */
  error?: string;
}

export async function syncPlatformBalances(ctx: AppContext, options: { platformId?: string; batchSize?: number } = {}): Promise<PlatformSyncSummary[]> {
  const batchSize = options.batchSize ?? 500;
  const summaries: PlatformSyncSummary[] = [];
  for (const [platformId, platform] of Object.entries(ctx.integrations.platforms)) {
    if (options.platformId !== undefined && options.platformId !== platformId) continue;
    const summary: PlatformSyncSummary = { platformId, accounts: 0, snapshots: 0, dealsRead: 0, exceptionsOpened: 0, notOnPlatform: 0 };
    summaries.push(summary);
    try {
      await syncPlatform(ctx, platformId, platform, batchSize, summary);
    } catch (error) {
      summary.error = (error as Error).message.slice(0, 500);
    }
  }
  return summaries;
}

async function syncPlatform(ctx: AppContext, platformId: string, platform: TradingPlatform, batchSize: number, summary: PlatformSyncSummary): Promise<void> {
  let afterId: string | null = null;
  for (;;) {
    let query = ctx.db
      .selectFrom('trading_account')
      .select(['id', 'login', 'client_id', 'entity_id', 'currency', 'created_at'])
      .where('platform_id', '=', platformId)
      .where('account_type', '=', 'live')
      .where('login', 'is not', null)
      .orderBy('id')
      .limit(batchSize);
    if (afterId !== null) query = query.where('id', '>', afterId);
    const accounts = await query.execute();
    if (accounts.length === 0) return;
    afterId = accounts.at(-1)!.id;
    summary.accounts += accounts.length;
    const cursorRows = await ctx.db.selectFrom('platform_sync_cursor').select(['trading_account_id', 'deals_read_until']).where('trading_account_id', 'in', accounts.map((a) => a.id)).execute();
    const cursors = new Map(cursorRows.map((c) => [c.trading_account_id, c.deals_read_until]));

    const until = ctx.clock.now();
    const since = new Date(Math.min(...accounts.map((a) => (cursors.get(a.id) ?? a.created_at).getTime())) - CURSOR_OVERLAP_MS);
    const read = await readPlatformAccounts(platform, accounts.map((a) => a.login!), since, until);

    const comments = new Set<string>();
    for (const r of read.accounts.values()) for (const d of r.deals) if (MANAGER_OPERATIONS.has(d.kind) && d.comment !== '') comments.add(d.comment);
    const owners = new Map<string, string>();
    if (comments.size > 0) {
      const rows = await ctx.db.selectFrom('trading_transfer').select(['reference', 'trading_account_id']).where('reference', 'in', [...comments]).execute();
      for (const r of rows) owners.set(r.reference, r.trading_account_id);
    }

    await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
      const snapshots = [];
      const moved = [];
      const exceptions = [];
      for (const a of accounts) {
        const r = read.accounts.get(a.login!);
        if (!r?.balances) {
          summary.notOnPlatform += 1;
          continue;
        }
        const b = r.balances;
        snapshots.push({
          trading_account_id: a.id, platform_id: platformId, login: a.login!, currency: b.currency, balance_minor: b.balanceMinor, credit_minor: b.creditMinor,
          equity_minor: b.equityMinor, margin_minor: b.marginMinor, free_margin_minor: b.freeMarginMinor, floating_minor: b.floatingMinor, taken_at: until,
        });
        moved.push({ trading_account_id: a.id, deals_read_until: until, last_synced_at: uow.now });
        summary.dealsRead += r.deals.length;
        for (const d of r.deals) {
          if (!MANAGER_OPERATIONS.has(d.kind)) continue;
          const owner = d.kind === 'balance' ? owners.get(d.comment) : undefined;
          if (owner === a.id) continue; // one of ours
          const evidence: PlatformExceptionEvidence = {
            dealId: d.dealId, kind: d.kind, platformType: d.platformType, amountMinor: d.amountMinor.toString(), balanceEffectMinor: d.balanceEffectMinor.toString(),
            currency: d.currency, comment: d.comment, time: d.time.toISOString(), ...(owner ? { referenceOfAnotherAccount: owner } : {}),
          };
          exceptions.push({
            id: newId(uow.now.getTime()), kind: 'unknown_deal' as const, platform_id: platformId, deal_id: d.dealId, trading_account_id: a.id, client_id: a.client_id,
            entity_id: a.entity_id, login: a.login!, evidence: JSON.stringify(evidence), owner_queue: 'finance' as const, status: 'open' as const, created_at: uow.now,
          });
        }
      }
      if (snapshots.length > 0) await uow.trx.insertInto('platform_balance_snapshot').values(snapshots).execute();
      if (moved.length > 0) {
        await uow.trx
          .insertInto('platform_sync_cursor')
          .values(moved)
          .onConflict((oc) => oc.column('trading_account_id').doUpdateSet((eb) => ({ deals_read_until: eb.ref('excluded.deals_read_until'), last_synced_at: eb.ref('excluded.last_synced_at') })))
          .execute();
      }
      summary.snapshots += snapshots.length;
      if (exceptions.length === 0) return;
      const opened = await uow.trx
        .insertInto('platform_exception')
        .values(exceptions)
        .onConflict((oc) => oc.columns(['platform_id', 'deal_id']).doNothing())
        .returning(['id', 'client_id', 'trading_account_id', 'deal_id', 'login'])
        .execute();
      summary.exceptionsOpened += opened.length;
      const byId = new Map(exceptions.map((e) => [e.id, e]));
      for (const e of opened) {
        await uow.audit({
          actorType: 'system', actorId: `platform:${platformId}`, action: 'platform_exception.opened', subjectType: 'platform_exception', subjectId: e.id, clientId: e.client_id,
          newValues: { kind: 'unknown_deal', status: 'open', ownerQueue: 'finance', tradingAccountId: e.trading_account_id, login: e.login, dealId: e.deal_id, evidence: JSON.parse(byId.get(e.id)!.evidence) as unknown },
        });
      }
    });
  }
}

/** Finance asks for a balance sync now (the job runs it; the schedule runs it anyway every 15 minutes). */
export async function requestPlatformBalanceSync(ctx: AppContext, meta: RequestMeta, actor: Actor, input: { platformId?: string } = {}) {
  authorize(actor, 'reconciliation.run');
  if (input.platformId !== undefined && !ctx.integrations.platforms[input.platformId]) {
    throw new ValidationError('This trading platform is not connected.', { field: 'platformId' }, 'platform_unknown');
  }
  await inTransaction(ctx, meta, async (uow) => {
    await uow.enqueue('platform.balance_sync', input.platformId !== undefined ? { platformId: input.platformId } : {});
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: 'platform_balance_sync.requested', subjectType: 'platform_balance_sync', subjectId: input.platformId ?? 'all',
      newValues: { platformId: input.platformId ?? null },
    });
  });
  return { queued: true, platformId: input.platformId ?? null };
}
