/** What the portal and the back office see of a withdrawal. Amounts are minor units as strings (JSON has no bigint). */
import type { SlaConfig } from '../../config/schema';
import type { SlaTarget } from '../../config/vocabulary';
import type { WithdrawalState } from '../../domain/machines/withdrawal-machine';
import { clientWithdrawalStatus } from '../../domain/payments/client-payment-statuses';
import { WITHDRAWAL_STAGE_SLA_TARGET, withdrawalStageOfState } from '../../domain/payments/withdrawal-stages';
import { slaDueAt } from '../../domain/sla/sla-due';
import { slaStatus } from '../../domain/sla/working-hours';
import type { WithdrawalPayoutRow, WithdrawalRow, WithdrawalStepRow } from '../../persistence/tables/withdrawal-tables';

/** Client-facing words for a decline reason code (the staff note stays internal). */
export const DECLINE_REASON_TEXT: Readonly<Record<string, string>> = Object.freeze({
  incomplete_request: 'The request was incomplete.',
  invalid_payment_details: 'The payout details could not be used. Check your payout destination.',
  kyc_not_approved: 'Your verification must be complete and up to date before you can withdraw.',
  source_of_funds_unverified: 'We could not verify the source of your funds. Please contact support.',
  aml_concern: 'We could not process this withdrawal. Please contact support.',
  method_mismatch: 'Withdrawals must go back to the method you deposited with.',
  deposit_not_traded: 'Funds deposited recently and not traded cannot be withdrawn to another method.',
  insufficient_funds: 'Your balance does not cover this withdrawal.',
  suspected_fraud: 'We could not process this withdrawal. Please contact support.',
});

export function portalWithdrawalView(row: WithdrawalRow) {
  const status = clientWithdrawalStatus(row.status as WithdrawalState);
  const destination = row.destination as { label?: string };
  return {
    id: row.id,
    methodId: row.method_id,
    amountMinor: String(row.amount_minor),
    currency: row.currency,
    destination: destination.label ?? null,
    status,
    reason: status === 'declined' && row.decline_reason ? (DECLINE_REASON_TEXT[row.decline_reason] ?? row.decline_reason) : null,
    reasonCode: status === 'declined' ? row.decline_reason : null,
    canCancel: row.status === 'submitted',
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    paidAt: row.paid_at?.toISOString() ?? null,
  };
}

/** The SLA target timing a state: its stage's; a new request is support's, an escalation the supervisor's. */
function slaTargetOf(sla: SlaConfig, status: string): SlaTarget | null {
  const stage = withdrawalStageOfState(status as WithdrawalState) ?? (status === 'submitted' ? 'support' : status === 'escalated' ? 'supervisor' : null);
  if (stage === null) return null;
  const target = WITHDRAWAL_STAGE_SLA_TARGET[stage];
  return sla.targets[target] ? target : null;
}

/** The stage timer: running while someone has to act (including the provider, for payout). */
export function withdrawalSla(sla: SlaConfig, row: Pick<WithdrawalRow, 'status' | 'stage_entered_at'>, now: Date) {
  const target = slaTargetOf(sla, row.status);
  if (target === null) return null;
  return { target, ...slaStatus(row.stage_entered_at, slaDueAt(sla, target, row.stage_entered_at), now, sla) };
}

/** Time spent in the state a step left, in working hours against that stage's target. */
export function stepSla(sla: SlaConfig, step: Pick<WithdrawalStepRow, 'from_status' | 'at' | 'elapsed_ms'>) {
  if (step.from_status === null || step.elapsed_ms === null) return null;
  const target = slaTargetOf(sla, step.from_status);
  if (target === null) return null;
  const enteredAt = new Date(step.at.getTime() - Number(step.elapsed_ms));
  const status = slaStatus(enteredAt, slaDueAt(sla, target, enteredAt), step.at, sla);
  return { target, workingMs: status.elapsedWorkingMs, allowedWorkingMs: status.allowedWorkingMs, breached: status.breached };
}

export function staffWithdrawalView(row: WithdrawalRow, sla: SlaConfig, now: Date, client?: { name: string; email: string }) {
  return {
    id: row.id,
    clientId: row.client_id,
    ...(client ? { clientName: client.name, clientEmail: client.email } : {}),
    entityId: row.entity_id,
    methodId: row.method_id,
    methodKind: row.method_kind,
    providerId: row.provider_id,
    destinationId: row.destination_id,
    destination: row.destination,
    amountMinor: String(row.amount_minor),
    currency: row.currency,
    status: row.status,
    clientStatus: clientWithdrawalStatus(row.status as WithdrawalState),
    stages: row.stages,
    reviewReasons: row.review_reasons,
    escalatedFrom: row.escalated_from,
    stageEnteredAt: row.stage_entered_at.toISOString(),
    sla: withdrawalSla(sla, row, now),
    assignedTo: row.assigned_to,
    declineReason: row.decline_reason,
    lastNote: row.last_note,
    payoutFailureReason: row.payout_failure_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    paidAt: row.paid_at?.toISOString() ?? null,
    version: row.version,
  };
}

export function withdrawalStepView(step: WithdrawalStepRow, sla: SlaConfig) {
  return {
    stageSla: stepSla(sla, step),
    event: step.event,
    fromStatus: step.from_status,
    toStatus: step.to_status,
    actorType: step.actor_type,
    actorId: step.actor_id,
    approvedStage: step.approved_stage,
    reason: step.reason,
    note: step.note,
    elapsedMs: step.elapsed_ms === null ? null : Number(step.elapsed_ms),
    at: step.at.toISOString(),
  };
}

export function payoutView(p: WithdrawalPayoutRow) {
  return {
    id: p.id,
    attempt: p.attempt,
    providerId: p.provider_id,
    channel: p.channel,
    status: p.status,
    providerPayoutId: p.provider_payout_id,
    failureReason: p.failure_reason,
    createdAt: p.created_at.toISOString(),
    updatedAt: p.updated_at.toISOString(),
  };
}
