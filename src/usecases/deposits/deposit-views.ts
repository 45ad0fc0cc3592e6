/** What the portal and the back office see of a deposit. Amounts are minor units as strings (JSON has no bigint). */
import type { DepositState } from '../../domain/machines/deposit-machine';
import { clientDepositStatus } from '../../domain/payments/client-payment-statuses';
import type { DepositRow } from '../../persistence/tables/deposit-tables';
import type { ClientDebtView, ClientFlagView } from '../clients/client-flags';

export function portalDepositView(row: DepositRow) {
  const status = clientDepositStatus(row.status as DepositState);
  return {
    id: row.id,
    methodId: row.method_id,
    amountMinor: String(row.amount_minor),
    currency: row.currency,
    status,
    /** Where to pay (hosted page), while the deposit waits for payment. */
    paymentUrl: row.status === 'pending' || row.status === 'awaiting_payment' ? row.provider_session_url : null,
    reason: status === 'failed' ? (row.failure_reason ?? row.decision_reason) : null,
    createdAt: row.created_at.toISOString(),
    creditedAt: row.credited_at?.toISOString() ?? null,
  };
}

/**
 * `alerts` (clientPaymentAlerts in ../clients/client-flags.ts): the client's
 * open flags (chargebacks, refunds, debts) and what the client owes, so staff
 * see them beside the deposit.
 */
export function staffDepositView(row: DepositRow, client?: { name: string; email: string }, alerts?: { openFlags: ClientFlagView[]; debts: ClientDebtView[] }) {
  return {
    id: row.id,
    clientId: row.client_id,
    ...(client ? { clientName: client.name, clientEmail: client.email } : {}),
    ...(alerts ? { clientOpenFlags: alerts.openFlags, clientDebts: alerts.debts } : {}),
    entityId: row.entity_id,
    methodId: row.method_id,
    methodKind: row.method_kind,
    providerId: row.provider_id,
    amountMinor: String(row.amount_minor),
    currency: row.currency,
    status: row.status,
    clientStatus: clientDepositStatus(row.status as DepositState),
    providerSessionId: row.provider_session_id,
    providerReference: row.provider_reference,
    processedAmountMinor: row.processed_amount_minor === null ? null : String(row.processed_amount_minor),
    processedCurrency: row.processed_currency,
    payerName: row.payer_name,
    ruleHits: row.rule_hits,
    failureReason: row.failure_reason,
    decisionReason: row.decision_reason,
    decisionNote: row.decision_note,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    confirmedAt: row.confirmed_at?.toISOString() ?? null,
    creditedAt: row.credited_at?.toISOString() ?? null,
    version: row.version,
  };
}
