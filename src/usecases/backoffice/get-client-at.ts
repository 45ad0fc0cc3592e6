/**
 * The point-in-time view (SPEC §9, issue 7): a client's record as it stood at
 * a past moment, rebuilt from the client's audit events up to then (folded in
 * stream order by src/domain/point-in-time), with the wallet balances summed
 * from the ledger entries up to then, the events that made it, and a plain
 * list of what the trail cannot tell. Read-only; staff who may read the
 * client's timeline may read this (it is a fold of the same events).
 */
import { ValidationError } from '../../domain/errors';
import { roleMayPerform } from '../../domain/permissions';
import { foldClientTrail } from '../../domain/point-in-time/fold-client-trail';
import type { TrailEvent } from '../../domain/point-in-time/trail-event';
import type { Actor } from '../../domain/roles';
import { clientBalancesAt } from '../../persistence/ledger/client-balances-at';
import type { AppContext } from '../app-context';
import { loadClientForStaff } from './get-client-detail';

/** Events folded at most; a longer trail is refused rather than folded partly (a partial fold would be a wrong record). */
export const POINT_IN_TIME_MAX_EVENTS = 50_000;
/** The most recent events returned with the record; the timeline pages through the rest. */
export const POINT_IN_TIME_EVENTS_SHOWN = 500;

/** What this view never shows, whatever the trail holds. */
const STANDING_NOTES = [
  'Wallet balances are summed from the ledger entries up to this moment, not from the audit trail.',
  'Trading account balances and positions live on the platform and are not part of the trail.',
  'Deposits, withdrawals and payout destinations are in the timeline below; this view shows their effect on the wallet only.',
];

export async function getClientAt(ctx: AppContext, actor: Actor, clientId: string, at: Date) {
  const client = await loadClientForStaff(ctx, actor, 'client.timeline.view', clientId);
  const now = ctx.clock.now();
  if (Number.isNaN(at.getTime())) throw new ValidationError('Give the moment as an ISO date and time.', { fields: { at: 'Not a date and time' } }, 'at_invalid');
  if (at.getTime() > now.getTime()) {
    throw new ValidationError('The moment is in the future: the record can only be shown as it was.', { fields: { at: `At most ${now.toISOString()}` } }, 'at_in_future');
  }
  const rows = await ctx.db
    .selectFrom('audit_event')
    .select(['id', 'seq', 'occurred_at', 'actor_type', 'actor_id', 'action', 'subject_type', 'subject_id', 'old_values', 'new_values', 'note', 'hash'])
    .where('client_id', '=', client.id)
    .where('occurred_at', '<=', at)
    .orderBy('seq')
    .limit(POINT_IN_TIME_MAX_EVENTS + 1)
    .execute();
  if (rows.length > POINT_IN_TIME_MAX_EVENTS) {
    throw new ValidationError(`This client's trail up to that moment has more than ${POINT_IN_TIME_MAX_EVENTS} events; use the audit export.`, undefined, 'trail_too_long');
  }
  const events: TrailEvent[] = rows.map((row) => ({
    id: row.id,
    seq: String(row.seq),
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    oldValues: row.old_values as Record<string, unknown> | null,
    newValues: row.new_values as Record<string, unknown> | null,
    note: row.note,
  }));
  const fold = foldClientTrail(client.id, events);
  // The same roles read the wallet today; asked separately so the two permissions can part later.
  const mayViewWallet = actor.type === 'staff' && actor.roles.some((role) => roleMayPerform(role, 'wallet.view'));
  const balances = mayViewWallet && fold.record ? await clientBalancesAt(ctx.db, client.id, at) : [];

  const shownFrom = Math.max(0, events.length - POINT_IN_TIME_EVENTS_SHOWN);
  const shown = events.slice(shownFrom).map((event, i) => ({ event, effect: fold.effects[shownFrom + i]! })).reverse();
  const labels = await actorLabels(ctx, client, shown.map((s) => s.event));
  const last = rows.at(-1);
  const count = (effect: string) => fold.effects.filter((e) => e === effect).length;

  return {
    clientId: client.id,
    at: at.toISOString(),
    generatedAt: now.toISOString(),
    /** False when the client had no event yet at that moment (registered later). */
    existed: fold.record !== null,
    registeredAt: client.created_at,
    record: fold.record,
    /** Null when this staff member may not read wallets. */
    walletBalances: mayViewWallet
      ? balances.map((b) => ({ currency: b.currency, availableMinor: String(b.availableMinor), onHoldMinor: String(b.onHoldMinor), debtMinor: String(b.debtMinor) }))
      : null,
    trail: {
      eventCount: events.length,
      applied: count('applied'),
      outsideRecord: count('outside_record'),
      unknown: count('unknown'),
      /** The chain head at that moment: `npm run audit:verify` proves nothing before it was changed. */
      lastSeq: last ? String(last.seq) : null,
      lastHash: last?.hash ?? null,
      lastEventAt: last?.occurred_at.toISOString() ?? null,
    },
    gaps: [...fold.gaps, ...STANDING_NOTES],
    events: {
      items: shown.map(({ event, effect }) => ({
        id: event.id,
        seq: event.seq,
        occurredAt: event.occurredAt,
        actorType: event.actorType,
        actorId: event.actorId,
        actorLabel: labels(event.actorType, event.actorId),
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        oldValues: event.oldValues,
        newValues: event.newValues,
        note: event.note,
        effect,
      })),
      truncated: shownFrom > 0,
    },
  };
}

async function actorLabels(ctx: AppContext, client: { id: string; email: string }, events: readonly TrailEvent[]) {
  const staffIds = [...new Set(events.filter((e) => e.actorType === 'staff').map((e) => e.actorId))];
  const staff = staffIds.length ? await ctx.db.selectFrom('staff').select(['id', 'email', 'display_name']).where('id', 'in', staffIds).execute() : [];
  const names = new Map(staff.map((s) => [s.id, `${s.display_name} <${s.email}>`]));
  return (type: string, id: string) => (type === 'staff' ? (names.get(id) ?? id) : type === 'client' && id === client.id ? client.email : id);
}
