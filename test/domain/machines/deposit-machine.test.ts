import { depositMachine, type DepositEvent, type DepositState } from '../../../src/domain/machines/deposit-machine';
import type { Firer } from '../../../src/domain/machines/machine';
import { runMachineTable, type MachineExpectation } from './machine-table';

const FINANCE: Firer[] = ['finance', 'supervisor'];
const SUPERVISOR: Firer[] = ['supervisor'];
const PROVIDER_OR_FINANCE: Firer[] = ['provider', 'finance'];

const expectation: MachineExpectation<DepositState, DepositEvent> = {
  name: 'deposit',
  initial: 'pending',
  states: {
    pending: { label: 'pending', tags: ['open', 'client_action'] },
    awaiting_payment: { label: 'pending', tags: ['open', 'awaiting_provider'] },
    confirmed: { label: 'processing', tags: ['open'] },
    under_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    escalated: { label: 'under_review', tags: ['open', 'needs_review', 'escalated'] },
    credited: { label: 'approved', tags: ['resolved'] },
    rejected: { label: 'rejected', tags: ['open', 'needs_review'] },
    failed: { label: 'failed', tags: ['resolved'] },
    cancelled: { label: 'cancelled', tags: ['resolved'] },
    expired: { label: 'expired', tags: ['resolved'] },
    refunded: { label: 'refunded', tags: ['resolved'] },
    chargeback: { label: 'reversed', tags: ['resolved'] },
  },
  events: {
    redirect: {},
    confirm: { note: 'required', effects: ['rules.evaluate'] },
    fail: { note: 'required', reason: 'free', effects: ['notify.client'] },
    cancel: {},
    expire: {},
    auto_credit: { guards: ['no_review_rule_hits'], effects: ['ledger.credit_wallet', 'notify.client'] },
    send_to_review: { effects: ['queue.finance', 'sla.start', 'notify.client'] },
    approve: { note: 'required', effects: ['sla.stop', 'ledger.credit_wallet', 'notify.client'] },
    reject: {
      note: 'required',
      reason: ['payer_name_mismatch', 'third_party_payment', 'method_not_allowed', 'amount_out_of_limits', 'suspected_fraud', 'aml_concern'],
      effects: ['sla.stop', 'client.flag', 'notify.client'],
    },
    escalate: { note: 'required', effects: ['queue.escalate', 'notify.staff'] },
    return_to_review: { note: 'required', effects: ['queue.finance'] },
    return_funds: { note: 'required', effects: ['psp.refund', 'notify.client'] },
    refund: {
      note: 'required',
      reason: ['client_request', 'compliance_decision', 'duplicate_payment'],
      guards: ['available_balance_covers'],
      effects: ['ledger.reverse_credit', 'psp.refund', 'notify.client'],
    },
    refunded_at_provider: { note: 'required', effects: ['ledger.post_refund', 'client.flag', 'notify.staff', 'notify.client'] },
    refund_failed: { note: 'required', reason: 'free', effects: ['ledger.reverse_refund', 'notify.staff', 'notify.client'] },
    chargeback: { note: 'required', reason: 'free', effects: ['ledger.post_chargeback', 'client.flag', 'notify.staff', 'notify.client'] },
    chargeback_reversed: { note: 'required', effects: ['ledger.reverse_chargeback', 'notify.staff', 'notify.client'] },
  },
  transitions: {
    redirect: { pending: ['awaiting_payment', ['system']] },
    confirm: {
      pending: ['confirmed', PROVIDER_OR_FINANCE],
      awaiting_payment: ['confirmed', PROVIDER_OR_FINANCE],
      failed: ['confirmed', PROVIDER_OR_FINANCE],
      cancelled: ['confirmed', PROVIDER_OR_FINANCE],
      expired: ['confirmed', PROVIDER_OR_FINANCE],
    },
    fail: { pending: ['failed', PROVIDER_OR_FINANCE], awaiting_payment: ['failed', PROVIDER_OR_FINANCE] },
    cancel: { pending: ['cancelled', ['client']], awaiting_payment: ['cancelled', ['client']] },
    expire: { pending: ['expired', ['system']], awaiting_payment: ['expired', ['system']] },
    auto_credit: { confirmed: ['credited', ['system']] },
    send_to_review: { confirmed: ['under_review', ['system']] },
    approve: { under_review: ['credited', FINANCE], escalated: ['credited', SUPERVISOR] },
    reject: { under_review: ['rejected', FINANCE], escalated: ['rejected', SUPERVISOR] },
    escalate: { under_review: ['escalated', ['finance']] },
    return_to_review: { escalated: ['under_review', SUPERVISOR] },
    return_funds: { rejected: ['refunded', FINANCE] },
    refund: { credited: ['refunded', FINANCE] },
    refunded_at_provider: { credited: ['refunded', ['provider']] },
    refund_failed: { refunded: ['credited', ['provider']] },
    chargeback: { credited: ['chargeback', PROVIDER_OR_FINANCE] },
    chargeback_reversed: { chargeback: ['credited', PROVIDER_OR_FINANCE] },
  },
};

runMachineTable(depositMachine, expectation);
