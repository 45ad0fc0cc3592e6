/**
 * One deposit as finance reviews it: the deposit with its rule hits, the
 * client, the live SLA timer, the deposit's own audit history (status
 * changes, decisions with their notes), and the decisions this staff member
 * may take now, so the UI offers no button the server would refuse.
 */
import { findEntity } from '../../config/lookups';
import { NotFoundError } from '../../domain/errors';
import { DEPOSIT_REJECTION_REASONS, depositMachine, type DepositEvent, type DepositState } from '../../domain/machines/deposit-machine';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext } from '../app-context';
import { clientPaymentAlerts } from '../clients/client-flags';
import { liveDepositSla } from './deposit-sla';
import { staffDepositView } from './deposit-views';
import { methodNameOf } from './method-name';

const HISTORY_LIMIT = 100;
const DECISIONS: readonly DepositEvent[] = ['approve', 'reject'];

export async function getDepositForStaff(ctx: AppContext, actor: Actor, depositId: string) {
  authorize(actor, 'deposit.view');
  const row = isUuid(depositId) ? await ctx.db.selectFrom('deposit').selectAll().where('id', '=', depositId).executeTakeFirst() : undefined;
  if (!row) throw new NotFoundError('Deposit');
  authorize(actor, 'deposit.view', { entityId: row.entity_id });

  const [client, history] = await Promise.all([
    ctx.db.selectFrom('client').select(['id', 'email', 'first_name', 'last_name', 'country', 'risk_level', 'risk_override']).where('id', '=', row.client_id).executeTakeFirstOrThrow(),
    ctx.db
      .selectFrom('audit_event')
      .select(['id', 'occurred_at', 'actor_type', 'actor_id', 'action', 'old_values', 'new_values', 'note'])
      .where('subject_type', '=', 'deposit')
      .where('subject_id', '=', row.id)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
  ]);
  const staffIds = [...new Set([...history.filter((e) => e.actor_type === 'staff').map((e) => e.actor_id), ...(row.decided_by ? [row.decided_by] : [])])].filter(isUuid);
  const staff = staffIds.length ? await ctx.db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', staffIds).execute() : [];
  const staffName = new Map(staff.map((s) => [s.id, s.display_name]));
  const state = row.status as DepositState;
  const roles: readonly string[] = actor.roles;
  const name = `${client.first_name} ${client.last_name}`;
  // The client's open flags (chargebacks, refunds, debts) and what the client owes, beside the deposit.
  const alerts = (await clientPaymentAlerts(ctx.db, [row.client_id])).get(row.client_id);

  return {
    deposit: {
      ...staffDepositView(row, { name, email: client.email }, alerts),
      methodName: methodNameOf(ctx.config, row.entity_id, row.method_id),
      decidedByName: row.decided_by ? (staffName.get(row.decided_by) ?? null) : null,
      sla: liveDepositSla(ctx.config, row, ctx.clock.now()),
    },
    client: {
      id: client.id,
      name,
      email: client.email,
      country: client.country,
      riskLevel: client.risk_override ?? client.risk_level,
      entity: { id: row.entity_id, name: findEntity(ctx.config, row.entity_id)?.name ?? row.entity_id },
    },
    history: history.map((e) => ({
      id: e.id,
      occurredAt: e.occurred_at.toISOString(),
      actorType: e.actor_type,
      actorId: e.actor_id,
      actorLabel: e.actor_type === 'staff' ? (staffName.get(e.actor_id) ?? e.actor_id) : e.actor_type === 'client' ? client.email : e.actor_id,
      action: e.action,
      oldValues: e.old_values,
      newValues: e.new_values,
      note: e.note,
    })),
    /** Decisions this staff member's roles may take in the deposit's current state (escalated: supervisors only). */
    allowedDecisions: DECISIONS.filter((event) => depositMachine.can(state, event) && depositMachine.firersFor(state, event).some((f) => roles.includes(f))),
    rejectionReasons: [...DEPOSIT_REJECTION_REASONS],
  };
}
