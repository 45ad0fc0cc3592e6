/**
 * KYC case (SPEC §5). One case per client: onboarding, then ongoing due
 * diligence reopens the same case (a later provider RED, periodic review,
 * expiring documents, a risk change). So `approved` is resolved but not
 * terminal; a final rejection is terminal.
 *
 * Rejection reasons come from the broker's configured list (checked by the
 * use case); the reopen/update triggers are a closed list because they decide
 * what the system does next.
 */
import { defineMachine, type Firer } from './machine';

export const KYC_REOPEN_REASONS = ['provider_red_after_green', 'periodic_review', 'risk_change', 'adverse_information', 'manual_review'] as const;
export const KYC_UPDATE_REASONS = ['document_expiring', 'document_expired', 'periodic_review', 'risk_change'] as const;

export type KycCaseState = 'draft' | 'pending' | 'under_review' | 'more_documents_required' | 'escalated' | 'approved' | 'rejected';
export type KycCaseEvent =
  | 'submit'
  | 'claim'
  | 'assign'
  | 'release'
  | 'approve'
  | 'reject'
  | 'request_documents'
  | 'resubmit'
  | 'escalate'
  | 'return_to_review'
  | 'provider_verdict_green'
  | 'provider_verdict_red'
  | 'provider_retry'
  | 'reopen'
  | 'request_update';

const REVIEWERS: readonly Firer[] = ['compliance', 'supervisor'];
/** A decision on an escalated case belongs to the supervisor. */
const DECIDE = { from: ['under_review', 'escalated'], by: REVIEWERS, byState: { escalated: ['supervisor'] } } as const;
const APPROVED_EFFECTS = ['sla.stop', 'client.activate', 'review.schedule', 'notify.client'] as const;
const REJECTED_EFFECTS = ['sla.stop', 'client.kyc_rejected', 'notify.client'] as const;

export const kycCaseMachine = defineMachine<KycCaseState, KycCaseEvent>({
  name: 'kyc_case',
  initial: 'draft',
  states: {
    draft: { tags: ['open', 'client_action'], clientLabel: 'action_required' },
    pending: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    under_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    more_documents_required: { tags: ['open', 'client_action'], clientLabel: 'more_documents_required' },
    escalated: { tags: ['open', 'needs_review', 'escalated'], clientLabel: 'under_review' },
    approved: { tags: ['resolved'], clientLabel: 'approved' },
    rejected: { tags: ['terminal'], clientLabel: 'rejected' },
  },
  events: {
    submit: {
      from: ['draft'],
      to: 'pending',
      by: ['client'],
      guards: ['profile_complete', 'required_documents_uploaded'],
      effects: ['sla.start', 'provider.submit_applicant'],
    },
    claim: { from: ['pending'], to: 'under_review', by: REVIEWERS, effects: ['queue.assign'] },
    assign: {
      from: ['pending', 'under_review'],
      to: 'under_review',
      by: ['supervisor'],
      note: 'optional',
      guards: ['assignee_has_role'],
      effects: ['queue.assign', 'notify.staff'],
    },
    release: { from: ['under_review'], to: 'pending', by: REVIEWERS, guards: ['assignee_or_supervisor'], effects: ['queue.unassign'] },
    approve: { ...DECIDE, to: 'approved', note: 'required', guards: ['required_documents_approved'], effects: APPROVED_EFFECTS },
    reject: { ...DECIDE, to: 'rejected', note: 'required', reason: { required: true }, effects: REJECTED_EFFECTS },
    request_documents: {
      ...DECIDE,
      to: 'more_documents_required',
      note: 'required',
      guards: ['documents_specified'],
      effects: ['documents.request', 'sla.stop', 'notify.client'],
    },
    resubmit: {
      from: ['more_documents_required'],
      to: 'pending',
      by: ['client'],
      guards: ['requested_documents_uploaded'],
      effects: ['sla.start', 'provider.resubmit_applicant'],
    },
    escalate: { from: ['under_review'], to: 'escalated', by: ['compliance'], note: 'required', effects: ['queue.escalate', 'notify.staff'] },
    return_to_review: { from: ['escalated'], to: 'under_review', by: ['supervisor'], note: 'required', effects: ['queue.assign'] },
    provider_verdict_green: { from: ['pending', 'under_review'], to: 'approved', by: ['provider'], effects: APPROVED_EFFECTS },
    /** A final RED; a RED with "retry" is `provider_retry`; a RED after GREEN is `reopen`. */
    provider_verdict_red: { from: ['pending', 'under_review'], to: 'rejected', by: ['provider'], reason: { required: true }, effects: REJECTED_EFFECTS },
    provider_retry: {
      from: ['pending', 'under_review'],
      to: 'more_documents_required',
      by: ['provider'],
      reason: { required: true },
      effects: ['documents.request', 'sla.stop', 'notify.client'],
    },
    reopen: {
      from: ['approved'],
      to: 'pending',
      by: ['system', 'provider', 'compliance', 'supervisor'],
      note: 'required',
      reason: { required: true, codes: KYC_REOPEN_REASONS },
      effects: ['sla.start', 'notify.staff'],
    },
    /** Ongoing due diligence that needs fresh documents from the client (expiring ID, periodic review). */
    request_update: {
      from: ['approved'],
      to: 'more_documents_required',
      by: ['system', 'compliance', 'supervisor'],
      note: 'required',
      reason: { required: true, codes: KYC_UPDATE_REASONS },
      effects: ['documents.request', 'notify.client'],
    },
  },
});
