/**
 * Moving money between the wallet and a live trading account (SPEC §6–7).
 *
 * To the account: the ledger moves the amount from the wallet to the
 * platform's account at once (the wallet's lock refuses what it does not
 * cover), then the `platform.transfer` job deposits it on the platform with
 * our reference in the deal comment. If the platform refuses for good, the
 * money goes back to the wallet (a reversing entry) and the transfer fails.
 * To the wallet: limited by the account's free margin (read now, and the
 * platform refuses a withdrawal it cannot cover, MT5 10019); the ledger
 * credits the wallet only once the platform confirms the withdrawal.
 * A lost answer is retried by the job with the earlier attempt's time, so the
 * adapter searches the deal history before sending again: applied once.
 */
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import { transferFromPlatformEntry, transferToPlatformEntry } from '../../domain/ledger/entries';
import { formatMoney, money } from '../../domain/ledger/money';
import { storedPlatformFailure } from '../../domain/platforms/client-failure';
import type { Actor } from '../../domain/roles';
import { isTradingPlatformError } from '../../integrations/platforms';
import { isUuid, newId } from '../../persistence/ids';
import { postEntry } from '../../persistence/ledger/ledger-repository';
import type { TradingTransferRow } from '../../persistence/tables/trading-tables';
import { SYSTEM_REQUEST, type AppContext, type RequestMeta } from '../app-context';
import { capabilitiesOf } from '../clients/client-money-facts';
import { lockClientStanding } from '../clients/lock-client-standing';
import { inTransaction } from '../unit-of-work';
import { platformReference, tradingTransferView } from './trading-views';

export interface TransferInput {
  tradingAccountId: string;
  direction: 'to_account' | 'to_wallet';
  /** Minor units, digits. */
  amountMinor: string;
}

/** Funds may leave an account that is active or read-only (wind-down); they may enter only an active one. */
const FROM_STATES = new Set(['active', 'read_only']);

