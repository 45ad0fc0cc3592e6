/**
 * The finance review's service target (config `sla.targets.deposit_review`, in
 * working hours). The timer starts when the provider confirmed the deposit and
 * the review rules sent it to finance (`confirmed_at`, set in that same
 * transaction) and runs while the deposit waits for a decision.
 */
import type { TraderoomConfig } from '../../config/schema';
import { depositMachine, type DepositState } from '../../domain/machines/deposit-machine';
import { slaDueAt } from '../../domain/sla/sla-due';
import { slaStatus, type SlaStatus } from '../../domain/sla/working-hours';

/** The states in which a deposit waits for finance (or a supervisor): under review, escalated. */
export const DEPOSIT_REVIEW_STATES: readonly DepositState[] = depositMachine
  .statesTagged('needs_review')
  .filter((state) => depositMachine.can(state, 'approve'));

const RUNNING = new Set<string>(DEPOSIT_REVIEW_STATES);

export function depositSlaDueAt(config: TraderoomConfig, confirmedAt: Date): Date {
  return slaDueAt(config.sla, 'deposit_review', confirmedAt);
}

/** The live timer, or null when the deposit does not wait for a reviewer (the timer is stopped). */
export function liveDepositSla(config: TraderoomConfig, deposit: { status: string; confirmed_at: Date | null }, now: Date): SlaStatus | null {
  if (!RUNNING.has(deposit.status) || !deposit.confirmed_at) return null;
  return slaStatus(deposit.confirmed_at, depositSlaDueAt(config, deposit.confirmed_at), now, config.sla);
}
