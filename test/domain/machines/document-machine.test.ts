import { documentMachine, type DocumentEvent, type DocumentState } from '../../../src/domain/machines/document-machine';
import type { Firer } from '../../../src/domain/machines/machine';
import { runMachineTable, type MachineExpectation } from './machine-table';

const REVIEWERS: Firer[] = ['compliance', 'supervisor'];
const REASONS = ['unreadable', 'incomplete', 'wrong_document_type', 'expired', 'address_too_old', 'name_mismatch', 'suspected_tampering'];

const expectation: MachineExpectation<DocumentState, DocumentEvent> = {
  name: 'document',
  initial: 'uploaded',
  states: {
    uploaded: { label: 'pending', tags: ['open', 'needs_review'] },
    under_review: { label: 'under_review', tags: ['open', 'needs_review'] },
    approved: { label: 'approved', tags: ['resolved'] },
    rejected: { label: 'rejected', tags: ['terminal'] },
    superseded: { label: 'replaced', tags: ['terminal'] },
    expired: { label: 'expired', tags: ['terminal'] },
  },
  events: {
    start_review: { effects: ['queue.assign'] },
    release: { guards: ['assignee_or_supervisor'], effects: ['queue.unassign'] },
    approve: { note: 'optional', guards: ['expiry_date_recorded', 'document_not_expired'], effects: ['kyc.document_decided', 'notify.client'] },
    reject: { note: 'required', reason: REASONS, effects: ['kyc.document_decided', 'notify.client'] },
    revoke: { note: 'required', reason: REASONS, effects: ['kyc.document_decided', 'notify.client'] },
    supersede: {},
    expire: { effects: ['kyc.document_lapsed', 'notify.client'] },
  },
  transitions: {
    start_review: { uploaded: ['under_review', REVIEWERS] },
    release: { under_review: ['uploaded', REVIEWERS] },
    approve: { uploaded: ['approved', REVIEWERS], under_review: ['approved', REVIEWERS] },
    reject: { uploaded: ['rejected', REVIEWERS], under_review: ['rejected', REVIEWERS] },
    revoke: { approved: ['rejected', REVIEWERS] },
    supersede: { uploaded: ['superseded', ['system']], under_review: ['superseded', ['system']], approved: ['superseded', ['system']] },
    expire: { approved: ['expired', ['system']] },
  },
};

runMachineTable(documentMachine, expectation);
