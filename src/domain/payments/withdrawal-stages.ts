/**
 * The review stages of a withdrawal (SPEC §3, §6) and how they line up with
 * the withdrawal machine: which state is which stage's queue, which event is
 * which stage's approval, and which SLA target times each stage.
 */
import type { SlaTarget } from '../../config/vocabulary';
import type { WithdrawalEvent, WithdrawalState } from '../machines/withdrawal-machine';

export const WITHDRAWAL_STAGES = ['support', 'compliance', 'finance', 'supervisor'] as const;
export type WithdrawalStage = (typeof WITHDRAWAL_STAGES)[number];

/** Every withdrawal goes through these, in this order; `supervisor` is added by the plan. */
export const BASE_WITHDRAWAL_STAGES: readonly WithdrawalStage[] = ['support', 'compliance', 'finance'];

/** The stage whose queue holds a withdrawal in this state; `payout` while the provider pays; null otherwise. */
export function withdrawalStageOfState(state: WithdrawalState): WithdrawalStage | 'payout' | null {
  switch (state) {
    case 'support_review':
      return 'support';
    case 'compliance_review':
      return 'compliance';
    case 'finance_review':
      return 'finance';
    case 'supervisor_review':
      return 'supervisor';
    case 'payout_pending':
      return 'payout';
    default:
      return null;
  }
}

/** The stage an approving event signs off (the four-eyes record); undefined for other events. */
export const APPROVAL_STAGE_OF_EVENT: Readonly<Partial<Record<WithdrawalEvent, WithdrawalStage>>> = Object.freeze({
  support_approve: 'support',
  compliance_approve: 'compliance',
  finance_approve: 'finance',
  finance_refer: 'finance',
  supervisor_approve: 'supervisor',
});

export const WITHDRAWAL_STAGE_SLA_TARGET: Readonly<Record<WithdrawalStage | 'payout', SlaTarget>> = Object.freeze({
  support: 'withdrawal_support',
  compliance: 'withdrawal_compliance',
  finance: 'withdrawal_finance',
  supervisor: 'withdrawal_supervisor',
  payout: 'withdrawal_payout',
});
