/**
 * The deposit review queue (finance), on the KYC queue's conventions: filter
 * by entity, status and currency; sort oldest or newest first (by the time the
 * deposit was sent to review, which is also SLA due order) or largest amount
 * first; counts per review status; pages of 50 by cursor; a timer against the
 * `deposit_review` target in working hours. Without a status filter the queue
 * shows what waits for a decision: under review and escalated.
 */
import { sql } from 'kysely';
import { ValidationError } from '../../domain/errors';
import { depositMachine, type DepositState } from '../../domain/machines/deposit-machine';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext } from '../app-context';
import { clientPaymentAlerts } from '../clients/client-flags';
import { isPlausibleInstant } from '../pagination';
import { staffDepositView } from './deposit-views';
import { DEPOSIT_REVIEW_STATES, liveDepositSla } from './deposit-sla';
import { methodNameOf } from './method-name';

export const DEPOSIT_QUEUE_PAGE = 50;
export const DEPOSIT_QUEUE_SORTS = ['oldest', 'newest', 'amount'] as const;
export type DepositQueueSort = (typeof DEPOSIT_QUEUE_SORTS)[number];
/** Every deposit state: staff may list any of them (failed, credited…), not only the review states. */
export const DEPOSIT_STATES = Object.keys(depositMachine.states) as [DepositState, ...DepositState[]];

export interface DepositQueueQuery {
  entity?: string | undefined;
  /** Default: the states that wait for a decision (under review, escalated). */
  status?: DepositState | undefined;
  currency?: string | undefined;
  /** Default: oldest first. */
  sort?: DepositQueueSort | undefined;
  cursor?: string | undefined;
}

/** States every deposit reaches only through the provider's confirmation, so `confirmed_at` is set. */
const CONFIRMED_STATES: ReadonlySet<string> = new Set<DepositState>(['confirmed', 'under_review', 'escalated', 'credited', 'rejected', 'refunded', 'chargeback']);

type CursorKey = { k: string | null; id: string };

function encode(key: CursorKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decode(cursor: string | undefined, byAmount: boolean): CursorKey | null {
  if (!cursor) return null;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as CursorKey;
    const validKey = byAmount
      ? typeof key.k === 'string' && /^\d{1,19}$/.test(key.k)
      : key.k === null || (typeof key.k === 'string' && isPlausibleInstant(new Date(key.k)));
    if (typeof key.id === 'string' && isUuid(key.id) && validKey) return key;
  } catch {
    // fall through to the refusal
  }
  throw new ValidationError('The page cursor is not valid.', { fields: { cursor: 'Not a cursor returned by this list.' } }, 'cursor_invalid');
}

export async function depositReviewQueue(ctx: AppContext, actor: Actor, query: DepositQueueQuery) {
  authorize(actor, 'deposit.view', query.entity ? { entityId: query.entity } : undefined);
  const now = ctx.clock.now();
  const statuses: readonly string[] = query.status ? [query.status] : DEPOSIT_REVIEW_STATES;
  const sort = query.sort ?? 'oldest';
  const byAmount = sort === 'amount';
  // Waiting since: when it was sent to review (the SLA start) where every deposit of the filter has one, else when it was created.
  const timeColumn = statuses.every((s) => CONFIRMED_STATES.has(s)) ? 'confirmed_at' : 'created_at';
  const column = byAmount ? 'amount_minor' : timeColumn;
  const descending = sort !== 'oldest';
  const cursor = decode(query.cursor, byAmount);

  let filtered = ctx.db.selectFrom('deposit');
  if (actor.entityIds !== 'all') filtered = filtered.where('deposit.entity_id', 'in', actor.entityIds.length ? [...actor.entityIds] : ['']);
  if (query.entity) filtered = filtered.where('deposit.entity_id', '=', query.entity);
  if (query.currency) filtered = filtered.where('deposit.currency', '=', query.currency);

  let page = filtered
    .innerJoin('client', 'client.id', 'deposit.client_id')
    .selectAll('deposit')
    .select(['client.first_name', 'client.last_name', 'client.email'])
    .where('deposit.status', 'in', statuses);
  if (cursor) {
    const after = descending ? '<' : '>';
    const k = cursor.k === null ? null : byAmount ? BigInt(cursor.k) : new Date(cursor.k);
    page = page.where((eb) =>
      k === null
        ? eb.and([eb(`deposit.${column}`, 'is', null), eb('deposit.id', after, cursor.id)])
        : eb.or([
            eb(`deposit.${column}`, after, k),
            eb.and([eb(`deposit.${column}`, '=', k), eb('deposit.id', after, cursor.id)]),
            eb(`deposit.${column}`, 'is', null),
          ]),
    );
  }
  const direction = descending ? sql`desc` : sql`asc`;
  const rows = await page
    .orderBy(sql`${sql.ref(`deposit.${column}`)} ${direction} nulls last`)
    .orderBy('deposit.id', descending ? 'desc' : 'asc')
    .limit(DEPOSIT_QUEUE_PAGE + 1)
    .execute();

  // One count per review state, each a range of the partial index deposit_review_queue_idx (migration 0006).
  const countRow: Record<string, unknown> = await ctx.db
    .selectNoFrom(DEPOSIT_REVIEW_STATES.map((status) => filtered.select(sql<bigint>`count(*)`.as('n')).where('deposit.status', '=', status).as(status)))
    .executeTakeFirstOrThrow();

  const items = rows.slice(0, DEPOSIT_QUEUE_PAGE);
  // Each client's open flags (chargebacks, refunds, debts) and debts, beside their deposits: one query each for the page.
  const alerts = await clientPaymentAlerts(ctx.db, items.map((row) => row.client_id));
  const last = items.at(-1);
  const lastKey = last ? (byAmount ? String(last.amount_minor) : (last[timeColumn]?.toISOString() ?? null)) : null;
  return {
    items: items.map(({ first_name, last_name, email, ...row }) => {
      const since = row[timeColumn];
      return {
        ...staffDepositView(row, { name: `${first_name} ${last_name}`, email }, alerts.get(row.client_id)),
        methodName: methodNameOf(ctx.config, row.entity_id, row.method_id),
        waitingSince: since?.toISOString() ?? null,
        ageMs: since ? now.getTime() - since.getTime() : null,
        sla: liveDepositSla(ctx.config, row, now),
      };
    }),
    counts: Object.fromEntries(DEPOSIT_REVIEW_STATES.map((status) => [status, Number(countRow[status])])),
    nextCursor: rows.length > DEPOSIT_QUEUE_PAGE && last ? encode({ k: lastKey, id: last.id }) : null,
  };
}
