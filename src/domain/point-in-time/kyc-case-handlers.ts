/**
 * Point-in-time handlers for KYC cases: submission, queue moves, decisions by
 * a reviewer or the KYC provider, and cases the system opens. A decision also
 * moves the client (status, verification level, next review), accepts the
 * waiting documents and settles a pending change of details.
 *
 * Older shapes: before the decision events carried `caseStatus` and
 * `clientStatus`, the client's new status overwrote the case's under `status`;
 * the fold tells them apart by the keys written beside it (a verification
 * level on approval, a restriction reason on rejection).
 */
import { approveDocument, documentFor, waitingCurrentVersions } from './document-handlers';
import { setClientStatus, type EventHandler } from './fold-state';
import { caseFor } from './kyc-case-refs';
import { has, newOf, strings, text, textOrNull } from './trail-event';

const submitted: EventHandler = (state, event) => {
  const kycCase = caseFor(state, event.subjectId, event);
  kycCase.status = text(newOf(event), 'status') ?? kycCase.status;
  kycCase.submittedAt = event.occurredAt;
  // submit-kyc.ts: a new case is an onboarding, or a document re-check for a client verified before.
  if (event.action === 'kyc_case.submitted') kycCase.kind ??= state.record.client.kycVerifiedAt ? 'document_recheck' : 'onboarding';
};

const opened: EventHandler = (state, event) => {
  const n = newOf(event);
  const kycCase = caseFor(state, event.subjectId, event);
  kycCase.kind = text(n, 'kind') ?? kycCase.kind;
  kycCase.status = text(n, 'status') ?? kycCase.status;
};

/** Claims, releases, assignments, escalations, requests for documents, provider retries and reopenings: the case moves. */
const moved: EventHandler = (state, event) => {
  const kycCase = caseFor(state, event.subjectId, event);
  kycCase.status = text(newOf(event), 'caseStatus') ?? text(newOf(event), 'status') ?? kycCase.status;
};

const decided: EventHandler = (state, event) => {
  const n = newOf(event);
  const approval = event.action === 'kyc_case.approved' || event.action === 'kyc_case.provider_approved';
  const kycCase = caseFor(state, event.subjectId, event);
  const clientKeysWritten = approval ? has(n, 'verificationLevel') : has(n, 'restrictionReason');
  kycCase.status = text(n, 'caseStatus') ?? (clientKeysWritten || !has(n, 'status') ? (approval ? 'approved' : 'rejected') : (text(n, 'status') ?? null));
  kycCase.decidedAt = event.occurredAt;
  kycCase.decisionReason = approval ? null : (text(n, 'reason') ?? null);

  const clientStatus = text(n, 'clientStatus') ?? (clientKeysWritten ? text(n, 'status') : undefined);
  if (clientStatus !== undefined) setClientStatus(state, clientStatus, approval ? undefined : (textOrNull(n, 'restrictionReason') ?? undefined));
  const client = state.record.client;
  client.verificationLevel = text(n, 'verificationLevel') ?? client.verificationLevel;
  client.nextReviewOn = textOrNull(n, 'nextReviewOn') ?? client.nextReviewOn;
  if (approval && client.verificationLevel === 'verified') client.kycVerifiedAt ??= event.occurredAt;

  if (approval) {
    // The documents accepted with the case: as written, or by the rule kyc-outcomes.ts applies (every waiting current version).
    const ids = strings(n, 'documentsApproved');
    const docs = ids ? ids.map((id) => documentFor(state, id, event.occurredAt)) : waitingCurrentVersions(state);
    for (const doc of docs) approveDocument(state, doc, event.occurredAt);
  }
  const profile = state.record.profile;
  if (text(n, 'changeRequestId') && profile.pendingChange) {
    if (approval) profile.fields = { ...profile.fields, ...profile.pendingChange.fields };
    profile.pendingChange = null;
  }
};

/** Held or ignored provider verdicts: recorded, nothing moved. */
const recordedOnly: EventHandler = (state, event) => {
  caseFor(state, event.subjectId, event);
};

export const KYC_CASE_HANDLERS: Record<string, EventHandler> = {
  'kyc_case.submitted': submitted,
  'kyc_case.resubmitted': submitted,
  'kyc_case.opened': opened,
  'kyc_case.claimed': moved,
  'kyc_case.released': moved,
  'kyc_case.assigned': moved,
  'kyc_case.escalated': moved,
  'kyc_case.returned_to_review': moved,
  'kyc_case.documents_requested': moved,
  'kyc_case.provider_retry_requested': moved,
  'kyc_case.provider_reopened': moved,
  'kyc_case.approved': decided,
  'kyc_case.rejected': decided,
  'kyc_case.provider_approved': decided,
  'kyc_case.provider_rejected': decided,
  'kyc_case.provider_approval_held': recordedOnly,
  'kyc_case.provider_verdict_ignored': recordedOnly,
};
