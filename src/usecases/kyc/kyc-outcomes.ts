/**
 * What an approval or a rejection causes, whoever decided it (a reviewer or
 * the KYC provider): the client's verification level and status (and with it
 * the platform rights of the client's trading accounts), the documents'
 * statuses, a pending change of details, the next periodic review.
 */
import type { TraderoomConfig } from '../../config/schema';
import { clientAccountMachine, type ClientAccountState } from '../../domain/machines/client-account-machine';
import { documentMachine, type DocumentState } from '../../domain/machines/document-machine';
import { isoDateOfEpochDay, localEpochDay } from '../../domain/sla/zoned-time';
import { currentVersions, listDocuments, loadProfileFields, saveProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { ClientRow } from '../../persistence/schema';
import type { DocumentRow, KycCaseRow } from '../../persistence/tables/onboarding-tables';
import { changeClientStatus, type StatusCause } from '../clients/change-client-status';
import type { UnitOfWork } from '../unit-of-work';

export interface OutcomeChanges {
  client: Record<string, unknown>;
  clientBefore: Record<string, unknown>;
  documentsApproved: string[];
  changeRequest: string | null;
}

export async function applyApproval(config: TraderoomConfig, uow: UnitOfWork, kycCase: KycCaseRow, client: ClientRow, reviewerId: string | null): Promise<OutcomeChanges> {
  // Documents on file that were waiting are accepted with the case.
  const all = await listDocuments(uow.trx, client.id);
  const approved: string[] = [];
  for (const doc of currentVersions(all)) {
    if (!documentMachine.can(doc.status as DocumentState, 'approve')) continue;
    await approveDocumentVersion(uow, doc, all, reviewerId);
    approved.push(doc.id);
  }
  // A pending change of details takes effect.
  const change = await uow.trx.selectFrom('profile_change_request').selectAll().where('case_id', '=', kycCase.id).where('status', '=', 'pending').executeTakeFirst();
  if (change) {
    const fields = await loadProfileFields(uow.trx, client.id);
    await saveProfileFields(uow.trx, client.id, { ...fields, ...change.new_fields }, uow.now);
    await uow.trx.updateTable('profile_change_request').set({ status: 'approved', decided_at: uow.now, decided_by: reviewerId }).where('id', '=', change.id).execute();
  }
  let status = client.status as ClientAccountState;
  if (status === 'email_verified') status = clientAccountMachine.transition(status, 'activate', { by: 'system', guardResults: { kyc_approved: null } }).to;
  else if (status === 'restricted' && client.restriction_reason === 'kyc_lapsed') {
    status = clientAccountMachine.transition(status, 'reinstate', { by: 'system', guardResults: { kyc_approved: null, no_manual_restriction: null } }).to;
  }
  // The level in force: a compliance override (e.g. raised to high) shortens the interval.
  const reviewDays = config.recheck.periodicReviewDays[client.risk_override ?? client.risk_level];
  const nextReviewOn = isoDateOfEpochDay(localEpochDay(uow.now.getTime(), config.sla.workingHours.timezone) + reviewDays);
  const after = {
    status,
    verification_level: 'verified',
    kyc_verified_at: client.kyc_verified_at ?? uow.now,
    next_review_on: nextReviewOn,
    restriction_reason: status === 'restricted' ? client.restriction_reason : null,
    updated_at: uow.now,
  };
  // The client's trading accounts follow (a reinstated client's come back to full rights).
  await changeClientStatus(config, uow, client, after, await decidedBy(uow, client, reviewerId));
  return {
    client: { status, verificationLevel: 'verified', nextReviewOn },
    clientBefore: { status: client.status, verificationLevel: client.verification_level, nextReviewOn: client.next_review_on },
    documentsApproved: approved,
    changeRequest: change?.id ?? null,
  };
}

/** Approves one version and supersedes the earlier approved versions of its type. */
export async function approveDocumentVersion(uow: UnitOfWork, doc: DocumentRow, all: readonly DocumentRow[], reviewerId: string | null): Promise<void> {
  await uow.trx.updateTable('document').set({ status: 'approved', reviewed_at: uow.now, reviewed_by: reviewerId }).where('id', '=', doc.id).execute();
  const older = all.filter((d) => d.document_type === doc.document_type && d.version < doc.version && d.status === 'approved').map((d) => d.id);
  if (older.length) await uow.trx.updateTable('document').set({ status: 'superseded' }).where('id', 'in', older).execute();
}

export async function applyRejection(config: TraderoomConfig, uow: UnitOfWork, kycCase: KycCaseRow, client: ClientRow, reviewerId: string | null, note: string | null): Promise<OutcomeChanges> {
  const change = await uow.trx.selectFrom('profile_change_request').select('id').where('case_id', '=', kycCase.id).where('status', '=', 'pending').executeTakeFirst();
  if (change) {
    // A refused change of details leaves the verified record as it was.
    await uow.trx.updateTable('profile_change_request').set({ status: 'rejected', decided_at: uow.now, decided_by: reviewerId, decision_note: note }).where('id', '=', change.id).execute();
    return { client: {}, clientBefore: {}, documentsApproved: [], changeRequest: change.id };
  }
  if (client.status !== 'active') return { client: {}, clientBefore: {}, documentsApproved: [], changeRequest: null };
  // A verified client whose re-check fails keeps nothing it could misuse.
  const { to } = clientAccountMachine.transition('active', 'restrict', { by: 'system', reason: 'compliance_hold' });
  await changeClientStatus(config, uow, client, { status: to, restriction_reason: 'compliance_hold' }, await decidedBy(uow, client, reviewerId));
  return { client: { status: to, restrictionReason: 'compliance_hold' }, clientBefore: { status: client.status }, documentsApproved: [], changeRequest: null };
}

/** The reviewer, or the KYC provider whose verdict it was (reviewerId null). */
async function decidedBy(uow: UnitOfWork, client: ClientRow, reviewerId: string | null): Promise<StatusCause> {
  if (reviewerId) return { actorType: 'staff', actorId: reviewerId };
  const applicant = await uow.trx.selectFrom('kyc_provider_applicant').select('provider').where('client_id', '=', client.id).executeTakeFirst();
  return { actorType: 'provider', actorId: applicant?.provider ?? 'kyc_provider' };
}
