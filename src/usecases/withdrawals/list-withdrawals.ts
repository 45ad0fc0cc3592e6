/**
 * Reading withdrawals: the client's own; the back office's stage queues (the
 * KYC queue's conventions: filter by entity, currency, assignee; sort by time
 * in stage; counts per queue; pages of 50 by cursor; the stage's SLA timer);
 * one withdrawal with its history, payout attempts, the client's balances and
 * destination.
 */
import { sql } from 'kysely';
import { NotFoundError, UnauthenticatedError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import { clientBalance } from '../../persistence/ledger/ledger-repository';
import type { AppContext } from '../app-context';
import { decodeCursor, encodeCursor } from '../pagination';
import { staffDestinationView } from './payout-destinations';
import { payoutView, portalWithdrawalView, staffWithdrawalView, withdrawalStepView } from './withdrawal-views';

export const WITHDRAWAL_QUEUES = {
  support: ['submitted', 'support_review'],
  compliance: ['compliance_review'],
  finance: ['finance_review'],
  supervisor: ['supervisor_review'],
  escalated: ['escalated'],
  payout: ['payout_pending'],
  closed: ['paid', 'declined', 'cancelled'],
} as const;
export type WithdrawalQueue = keyof typeof WITHDRAWAL_QUEUES;
export const WITHDRAWAL_QUEUE_NAMES = Object.keys(WITHDRAWAL_QUEUES) as WithdrawalQueue[];
export const WITHDRAWAL_QUEUE_PAGE = 50;

export async function listMyWithdrawals(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const rows = await ctx.db.selectFrom('withdrawal').selectAll().where('client_id', '=', actor.id).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
  return { items: rows.map(portalWithdrawalView) };
}

export interface WithdrawalQueueQuery {
  queue?: WithdrawalQueue | undefined;
  entity?: string | undefined;
  currency?: string | undefined;
  /** 'me', 'unassigned' or a staff id. */
  assignee?: string | undefined;
  /** oldest (default): longest in stage first; newest: the reverse. */
  sort?: 'oldest' | 'newest' | undefined;
  cursor?: string | undefined;
}

export async function listWithdrawalQueue(ctx: AppContext, actor: Actor, query: WithdrawalQueueQuery) {
  authorize(actor, 'withdrawal.view', query.entity ? { entityId: query.entity } : undefined);
  const now = ctx.clock.now();
  const queue = query.queue ?? 'support';
  const newest = query.sort === 'newest';
  const cursor = decodeCursor(query.cursor);

  let scoped = ctx.db.selectFrom('withdrawal');
  if (actor.entityIds !== 'all') scoped = scoped.where('withdrawal.entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  if (query.entity) scoped = scoped.where('withdrawal.entity_id', '=', query.entity);
  if (query.currency) scoped = scoped.where('withdrawal.currency', '=', query.currency);
  if (query.assignee === 'unassigned') scoped = scoped.where('withdrawal.assigned_to', 'is', null);
  else if (query.assignee) {
    const assignee = query.assignee === 'me' ? actor.id : query.assignee;
    scoped = scoped.where('withdrawal.assigned_to', '=', isUuid(assignee) ? assignee : '00000000-0000-0000-0000-000000000000');
  }

  const countRows = await scoped
    .select(['withdrawal.status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('withdrawal.status', 'in', WITHDRAWAL_QUEUE_NAMES.filter((q) => q !== 'closed').flatMap((q) => [...WITHDRAWAL_QUEUES[q]]))
    .groupBy('withdrawal.status')
    .execute();
  const byStatus = new Map(countRows.map((r) => [r.status, Number(r.n)]));
  const counts = Object.fromEntries(
    WITHDRAWAL_QUEUE_NAMES.filter((q) => q !== 'closed').map((q) => [q, WITHDRAWAL_QUEUES[q].reduce((sum, s) => sum + (byStatus.get(s) ?? 0), 0)]),
  );

  let page = scoped
    .innerJoin('client', 'client.id', 'withdrawal.client_id')
    .selectAll('withdrawal')
    .select(['client.first_name', 'client.last_name', 'client.email'])
    .where('withdrawal.status', 'in', [...WITHDRAWAL_QUEUES[queue]]);
  if (cursor) {
    page = page.where(({ eb, refTuple, tuple }) =>
      eb(refTuple('withdrawal.stage_entered_at', 'withdrawal.id'), newest ? '<' : '>', tuple(sql<Date>`${cursor.at}::timestamptz`, sql<string>`${cursor.id}::uuid`)),
    );
  }
  const direction = newest ? 'desc' : 'asc';
  const rows = await page
    .orderBy('withdrawal.stage_entered_at', direction)
    .orderBy('withdrawal.id', direction)
    .limit(WITHDRAWAL_QUEUE_PAGE + 1)
    .execute();
  const more = rows.length > WITHDRAWAL_QUEUE_PAGE;
  const items = rows.slice(0, WITHDRAWAL_QUEUE_PAGE);
  const last = items.at(-1);
  return {
    queue,
    counts,
    items: items.map(({ first_name, last_name, email, ...row }) => staffWithdrawalView(row, ctx.config.sla, now, { name: `${first_name} ${last_name}`, email })),
    nextCursor: more && last ? encodeCursor(last.stage_entered_at, last.id) : null,
  };
}

export async function getWithdrawal(ctx: AppContext, actor: Actor, withdrawalId: string) {
  authorize(actor, 'withdrawal.view');
  if (!isUuid(withdrawalId)) throw new NotFoundError('Withdrawal');
  const row = await ctx.db
    .selectFrom('withdrawal')
    .innerJoin('client', 'client.id', 'withdrawal.client_id')
    .selectAll('withdrawal')
    .select(['client.first_name', 'client.last_name', 'client.email', 'client.status as client_status', 'client.risk_level', 'client.risk_override'])
    .where('withdrawal.id', '=', withdrawalId)
    .executeTakeFirst();
  if (!row) throw new NotFoundError('Withdrawal');
  authorize(actor, 'withdrawal.view', { entityId: row.entity_id });
  const { first_name, last_name, email, client_status, risk_level, risk_override, ...w } = row;
  const [steps, payouts, destination, balance] = await Promise.all([
    ctx.db.selectFrom('withdrawal_step').selectAll().where('withdrawal_id', '=', w.id).orderBy('id', 'asc').execute(),
    ctx.db.selectFrom('withdrawal_payout').selectAll().where('withdrawal_id', '=', w.id).orderBy('attempt', 'asc').execute(),
    w.destination_id ? ctx.db.selectFrom('payout_destination').selectAll().where('id', '=', w.destination_id).executeTakeFirst() : undefined,
    clientBalance(ctx.db, w.client_id, w.currency),
  ]);
  const staffIds = [...new Set(steps.filter((s) => s.actor_type === 'staff').map((s) => s.actor_id))];
  const staff = staffIds.length ? await ctx.db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', staffIds).execute() : [];
  const names = new Map(staff.map((s) => [s.id, s.display_name]));
  return {
    withdrawal: staffWithdrawalView(w, ctx.config.sla, ctx.clock.now(), { name: `${first_name} ${last_name}`, email }),
    client: { status: client_status, riskLevel: risk_override ?? risk_level },
    balance: { currency: balance.currency, availableMinor: String(balance.available.amountMinor), onHoldMinor: String(balance.onHold.amountMinor), debtMinor: String(balance.debt.amountMinor) },
    destination: destination ? staffDestinationView(destination) : null,
    steps: steps.map((s) => ({ ...withdrawalStepView(s, ctx.config.sla), actorName: s.actor_type === 'staff' ? (names.get(s.actor_id) ?? null) : null })),
    payouts: payouts.map(payoutView),
  };
}
