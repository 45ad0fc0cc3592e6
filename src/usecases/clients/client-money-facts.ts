/**
 * What the money use cases (deposits, withdrawals, payout destinations,
 * trading) read about a client: the capabilities gate, the legal name payers
 * and account holders are matched against, and the chosen payment method.
 */
import type { PaymentDirection } from '../../config/vocabulary';
import { ValidationError } from '../../domain/errors';
import { clientCapabilities, type ClientPaymentMethod } from '../../domain/kyc/client-capabilities';
import type { ClientVerificationLevel } from '../../domain/kyc/verification-level';
import type { ClientAccountState } from '../../domain/machines/client-account-machine';
import type { ClientRow } from '../../persistence/schema';
import type { AppContext } from '../app-context';

export function capabilitiesOf(ctx: AppContext, client: ClientRow) {
  return clientCapabilities(ctx.config, {
    entityId: client.entity_id,
    country: client.country,
    clientType: client.client_type,
    status: client.status as ClientAccountState,
    verificationLevel: client.verification_level as ClientVerificationLevel,
    riskLevel: client.risk_override ?? client.risk_level,
  });
}

export async function legalNameOf(ctx: AppContext, client: Pick<ClientRow, 'id' | 'first_name' | 'last_name'>, db = ctx.db): Promise<string> {
  const profile = await db.selectFrom('client_profile').select('fields').where('client_id', '=', client.id).executeTakeFirst();
  const legal = profile?.fields.legal_name;
  return typeof legal === 'string' && legal.trim() !== '' ? legal.trim() : `${client.first_name} ${client.last_name}`;
}

/** The method the client chose, refused (422) when unknown or not usable in this direction now, with the client-facing reason. */
export function paymentMethodFor(methods: readonly ClientPaymentMethod[], methodId: string, direction: PaymentDirection): ClientPaymentMethod {
  const method = methods.find((m) => m.id === methodId);
  if (!method) throw new ValidationError('This payment method does not exist.', { field: 'methodId' }, 'method_unknown');
  if (!method.directions.includes(direction)) {
    const fallback = `This payment method is not available for your ${direction === 'deposit' ? 'deposits' : 'withdrawals'}.`;
    throw new ValidationError(method.hiddenBecause ?? fallback, { field: 'methodId' }, 'method_not_available');
  }
  return method;
}
