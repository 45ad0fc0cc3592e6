/** Compliance escalates a case to a supervisor; the supervisor can send it back to review. */
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import type { Actor } from '../../domain/roles';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { assertMayDecide } from './claim-kyc-case';
import { lockCaseForStaff } from './load-case-for-staff';

export async function escalateKycCase(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: { note: string }) {
  return moveCase(ctx, meta, actor, caseId, 'escalate', input.note);
}

export async function returnKycCaseToReview(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: { note: string }) {
  return moveCase(ctx, meta, actor, caseId, 'return_to_review', input.note);
}

async function moveCase(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, event: 'escalate' | 'return_to_review', note: string) {
  return inTransaction(ctx, meta, async (uow) => {
    const { kycCase, staff } = await lockCaseForStaff(uow, actor, event === 'escalate' ? 'kyc.case.escalate' : 'kyc.case.decide', caseId);
    const from = kycCase.status as KycCaseState;
    if (event === 'escalate' && kycCaseMachine.can(from, event)) assertMayDecide(kycCase, staff);
    const result = kycCaseMachine.transition(from, event, { by: staff.roles, note });
    await uow.trx.updateTable('kyc_case').set({ status: result.to, updated_at: uow.now, version: kycCase.version + 1 }).where('id', '=', kycCase.id).execute();
    await uow.audit({
      actorType: 'staff', actorId: staff.id, action: event === 'escalate' ? 'kyc_case.escalated' : 'kyc_case.returned_to_review',
      subjectType: 'kyc_case', subjectId: kycCase.id, clientId: kycCase.client_id,
      oldValues: { status: from }, newValues: { status: result.to }, note: result.note,
    });
    return { status: result.to, version: kycCase.version + 1 };
  });
}
