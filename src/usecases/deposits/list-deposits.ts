/** The client's own deposits and wallet. (The finance review queue: deposit-review-queue.ts.) */
import { UnauthenticatedError } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import { balancesForClient } from '../../persistence/ledger/ledger-repository';
import type { AppContext } from '../app-context';
import { portalDepositView } from './deposit-views';
import { methodNameOf } from './method-name';

export async function listMyDeposits(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const rows = await ctx.db.selectFrom('deposit').selectAll().where('client_id', '=', actor.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  return { items: rows.map((row) => ({ ...portalDepositView(row), methodName: methodNameOf(ctx.config, row.entity_id, row.method_id) })) };
}

export async function getMyWallet(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const balances = await balancesForClient(ctx.db, actor.id);
  return {
    balances: balances.map((b) => ({
      currency: b.currency,
      availableMinor: String(b.available.amountMinor),
      onHoldMinor: String(b.onHold.amountMinor),
      debtMinor: String(b.debt.amountMinor),
    })),
  };
}
