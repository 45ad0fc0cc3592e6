/**
 * The one way a withdrawal changes state: the row, its step (the history
 * that holds the four-eyes record and the time spent in each stage) and the
 * audit event, in the caller's transaction. When the change enters payout,
 * the payout attempt is created here too (and queued for the provider API),
 * so every path into `payout_pending` pays the same way.
 */
import type { Updateable } from 'kysely';
import type { TransitionResult } from '../../domain/machines/machine';
import type { WithdrawalEvent, WithdrawalState } from '../../domain/machines/withdrawal-machine';
import { APPROVAL_STAGE_OF_EVENT } from '../../domain/payments/withdrawal-stages';
import { newId } from '../../persistence/ids';
import type { WithdrawalRow, WithdrawalTable } from '../../persistence/tables/withdrawal-tables';
import type { AppContext } from '../app-context';
import { notifyClient } from '../notifications/notify-client';
import { money } from '../../domain/ledger/money';
import type { UnitOfWork } from '../unit-of-work';

export interface StepActor {
  type: 'client' | 'staff' | 'provider' | 'system';
  id: string;
}

export interface WithdrawalStep {
  result: TransitionResult<WithdrawalState, WithdrawalEvent>;
  actor: StepActor;
  /** Other columns the change sets. */
  set?: Updateable<WithdrawalTable>;
  /** Extra audit values (entry ids, provider references…). */
  details?: Record<string, unknown>;
}

export async function recordWithdrawalStep(ctx: AppContext, uow: UnitOfWork, w: WithdrawalRow, step: WithdrawalStep): Promise<WithdrawalRow> {
  const { result, actor } = step;
  const approvedStage = actor.type === 'staff' ? (APPROVAL_STAGE_OF_EVENT[result.event] ?? null) : null;
  const elapsedMs = BigInt(Math.max(0, uow.now.getTime() - w.stage_entered_at.getTime()));
  const updated = await uow.trx
    .updateTable('withdrawal')
    .set({
      ...step.set,
      status: result.to,
      ...(result.to !== w.status ? { stage_entered_at: uow.now } : {}),
      ...(result.note ? { last_note: result.note } : {}),
      updated_at: uow.now,
      version: w.version + 1,
    })
    .where('id', '=', w.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await uow.trx
    .insertInto('withdrawal_step')
    .values({
      withdrawal_id: w.id,
      event: result.event,
      from_status: w.status,
      to_status: result.to,
      actor_type: actor.type,
      actor_id: actor.id,
      approved_stage: approvedStage,
      reason: result.reason,
      note: result.note,
      elapsed_ms: elapsedMs,
      at: uow.now,
    })
    .execute();
  let payoutId: string | null = null;
  if (result.to === 'payout_pending') payoutId = await startPayoutAttempt(ctx, uow, updated);
  await uow.audit({
    actorType: actor.type,
    actorId: actor.id,
    action: `withdrawal.${result.event}`,
    subjectType: 'withdrawal',
    subjectId: w.id,
    clientId: w.client_id,
    oldValues: { status: w.status },
    newValues: {
      status: result.to,
      ...(approvedStage ? { approvedStage } : {}),
      ...(result.reason ? { reason: result.reason } : {}),
      ...(payoutId ? { payoutId } : {}),
      ...step.details,
    },
    note: result.note,
  });
  await notifyClient(ctx, uow, {
    kind: 'withdrawal', clientId: w.client_id, from: w.status, to: result.to, effects: result.effects, amount: money(w.amount_minor, w.currency),
    ...(clientReasonOf(result) ? { reasonCode: clientReasonOf(result) } : {}),
  });
  return updated;
}

/**
 * A new payout attempt: through the provider's payout API when Traderoom has
 * one for the provider (a job sends it, outside this transaction, with the
 * attempt id as idempotency key), otherwise manual: finance pays and records
 * the payout, its failure or its return.
 */
async function startPayoutAttempt(ctx: AppContext, uow: UnitOfWork, w: WithdrawalRow): Promise<string> {
  const last = await uow.trx
    .selectFrom('withdrawal_payout')
    .select((eb) => eb.fn.max('attempt').as('attempt'))
    .where('withdrawal_id', '=', w.id)
    .executeTakeFirst();
  const attempt = Number(last?.attempt ?? 0) + 1;
  const psp = ctx.integrations.psp[w.provider_id];
  const channel = psp?.protocol === 'generic' ? 'api' : 'manual';
  const id = newId(uow.now.getTime());
  await uow.trx
    .insertInto('withdrawal_payout')
    .values({
      id,
      withdrawal_id: w.id,
      attempt,
      provider_id: w.provider_id,
      channel,
      status: channel === 'api' ? 'initiating' : 'pending',
      created_at: uow.now,
      updated_at: uow.now,
    })
    .execute();
  if (channel === 'api') await uow.enqueue('withdrawal.payout', { payoutId: id });
  return id;
}

/** The reason the client is told: a decline's code, or what happened to the payout (the provider's own words stay with staff). */
function clientReasonOf(result: TransitionResult<WithdrawalState, WithdrawalEvent>): string | null {
  if (result.event === 'decline') return result.reason;
  if (result.event === 'payout_failed' || result.event === 'payout_returned') return result.event;
  return null;
}
