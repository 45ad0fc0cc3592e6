/**
 * Staff act on a withdrawal: pick it up, approve their stage, refer it to a
 * supervisor, decline, escalate, return an escalation, and (finance) record a
 * payout made, failed or returned outside the provider API. The machine says
 * who may fire what from where; this use case evaluates its guards:
 * - four_eyes: one person never approves two stages of the same withdrawal;
 * - kyc_approved: the client is active (KYC approved) with no open screening hit;
 * - supervisor_required: a plan with a supervisor stage goes through finance_refer;
 * - hold_covers_amount: the client's hold still covers the amount;
 * - no_stage_skipped: an escalation returns to its stage or an earlier one.
 * Declining releases the hold in the same transaction; the client sees the
 * reason code's words, never the note.
 */
import { ConflictError, NotFoundError } from '../../domain/errors';
import { withdrawalReleaseEntry, withdrawalReturnEntry, withdrawalSettleEntry } from '../../domain/ledger/entries';
import { withdrawalMachine, type WithdrawalEvent, type WithdrawalState } from '../../domain/machines/withdrawal-machine';
import { authorize, type StaffActor } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { fourEyesViolation, supervisorRequiredGuard, type StageApproval } from '../../domain/payments/withdrawal-plan';
import { APPROVAL_STAGE_OF_EVENT, WITHDRAWAL_STAGES, withdrawalStageOfState, type WithdrawalStage } from '../../domain/payments/withdrawal-stages';
import { isUuid } from '../../persistence/ids';
import { balanceOf, postEntry } from '../../persistence/ledger/ledger-repository';
import { holdAccount } from '../../domain/ledger/accounts';
import type { WithdrawalRow } from '../../persistence/tables/withdrawal-tables';
import type { Transaction } from 'kysely';
import type { DB } from '../../persistence/schema';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction, type UnitOfWork } from '../unit-of-work';
import { recordWithdrawalStep } from './record-withdrawal-step';
import { amountOf } from './request-withdrawal';
import { staffWithdrawalView } from './withdrawal-views';

/** The events staff fire through this use case (the client cancels through its own; the provider through callbacks). */
export const STAFF_WITHDRAWAL_EVENTS = [
  'start_review',
  'support_approve',
  'compliance_approve',
  'finance_approve',
  'finance_refer',
  'supervisor_approve',
  'decline',
  'escalate',
  'return_to_support',
  'return_to_compliance',
  'return_to_finance',
  'confirm_paid',
  'payout_failed',
  'payout_returned',
] as const satisfies readonly WithdrawalEvent[];
export type StaffWithdrawalEvent = (typeof STAFF_WITHDRAWAL_EVENTS)[number];

/** Recording what happened to a payout outside the API is the provider's word, given by finance. */
const PAYOUT_EVENTS: ReadonlySet<StaffWithdrawalEvent> = new Set(['confirm_paid', 'payout_failed', 'payout_returned']);

export interface WithdrawalActionInput {
  event: StaffWithdrawalEvent;
  note?: string | undefined;
  reason?: string | undefined;
  expectedVersion?: number | undefined;
}

const RETURN_TARGET: Partial<Record<StaffWithdrawalEvent, WithdrawalStage>> = {
  return_to_support: 'support',
  return_to_compliance: 'compliance',
  return_to_finance: 'finance',
};

async function approvalsOf(trx: Transaction<DB>, withdrawalId: string): Promise<StageApproval[]> {
  const rows = await trx
    .selectFrom('withdrawal_step')
    .select(['approved_stage', 'actor_id'])
    .where('withdrawal_id', '=', withdrawalId)
    .where('approved_stage', 'is not', null)
    .execute();
  return rows.map((r) => ({ stage: r.approved_stage as WithdrawalStage, staffId: r.actor_id }));
}

async function kycApprovedVerdict(trx: Transaction<DB>, clientId: string): Promise<string | null> {
  const client = await trx.selectFrom('client').select(['status']).where('id', '=', clientId).executeTakeFirstOrThrow();
  if (client.status !== 'active') return `The client's account is ${client.status}, not active: KYC must be approved`;
  const hit = await trx.selectFrom('screening_hit').select('id').where('client_id', '=', clientId).where('status', '=', 'open').executeTakeFirst();
  return hit ? 'The client has an open sanctions/PEP screening hit: decide it first' : null;
}

