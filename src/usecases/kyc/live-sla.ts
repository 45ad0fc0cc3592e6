/** The SLA timer of a case, running only while the case waits for a reviewer. */
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import { slaStatus, type SlaStatus } from '../../domain/sla/working-hours';
import type { AppContext } from '../app-context';

const RUNNING = new Set<string>(kycCaseMachine.statesTagged('needs_review'));

export function liveSla(ctx: AppContext, kycCase: { status: string; submitted_at: Date | null; sla_due_at: Date | null }, now: Date): SlaStatus | null {
  if (!RUNNING.has(kycCase.status as KycCaseState) || !kycCase.submitted_at || !kycCase.sla_due_at) return null;
  return slaStatus(kycCase.submitted_at, kycCase.sla_due_at, now, ctx.config.sla);
}
