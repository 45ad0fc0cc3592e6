/** The configured display name of a payment method ("Debit or credit card"), or null when the configuration no longer has it. */
import { findEntity } from '../../config/lookups';
import type { TraderoomConfig } from '../../config/schema';

export function methodNameOf(config: TraderoomConfig, entityId: string, methodId: string): string | null {
  return findEntity(config, entityId)?.paymentMethods.find((m) => m.id === methodId)?.name ?? null;
}
