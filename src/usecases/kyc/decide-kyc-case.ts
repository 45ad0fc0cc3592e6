/**
 * A reviewer's structured decision on a KYC case: approved, rejected with a
 * reason from the configured list, or more documents required (which, and
 * why, in words the client sees). Every decision carries a note. Two
 * decisions racing on one case: the row lock lets one win; the other finds a
 * state that no longer allows it and gets a 409.
 */
import { ConflictError, ValidationError } from '../../domain/errors';
import { findDocumentType } from '../../config/lookups';
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import type { Actor } from '../../domain/roles';
import type { RequestedDocuments } from '../../persistence/tables/onboarding-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { approvalBlocker } from './approval-blockers';
import { assertMayDecide } from './claim-kyc-case';
import { applyApproval, applyRejection } from './kyc-outcomes';
import { lockCaseForStaff } from './load-case-for-staff';
import { notifyClient } from '../notifications/notify-client';

export type KycDecision =
  | { decision: 'approve'; note: string; expectedVersion?: number }
  | { decision: 'reject'; note: string; reason: string; clientMessage?: string; expectedVersion?: number }
  | { decision: 'request_documents'; note: string; documents: RequestedDocuments[]; expectedVersion?: number };

export async function decideKycCase(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: KycDecision) {
  return inTransaction(ctx, meta, async (uow) => {
    const { kycCase, staff } = await lockCaseForStaff(uow, actor, 'kyc.case.decide', caseId, input.expectedVersion);
    const from = kycCase.status as KycCaseState;
    if (!kycCaseMachine.can(from, input.decision)) kycCaseMachine.transition(from, input.decision, { by: staff.roles });
    assertMayDecide(kycCase, staff);
    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', kycCase.client_id).forUpdate().executeTakeFirstOrThrow();

    let guardResults: Record<string, string | null> = {};
    let reasonLabel: string | null = null;
    if (input.decision === 'approve') {
      const blocker = await approvalBlocker(ctx, uow.trx, kycCase);
      if (blocker?.code === 'documents_not_acceptable') guardResults = { required_documents_approved: blocker.message };
      else if (blocker) throw new ConflictError(blocker.message, undefined, blocker.code);
      else guardResults = { required_documents_approved: null };
    }
    if (input.decision === 'reject') {
      reasonLabel = ctx.config.kyc.rejectionReasons.find((r) => r.code === input.reason)?.label ?? null;
      if (!reasonLabel) {
        throw new ValidationError('Choose a rejection reason from the list.', { fields: { reason: `One of: ${ctx.config.kyc.rejectionReasons.map((r) => r.code).join(', ')}` } }, 'reason_unknown');
      }
    }
    if (input.decision === 'request_documents') {
      const unknown = input.documents.flatMap((d) => d.documentTypes).filter((id) => !findDocumentType(ctx.config, id));
      guardResults = {
        documents_specified:
          input.documents.length === 0 ? 'Say which documents are needed.' : unknown.length ? `Unknown document type: ${unknown.join(', ')}` : input.documents.some((d) => !d.reason.trim()) ? 'Say why each document is needed.' : null,
      };
    }
    const result = kycCaseMachine.transition(from, input.decision, {
      by: staff.roles,
      note: input.note,
      reason: input.decision === 'reject' ? input.reason : null,
      guardResults,
    });

    let outcome = null;
    if (input.decision === 'approve') outcome = await applyApproval(ctx.config, uow, kycCase, client, staff.id);
    if (input.decision === 'reject') outcome = await applyRejection(ctx.config, uow, kycCase, client, staff.id, input.note);
    const clientMessage =
      input.decision === 'reject' ? [reasonLabel, input.clientMessage?.trim()].filter(Boolean).join(': ') : input.decision === 'request_documents' ? input.documents.map((d) => d.reason).join(' ') : null;
    const decided = input.decision !== 'request_documents';
    await uow.trx
      .updateTable('kyc_case')
      .set({
        status: result.to,
        decided_at: decided ? uow.now : null,
        decided_by: decided ? staff.id : null,
        decision_reason: input.decision === 'reject' ? input.reason : null,
        requested_documents: input.decision === 'request_documents' ? JSON.stringify(input.documents) : kycCase.requested_documents === null ? null : JSON.stringify(kycCase.requested_documents),
        client_message: clientMessage,
        sla_due_at: input.decision === 'request_documents' ? null : kycCase.sla_due_at,
        updated_at: uow.now,
        version: kycCase.version + 1,
      })
      .where('id', '=', kycCase.id)
      .execute();
    await uow.audit({
      actorType: 'staff',
      actorId: staff.id,
      action: `kyc_case.${input.decision === 'approve' ? 'approved' : input.decision === 'reject' ? 'rejected' : 'documents_requested'}`,
      subjectType: 'kyc_case',
      subjectId: kycCase.id,
      clientId: client.id,
      oldValues: { status: from, ...outcome?.clientBefore, caseStatus: from },
      newValues: {
        status: result.to,
        ...(input.decision === 'reject' ? { reason: input.reason, clientMessage } : {}),
        ...(input.decision === 'request_documents' ? { requestedDocuments: input.documents } : {}),
        ...outcome?.client,
        ...(outcome?.documentsApproved.length ? { documentsApproved: outcome.documentsApproved } : {}),
        ...(outcome?.changeRequest ? { changeRequestId: outcome.changeRequest } : {}),
        // Unambiguous for the point-in-time view: `status` above is overwritten by the client's when the client moved.
        caseStatus: result.to,
        ...(outcome?.client.status ? { clientStatus: outcome.client.status } : {}),
      },
      note: result.note,
    });
    await notifyClient(ctx, uow, { kind: 'kyc', clientId: client.id, from, to: result.to, effects: result.effects, clientMessage });
    return { status: result.to, version: kycCase.version + 1 };
  });
}
