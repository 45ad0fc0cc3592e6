/**
 * Uploaded document (SPEC §5). Upload checks (type by content, size,
 * readability) refuse a bad file before a record exists, so every record
 * starts `uploaded`. A resubmission is a new record; the old one is
 * superseded, never overwritten. The use case supersedes a pending document at
 * once and an approved one when its replacement is approved, so the client is
 * never left without a valid document on file.
 *
 * Rejection reasons are a closed list: the portal turns each into a precise
 * next step ("Upload proof of address dated within 90 days").
 */
import { defineMachine, type Firer } from './machine';

export const DOCUMENT_REJECTION_REASONS = [
  'unreadable',
  'incomplete',
  'wrong_document_type',
  'expired',
  'address_too_old',
  'name_mismatch',
  'suspected_tampering',
] as const;

export type DocumentState = 'uploaded' | 'under_review' | 'approved' | 'rejected' | 'superseded' | 'expired';
export type DocumentEvent = 'start_review' | 'release' | 'approve' | 'reject' | 'revoke' | 'supersede' | 'expire';

const REVIEWERS: readonly Firer[] = ['compliance', 'supervisor'];
const REJECTION = { required: true, codes: DOCUMENT_REJECTION_REASONS } as const;

export const documentMachine = defineMachine<DocumentState, DocumentEvent>({
  name: 'document',
  initial: 'uploaded',
  states: {
    uploaded: { tags: ['open', 'needs_review'], clientLabel: 'pending' },
    under_review: { tags: ['open', 'needs_review'], clientLabel: 'under_review' },
    approved: { tags: ['resolved'], clientLabel: 'approved' },
    rejected: { tags: ['terminal'], clientLabel: 'rejected' },
    superseded: { tags: ['terminal'], clientLabel: 'replaced' },
    expired: { tags: ['terminal'], clientLabel: 'expired' },
  },
  events: {
    start_review: { from: ['uploaded'], to: 'under_review', by: REVIEWERS, effects: ['queue.assign'] },
    release: { from: ['under_review'], to: 'uploaded', by: REVIEWERS, guards: ['assignee_or_supervisor'], effects: ['queue.unassign'] },
    approve: {
      from: ['uploaded', 'under_review'],
      to: 'approved',
      by: REVIEWERS,
      note: 'optional',
      guards: ['expiry_date_recorded', 'document_not_expired'],
      effects: ['kyc.document_decided', 'notify.client'],
    },
    reject: {
      from: ['uploaded', 'under_review'],
      to: 'rejected',
      by: REVIEWERS,
      note: 'required',
      reason: REJECTION,
      effects: ['kyc.document_decided', 'notify.client'],
    },
    /** An approved document later found bad (tampering, provider RED after GREEN). */
    revoke: {
      from: ['approved'],
      to: 'rejected',
      by: REVIEWERS,
      note: 'required',
      reason: REJECTION,
      effects: ['kyc.document_decided', 'notify.client'],
    },
    supersede: { from: ['uploaded', 'under_review', 'approved'], to: 'superseded', by: ['system'] },
    /** Expiry date or maximum age passed; the KYC use case asks for a new one and may restrict the client. */
    expire: { from: ['approved'], to: 'expired', by: ['system'], effects: ['kyc.document_lapsed', 'notify.client'] },
  },
});
