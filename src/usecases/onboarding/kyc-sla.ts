/** The KYC review's service target, counted in the broker's working hours. */
import type { TraderoomConfig } from '../../config/schema';
import { slaDueAt } from '../../domain/sla/sla-due';

export function kycSlaDueAt(config: TraderoomConfig, from: Date): Date {
  return slaDueAt(config.sla, 'kyc_review', from);
}
