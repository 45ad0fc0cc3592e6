/**
 * The parts of a payment method's audience rules a client cannot change:
 * country (allow/block), client type and risk level. A method excluded by
 * one of these is simply not shown, with no explanation: telling a client
 * "not for high-risk clients" would disclose an internal assessment, and a
 * blocked country is not something the client can fix.
 */
import type { PaymentMethod } from '../../config/schema';
import type { ClientType, RiskLevel } from '../../config/vocabulary';

export type MethodExclusion = 'country' | 'client_type' | 'risk_level';

export interface MethodAudience {
  country: string;
  clientType: ClientType;
  riskLevel: RiskLevel;
}

/** Why the rules exclude this client from the method, or undefined when they do not. */
export function methodExclusion(method: PaymentMethod, client: MethodAudience): MethodExclusion | undefined {
  const { allow, block } = method.countries ?? {};
  if ((allow !== undefined && !allow.includes(client.country)) || block?.includes(client.country)) return 'country';
  if (method.clientTypes !== undefined && !method.clientTypes.includes(client.clientType)) return 'client_type';
  if (method.riskLevels !== undefined && !method.riskLevels.includes(client.riskLevel)) return 'risk_level';
  return undefined;
}