export async function transferFunds(ctx: AppContext, meta: RequestMeta, actor: Actor, input: TransferInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  if (!isUuid(input.tradingAccountId)) throw new NotFoundError('Trading account');
  if (!/^\d{1,18}$/.test(input.amountMinor) || BigInt(input.amountMinor) === 0n) throw new ValidationError('Enter an amount above zero.', { field: 'amount' }, 'amount_invalid');
  const account = await ctx.db.selectFrom('trading_account').selectAll().where('id', '=', input.tradingAccountId).where('client_id', '=', actor.id).executeTakeFirst();
  if (!account || !account.login) throw new NotFoundError('Trading account');
  if (account.account_type !== 'live') throw new ConflictError('Demo accounts hold virtual money: no transfers.', undefined, 'demo_account');
  const amount = money(BigInt(input.amountMinor), account.currency);
  const platform = ctx.integrations.platforms[account.platform_id];
  if (!platform) throw new ServiceUnavailableError('The trading platform cannot be reached right now.', { platformId: account.platform_id }, 'platform_unavailable');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirstOrThrow();
  if (input.direction === 'to_account') {
    if (!capabilitiesOf(ctx, client).canTrade) throw new ForbiddenError('Trading is not available for your account right now.', { capability: 'trade' }, 'trade_not_allowed');
    if (account.status !== 'active') throw new ConflictError(`This account is ${account.status.replace('_', ' ')}: funds cannot be added.`, { status: account.status }, 'account_not_active');
  } else {
    if (!FROM_STATES.has(account.status)) throw new ConflictError(`This account is ${account.status.replace('_', ' ')}: funds cannot be moved out now.`, { status: account.status }, 'account_not_active');
    let free: bigint;
    try {
      free = (await platform.getBalances(account.login)).freeMarginMinor;
    } catch (error) {
      if (!isTradingPlatformError(error)) throw error;
      throw new ServiceUnavailableError('The trading platform cannot be reached right now.', { platformId: account.platform_id }, 'platform_unavailable');
    }
    if (amount.amountMinor > free) {
      throw new ValidationError(
        `You can move at most ${formatMoney(money(free > 0n ? free : 0n, account.currency))}: the account's free margin.`,
        { field: 'amount', freeMarginMinor: String(free) },
        'over_free_margin',
      );
    }
  }

  const id = newId(ctx.clock.now().getTime());
  return inTransaction(ctx, meta, async (uow) => {
    await lockClientStanding(uow.trx, client);
    const entry =
      input.direction === 'to_account'
        ? await postEntry(uow.trx, transferToPlatformEntry({ ref: { type: 'trading_transfer', id }, clientId: actor.id, platformId: account.platform_id, amount }), {
            now: uow.now,
            createdBy: `client:${actor.id}`,
          })
        : null;
    const row = await uow.trx
      .insertInto('trading_transfer')
      .values({
        id, client_id: actor.id, trading_account_id: account.id, direction: input.direction, amount_minor: amount.amountMinor, currency: amount.currency,
        status: 'pending', reference: platformReference('TT', id), created_at: uow.now, updated_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.enqueue('platform.transfer', { transferId: id });
    await uow.audit({
      actorType: 'client', actorId: actor.id, action: 'trading_transfer.requested', subjectType: 'trading_transfer', subjectId: id, clientId: actor.id,
      newValues: { direction: row.direction, amountMinor: String(row.amount_minor), currency: row.currency, tradingAccountId: account.id, reference: row.reference, ...(entry ? { entryId: entry.entryId } : {}) },
    });
    return { transfer: tradingTransferView(row) };
  });
}

/**
 * The `platform.transfer` job. Throws (so the job retries) while the outcome
 * is unknown or the platform is unreachable; records completed or failed
 * otherwise. Safe to run twice: it acts only on a pending transfer, and the
 * ledger entries are keyed by the transfer.
 */
export async function applyTransfer(ctx: AppContext, transferId: string): Promise<'completed' | 'failed' | 'skipped'> {
  const transfer = await ctx.db.selectFrom('trading_transfer').selectAll().where('id', '=', transferId).executeTakeFirst();
  if (!transfer || transfer.status !== 'pending') return 'skipped';
  const account = await ctx.db.selectFrom('trading_account').selectAll().where('id', '=', transfer.trading_account_id).executeTakeFirstOrThrow();
  const platform = ctx.integrations.platforms[account.platform_id];
  if (!platform || !account.login) throw new Error(`transfer ${transferId}: platform ${account.platform_id} is not configured`);
  const attempted = transfer.attempts > 0;
  await ctx.db.updateTable('trading_transfer').set({ attempts: transfer.attempts + 1, updated_at: ctx.clock.now() }).where('id', '=', transfer.id).execute();
  let dealId: string;
  try {
    const result = await platform.balanceOperation({
      login: account.login,
      amountMinor: transfer.direction === 'to_account' ? transfer.amount_minor : -transfer.amount_minor,
      currency: transfer.currency,
      reference: transfer.reference,
      ...(attempted ? { previousAttemptAt: transfer.created_at } : {}),
    });
    dealId = result.dealId;
  } catch (error) {
    if (!isTradingPlatformError(error) || error.retryable || error.outcomeUnknown) throw error; // the job retries; the adapter looks the reference up first
    await settleTransfer(ctx, transfer, { ok: false, reason: storedPlatformFailure(error.code, error.message) });
    return 'failed';
  }
  await settleTransfer(ctx, transfer, { ok: true, dealId });
  return 'completed';
}

async function settleTransfer(ctx: AppContext, transfer: TradingTransferRow, outcome: { ok: true; dealId: string } | { ok: false; reason: string }) {
  const account = await ctx.db.selectFrom('trading_account').select(['platform_id']).where('id', '=', transfer.trading_account_id).executeTakeFirstOrThrow();
  const amount = money(transfer.amount_minor, transfer.currency);
  const movement = { clientId: transfer.client_id, platformId: account.platform_id, amount };
  await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    // Ledger first (its own locks), then the transfer row; a second run finds the entry and a non-pending row.
    let entryId: string | null = null;
    if (outcome.ok && transfer.direction === 'to_wallet') {
      entryId = (await postEntry(uow.trx, transferFromPlatformEntry({ ...movement, ref: { type: 'trading_transfer', id: transfer.id } }), { now: uow.now, createdBy: `platform:${account.platform_id}` })).entryId;
    } else if (!outcome.ok && transfer.direction === 'to_account') {
      entryId = (
        await postEntry(
          uow.trx,
          transferFromPlatformEntry({ ...movement, ref: { type: 'trading_transfer_reversal', id: transfer.id }, description: `Transfer of ${formatMoney(amount)} refused by the platform: back to the wallet` }),
          { now: uow.now, createdBy: `platform:${account.platform_id}` },
        )
      ).entryId;
    }
    const row = await uow.trx.selectFrom('trading_transfer').selectAll().where('id', '=', transfer.id).forUpdate().executeTakeFirstOrThrow();
    if (row.status !== 'pending') return;
    await uow.trx
      .updateTable('trading_transfer')
      .set(outcome.ok ? { status: 'completed', platform_deal_id: outcome.dealId, completed_at: uow.now, updated_at: uow.now } : { status: 'failed', failure_reason: outcome.reason, updated_at: uow.now })
      .where('id', '=', transfer.id)
      .execute();
    await uow.audit({
      actorType: 'system', actorId: `platform:${account.platform_id}`, action: outcome.ok ? 'trading_transfer.completed' : 'trading_transfer.failed',
      subjectType: 'trading_transfer', subjectId: transfer.id, clientId: transfer.client_id,
      oldValues: { status: 'pending' },
      newValues: { status: outcome.ok ? 'completed' : 'failed', ...(outcome.ok ? { dealId: outcome.dealId } : { reason: outcome.reason }), ...(entryId ? { entryId } : {}) },
    });
  });
}
