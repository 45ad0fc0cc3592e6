import { kycCaseMachine, type KycCaseEvent, type KycCaseState } from '../../../src/domain/machines/kyc-case-machine';
import type { Firer } from '../../../src/domain/machines/machine';
import { runMachineTable, type MachineExpectation } from './machine-table';

const REVIEWERS: Firer[] = ['compliance', 'supervisor'];
const SUPERVISOR: Firer[] = ['supervisor'];
const APPROVED = ['sla.stop', 'client.activate', 'review.schedule', 'notify.client'];
const REJECTED = ['sla.stop', 'client.kyc_rejected', 'notify.client'];
const DOCS_REQUESTED = ['documents.request', 'sla.stop', 'notify.client'];

const expectation: MachineExpectation<KycCaseState, KycCaseEvent> = {
  name: 'kyc_case',
  initial: 'draft',
  states: {
    draft: { label: 'action_required', tags: ['open', 'client_action'] },
    pending: { label: 'under_review', tags: ['open', 'needs_review'] },
    under_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    more_documents_required: { label: 'more_documents_required', tags: ['open', 'client_action'] },
    escalated: { label: 'under_review', tags: ['open', 'needs_review', 'escalated'] },
    approved: { label: 'approved', tags: ['resolved'] },
    rejected: { label: 'rejected', tags: ['terminal'] },
  },
  events: {
    submit: { guards: ['profile_complete', 'required_documents_uploaded'], effects: ['sla.start', 'provider.submit_applicant'] },
    claim: { effects: ['queue.assign'] },
    assign: { note: 'optional', guards: ['assignee_has_role'], effects: ['queue.assign', 'notify.staff'] },
    release: { guards: ['assignee_or_supervisor'], effects: ['queue.unassign'] },
    approve: { note: 'required', guards: ['required_documents_approved'], effects: APPROVED },
    reject: { note: 'required', reason: 'free', effects: REJECTED },
    request_documents: { note: 'required', guards: ['documents_specified'], effects: DOCS_REQUESTED },
    resubmit: { guards: ['requested_documents_uploaded'], effects: ['sla.start', 'provider.resubmit_applicant'] },
    escalate: { note: 'required', effects: ['queue.escalate', 'notify.staff'] },
    return_to_review: { note: 'required', effects: ['queue.assign'] },
    provider_verdict_green: { effects: APPROVED },
    provider_verdict_red: { reason: 'free', effects: REJECTED },
    provider_retry: { reason: 'free', effects: DOCS_REQUESTED },
    reopen: {
      note: 'required',
      reason: ['provider_red_after_green', 'periodic_review', 'risk_change', 'adverse_information', 'manual_review'],
      effects: ['sla.start', 'notify.staff'],
    },
    request_update: {
      note: 'required',
      reason: ['document_expiring', 'document_expired', 'periodic_review', 'risk_change'],
      effects: ['documents.request', 'notify.client'],
    },
  },
  transitions: {
    submit: { draft: ['pending', ['client']] },
    claim: { pending: ['under_review', REVIEWERS] },
    assign: { pending: ['under_review', SUPERVISOR], under_review: ['under_review', SUPERVISOR] },
    release: { under_review: ['pending', REVIEWERS] },
    approve: { under_review: ['approved', REVIEWERS], escalated: ['approved', SUPERVISOR] },
    reject: { under_review: ['rejected', REVIEWERS], escalated: ['rejected', SUPERVISOR] },
    request_documents: { under_review: ['more_documents_required', REVIEWERS], escalated: ['more_documents_required', SUPERVISOR] },
    resubmit: { more_documents_required: ['pending', ['client']] },
    escalate: { under_review: ['escalated', ['compliance']] },
    return_to_review: { escalated: ['under_review', SUPERVISOR] },
    provider_verdict_green: { pending: ['approved', ['provider']], under_review: ['approved', ['provider']] },
    provider_verdict_red: { pending: ['rejected', ['provider']], under_review: ['rejected', ['provider']] },
    provider_retry: { pending: ['more_documents_required', ['provider']], under_review: ['more_documents_required', ['provider']] },
    reopen: { approved: ['pending', ['system', 'provider', 'compliance', 'supervisor']] },
    request_update: { approved: ['more_documents_required', ['system', 'compliance', 'supervisor']] },
  },
};

runMachineTable(kycCaseMachine, expectation);