async function holdCoversVerdict(trx: Transaction<DB>, w: WithdrawalRow): Promise<string | null> {
  const hold = await balanceOf(trx, holdAccount(w.client_id, w.currency));
  return hold.amountMinor >= w.amount_minor ? null : 'The funds on hold no longer cover this withdrawal';
}

function noStageSkippedVerdict(w: WithdrawalRow, event: StaffWithdrawalEvent): string | null {
  const target = RETURN_TARGET[event];
  if (!target) return null;
  const from = (w.escalated_from ?? 'support') as WithdrawalStage;
  return WITHDRAWAL_STAGES.indexOf(target) <= WITHDRAWAL_STAGES.indexOf(from)
    ? null
    : `This withdrawal was escalated from the ${from} stage: return it there or to an earlier stage`;
}

async function guardResults(trx: Transaction<DB>, actor: StaffActor, w: WithdrawalRow, event: StaffWithdrawalEvent) {
  const results: Record<string, string | null> = {};
  for (const guard of withdrawalMachine.events[event].guards ?? []) {
    if (guard === 'four_eyes') results[guard] = fourEyesViolation(await approvalsOf(trx, w.id), actor.id, APPROVAL_STAGE_OF_EVENT[event]);
    else if (guard === 'kyc_approved') results[guard] = await kycApprovedVerdict(trx, w.client_id);
    else if (guard === 'supervisor_required') results[guard] = supervisorRequiredGuard({ stages: w.stages as WithdrawalStage[] });
    else if (guard === 'hold_covers_amount') results[guard] = await holdCoversVerdict(trx, w);
    else if (guard === 'no_stage_skipped') results[guard] = noStageSkippedVerdict(w, event);
  }
  return results;
}

/** Finance and the supervisor sign off payment only to a destination money may go to now. */
async function assertDestinationPayable(trx: Transaction<DB>, w: WithdrawalRow, now: Date): Promise<void> {
  if (!w.destination_id) return;
  const d = await trx.selectFrom('payout_destination').select(['status', 'usable_from']).where('id', '=', w.destination_id).executeTakeFirstOrThrow();
  const problem =
    d.status === 'unverified'
      ? "The payout destination's proof has not been checked: verify the destination first"
      : d.status === 'removed'
        ? 'The client removed this payout destination: decline and ask for a new request'
        : d.usable_from > now
          ? `The payout destination is in its waiting period until ${d.usable_from.toISOString()}`
          : null;
  if (problem) throw new ConflictError(problem, { destinationId: w.destination_id, destinationStatus: d.status }, 'destination_not_payable');
}

const PAYING_EVENTS: ReadonlySet<StaffWithdrawalEvent> = new Set(['finance_approve', 'finance_refer', 'supervisor_approve']);

export async function actOnWithdrawal(ctx: AppContext, meta: RequestMeta, actor: Actor, withdrawalId: string, input: WithdrawalActionInput) {
  authorize(actor, PAYOUT_EVENTS.has(input.event) ? 'withdrawal.payout.record' : 'withdrawal.decide');
  if (!isUuid(withdrawalId)) throw new NotFoundError('Withdrawal');
  return inTransaction(ctx, meta, async (uow) => {
    const w = await uow.trx.selectFrom('withdrawal').selectAll().where('id', '=', withdrawalId).forUpdate().executeTakeFirst();
    if (!w) throw new NotFoundError('Withdrawal');
    authorize(actor, 'withdrawal.decide', { entityId: w.entity_id });
    if (input.expectedVersion !== undefined && input.expectedVersion !== w.version) {
      throw new ConflictError('The withdrawal changed since you opened it; reload it.', { version: w.version }, 'stale_version');
    }
    const from = w.status as WithdrawalState;
    const result = withdrawalMachine.transition(from, input.event, {
      by: actor.roles,
      note: input.note ?? null,
      reason: input.reason ?? null,
      guardResults: await guardResults(uow.trx, actor, w, input.event),
    });
    if (PAYING_EVENTS.has(input.event)) await assertDestinationPayable(uow.trx, w, uow.now);
    const updated = PAYOUT_EVENTS.has(input.event)
      ? await recordPayoutByFinance(ctx, uow, actor, w, result)
      : await recordWithdrawalStep(ctx, uow, w, {
          result,
          actor: { type: 'staff', id: actor.id },
          set: {
            ...(input.event === 'start_review' ? { assigned_to: actor.id } : {}),
            ...(input.event === 'escalate' ? { escalated_from: withdrawalStageOfState(from) } : {}),
            ...(input.event === 'decline' ? { decline_reason: result.reason } : {}),
          },
          details: input.event === 'decline' ? { releaseEntryId: await releaseHold(uow, w, actor.id) } : {},
        });
    return { withdrawal: staffWithdrawalView(updated, ctx.config.sla, uow.now) };
  });
}

