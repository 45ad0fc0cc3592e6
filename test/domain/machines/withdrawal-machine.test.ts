import { withdrawalMachine, type WithdrawalEvent, type WithdrawalState } from '../../../src/domain/machines/withdrawal-machine';
import type { Firer } from '../../../src/domain/machines/machine';
import { runMachineTable, type MachineExpectation } from './machine-table';

const SUPERVISOR: Firer[] = ['supervisor'];
const PROVIDER_OR_FINANCE: Firer[] = ['provider', 'finance'];
const RETURN = { note: 'required', guards: ['no_stage_skipped'], effects: ['queue.return', 'sla.start'] } as const;
const PAYOUT = ['payout.initiate', 'sla.stop', 'notify.client'];

const expectation: MachineExpectation<WithdrawalState, WithdrawalEvent> = {
  name: 'withdrawal',
  initial: 'submitted',
  states: {
    submitted: { label: 'submitted', tags: ['open', 'needs_review'] },
    support_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    compliance_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    finance_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    supervisor_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    escalated: { label: 'under_review', tags: ['open', 'needs_review', 'escalated'] },
    payout_pending: { label: 'approved', tags: ['open', 'awaiting_provider'] },
    paid: { label: 'paid', tags: ['resolved'] },
    declined: { label: 'declined', tags: ['terminal'] },
    cancelled: { label: 'cancelled', tags: ['terminal'] },
  },
  events: {
    start_review: { effects: ['queue.assign', 'sla.start'] },
    cancel: { effects: ['hold.release', 'notify.client'] },
    support_approve: { note: 'optional', guards: ['four_eyes'], effects: ['queue.compliance', 'sla.start'] },
    compliance_approve: { note: 'optional', guards: ['four_eyes', 'kyc_approved'], effects: ['queue.finance', 'sla.start'] },
    finance_approve: { note: 'optional', guards: ['four_eyes', 'supervisor_required', 'hold_covers_amount'], effects: PAYOUT },
    finance_refer: { note: 'required', guards: ['four_eyes', 'hold_covers_amount'], effects: ['queue.supervisor', 'sla.start'] },
    supervisor_approve: { note: 'required', guards: ['four_eyes', 'hold_covers_amount'], effects: PAYOUT },
    decline: {
      note: 'required',
      reason: [
        'incomplete_request',
        'invalid_payment_details',
        'kyc_not_approved',
        'source_of_funds_unverified',
        'aml_concern',
        'method_mismatch',
        'deposit_not_traded',
        'insufficient_funds',
        'suspected_fraud',
      ],
      effects: ['hold.release', 'sla.stop', 'notify.client'],
    },
    escalate: { note: 'required', effects: ['queue.escalate', 'sla.start', 'notify.staff'] },
    return_to_support: RETURN,
    return_to_compliance: RETURN,
    return_to_finance: RETURN,
    confirm_paid: { note: 'required', effects: ['ledger.settle_hold', 'notify.client'] },
    payout_failed: { note: 'required', reason: 'free', effects: ['queue.finance', 'sla.start', 'notify.staff', 'notify.client'] },
    payout_returned: { note: 'required', reason: 'free', effects: ['hold.restore', 'queue.finance', 'sla.start', 'notify.staff', 'notify.client'] },
  },
  transitions: {
    start_review: { submitted: ['support_review', ['support']] },
    cancel: { submitted: ['cancelled', ['client']] },
    support_approve: { support_review: ['compliance_review', ['support']] },
    compliance_approve: { compliance_review: ['finance_review', ['compliance']] },
    finance_approve: { finance_review: ['payout_pending', ['finance']] },
    finance_refer: { finance_review: ['supervisor_review', ['finance']] },
    supervisor_approve: { supervisor_review: ['payout_pending', SUPERVISOR] },
    decline: {
      submitted: ['declined', ['support']],
      support_review: ['declined', ['support']],
      compliance_review: ['declined', ['compliance']],
      finance_review: ['declined', ['finance']],
      supervisor_review: ['declined', SUPERVISOR],
      escalated: ['declined', SUPERVISOR],
    },
    escalate: {
      support_review: ['escalated', ['support']],
      compliance_review: ['escalated', ['compliance']],
      finance_review: ['escalated', ['finance']],
    },
    return_to_support: { escalated: ['support_review', SUPERVISOR] },
    return_to_compliance: { escalated: ['compliance_review', SUPERVISOR] },
    return_to_finance: { escalated: ['finance_review', SUPERVISOR] },
    confirm_paid: { payout_pending: ['paid', PROVIDER_OR_FINANCE] },
    payout_failed: { payout_pending: ['finance_review', PROVIDER_OR_FINANCE] },
    payout_returned: { paid: ['finance_review', PROVIDER_OR_FINANCE] },
  },
};

runMachineTable(withdrawalMachine, expectation);
