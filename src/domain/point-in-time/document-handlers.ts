/**
 * Point-in-time handlers for documents: uploads (a new version supersedes a
 * waiting earlier one at once), decisions (approving a version supersedes
 * the earlier approved one of its type) and lapses. The superseding itself
 * writes no event of its own: it follows from these rules, the same ones the
 * use cases apply (upload-document.ts, kyc-outcomes.ts), and the document
 * machine says which states a supersede leaves.
 */
import { documentMachine, type DocumentState } from '../machines/document-machine';
import type { DocumentAt } from './client-record-at';
import { noteReviewCase } from './kyc-case-refs';
import { setClientStatus, type EventHandler, type FoldState } from './fold-state';
import { integer, newOf, oldOf, text, textOrNull } from './trail-event';

function isState(status: string): status is DocumentState {
  return status in documentMachine.states;
}

/** The document an event is about; a decision on a document whose upload the trail lacks starts a bare entry. */
export function documentFor(state: FoldState, id: string, occurredAt: string, documentType?: string): DocumentAt {
  const found = state.record.documents.find((d) => d.id === id);
  if (found) return found;
  state.gaps.add(`Document ${id} was decided on ${occurredAt}, but its upload is not in the trail: its file details are unknown.`);
  const bare: DocumentAt = {
    id, documentType: documentType ?? null, version: null, status: 'uploaded', fileName: null, mimeType: null, sizeBytes: null, sha256: null,
    issueDate: null, expiryDate: null, uploadedAt: null, rejectionReason: null, clientMessage: null, decidedAt: null,
  };
  state.record.documents.push(bare);
  return bare;
}

/** Approves one version; earlier approved versions of its type are superseded (kyc-outcomes.ts approveDocumentVersion). */
export function approveDocument(state: FoldState, doc: DocumentAt, at: string): void {
  doc.status = 'approved';
  doc.decidedAt = at;
  for (const other of state.record.documents) {
    if (other === doc || other.documentType !== doc.documentType || other.status !== 'approved') continue;
    if (other.version !== null && doc.version !== null && other.version < doc.version) other.status = 'superseded';
  }
}

/** The latest version of each type that still waits for a decision: what a case approval accepts with it. */
export function waitingCurrentVersions(state: FoldState): DocumentAt[] {
  const latest = new Map<string, DocumentAt>();
  for (const doc of state.record.documents) {
    const key = doc.documentType ?? doc.id;
    const seen = latest.get(key);
    if (!seen || (doc.version ?? 0) > (seen.version ?? 0)) latest.set(key, doc);
  }
  return [...latest.values()].filter((doc) => isState(doc.status) && documentMachine.can(doc.status, 'approve'));
}

const uploaded: EventHandler = (state, event) => {
  const n = newOf(event);
  const documentType = text(n, 'documentType') ?? null;
  // A waiting earlier version is replaced at once; an approved one stays until its replacement is approved.
  for (const doc of state.record.documents) {
    if (doc.documentType !== documentType || doc.status === 'approved' || !isState(doc.status) || !documentMachine.can(doc.status, 'supersede')) continue;
    doc.status = 'superseded';
  }
  const supersededId = text(oldOf(event), 'supersededDocumentId');
  if (supersededId && !state.record.documents.some((d) => d.id === supersededId)) {
    state.gaps.add(`An upload of ${event.occurredAt} replaced document ${supersededId}, which is not in the trail.`);
  }
  state.record.documents.push({
    id: event.subjectId,
    documentType,
    version: integer(n, 'version') ?? null,
    status: documentMachine.initial,
    fileName: text(n, 'fileName') ?? null,
    mimeType: text(n, 'mimeType') ?? null,
    sizeBytes: integer(n, 'sizeBytes') ?? null,
    sha256: text(n, 'sha256') ?? null,
    issueDate: text(n, 'issueDate') ?? null,
    expiryDate: text(n, 'expiryDate') ?? null,
    uploadedAt: event.occurredAt,
    rejectionReason: null,
    clientMessage: null,
    decidedAt: null,
  });
};

const approved: EventHandler = (state, event) => {
  const doc = documentFor(state, event.subjectId, event.occurredAt, text(newOf(event), 'documentType'));
  approveDocument(state, doc, event.occurredAt);
};

const rejected: EventHandler = (state, event) => {
  const n = newOf(event);
  const doc = documentFor(state, event.subjectId, event.occurredAt, text(n, 'documentType'));
  doc.status = text(n, 'status') ?? 'rejected';
  doc.rejectionReason = text(n, 'reason') ?? null;
  doc.clientMessage = text(n, 'clientMessage') ?? null;
  doc.decidedAt = event.occurredAt;
};

const lapsed: EventHandler = (state, event) => {
  const n = newOf(event);
  const doc = documentFor(state, event.subjectId, event.occurredAt);
  doc.status = text(n, 'documentStatus') ?? 'expired';
  const clientStatus = text(n, 'clientStatus');
  if (clientStatus !== undefined && clientStatus !== state.record.client.status) setClientStatus(state, clientStatus, textOrNull(n, 'restrictionReason') ?? null);
  noteReviewCase(state, event, n.reviewCase);
};

export const DOCUMENT_HANDLERS: Record<string, EventHandler> = {
  'document.uploaded': uploaded,
  'document.approved': approved,
  'document.rejected': rejected,
  'document.lapsed': lapsed,
};
