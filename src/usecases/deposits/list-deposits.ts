/** The client's own deposits and wallet; the finance review queue. */
import { UnauthenticatedError } from '../../domain/errors';
import { authorize, inEntityScope } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { balancesForClient } from '../../persistence/ledger/ledger-repository';
import type { AppContext } from '../app-context';
import { portalDepositView, staffDepositView } from './deposit-views';

export async function listMyDeposits(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const rows = await ctx.db.selectFrom('deposit').selectAll().where('client_id', '=', actor.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  return { items: rows.map(portalDepositView) };
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

export const REVIEW_QUEUE_STATUSES = ['under_review', 'escalated', 'credited', 'rejected', 'failed', 'awaiting_payment', 'pending', 'chargeback'] as const;

export async function depositReviewQueue(ctx: AppContext, actor: Actor, filter: { status?: (typeof REVIEW_QUEUE_STATUSES)[number] | undefined; entity?: string | undefined }) {
  authorize(actor, 'deposit.view', filter.entity ? { entityId: filter.entity } : undefined);
  let query = ctx.db
    .selectFrom('deposit')
    .innerJoin('client', 'client.id', 'deposit.client_id')
    .selectAll('deposit')
    .select(['client.first_name', 'client.last_name', 'client.email'])
    .where('deposit.status', '=', filter.status ?? 'under_review');
  if (filter.entity) query = query.where('deposit.entity_id', '=', filter.entity);
  if (actor.entityIds !== 'all') query = query.where('deposit.entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  const rows = await query.orderBy('deposit.confirmed_at', 'asc').orderBy('deposit.created_at', 'asc').limit(200).execute();
  return {
    items: rows
      .filter((r) => inEntityScope(actor, r.entity_id))
      .map(({ first_name, last_name, email, ...row }) => staffDepositView(row, { name: `${first_name} ${last_name}`, email })),
  };
}