export async function releaseHold(uow: UnitOfWork, w: WithdrawalRow, by: string): Promise<string> {
  const posted = await postEntry(uow.trx, withdrawalReleaseEntry({ ref: { type: 'withdrawal', id: w.id }, clientId: w.client_id, amount: amountOf(w) }), {
    now: uow.now,
    createdBy: by.includes(':') ? by : `staff:${by}`,
  });
  return posted.entryId;
}

/** Finance records what happened to a payout (manual channel, or a provider whose callback never came). */
async function recordPayoutByFinance(ctx: AppContext, uow: UnitOfWork, actor: StaffActor, w: WithdrawalRow, result: ReturnType<typeof withdrawalMachine.transition>) {
  const payout = await uow.trx
    .selectFrom('withdrawal_payout')
    .selectAll()
    .where('withdrawal_id', '=', w.id)
    .orderBy('attempt', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
  if (!payout) throw new ConflictError('This withdrawal has no payout to record', undefined, 'no_payout');
  const outcome = result.event === 'confirm_paid' ? 'payout_paid' : result.event === 'payout_failed' ? 'payout_failed' : 'payout_returned';
  return applyPayoutResult(ctx, uow, w, payout.id, {
    outcome,
    reason: result.reason,
    result,
    actor: { type: 'staff', id: actor.id },
    createdBy: `staff:${actor.id}`,
  });
}

export interface PayoutResultInput {
  outcome: 'payout_paid' | 'payout_failed' | 'payout_returned';
  reason: string | null;
  result: ReturnType<typeof withdrawalMachine.transition>;
  actor: { type: 'staff' | 'provider'; id: string };
  createdBy: string;
  providerPayoutId?: string | undefined;
}

/**
 * The money and state of a payout outcome, whoever reports it: paid settles
 * the hold to the provider (business reference: the payout attempt), failed
 * leaves the hold and reopens finance, returned brings the money back under
 * hold (business reference: the attempt's return) and reopens finance.
 */
export async function applyPayoutResult(ctx: AppContext, uow: UnitOfWork, w: WithdrawalRow, payoutId: string, input: PayoutResultInput): Promise<WithdrawalRow> {
  const movement = { clientId: w.client_id, providerId: w.provider_id, amount: amountOf(w) };
  let entryId: string | null = null;
  if (input.outcome === 'payout_paid') {
    entryId = (await postEntry(uow.trx, withdrawalSettleEntry({ ...movement, ref: { type: 'payout', id: payoutId } }), { now: uow.now, createdBy: input.createdBy })).entryId;
  } else if (input.outcome === 'payout_returned') {
    entryId = (await postEntry(uow.trx, withdrawalReturnEntry({ ...movement, ref: { type: 'payout_return', id: payoutId } }), { now: uow.now, createdBy: input.createdBy })).entryId;
  }
  const status = input.outcome === 'payout_paid' ? 'paid' : input.outcome === 'payout_failed' ? 'failed' : 'returned';
  await uow.trx
    .updateTable('withdrawal_payout')
    .set({
      status,
      ...(input.reason ? { failure_reason: input.reason } : {}),
      ...(input.providerPayoutId ? { provider_payout_id: input.providerPayoutId } : {}),
      updated_at: uow.now,
    })
    .where('id', '=', payoutId)
    .execute();
  return recordWithdrawalStep(ctx, uow, w, {
    result: input.result,
    actor: input.actor,
    set: {
      ...(input.outcome === 'payout_paid' ? { paid_at: uow.now } : { payout_failure_reason: input.reason }),
    },
    details: { payoutId, ...(entryId ? { entryId } : {}) },
  });
}
