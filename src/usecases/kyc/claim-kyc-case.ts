/** A reviewer claims a case from the queue, releases it, or a supervisor assigns it. */
import { ForbiddenError, NotFoundError } from '../../domain/errors';
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import type { Actor, StaffRole } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { lockCaseForStaff } from './load-case-for-staff';

const REVIEWER_ROLES: StaffRole[] = ['compliance', 'supervisor'];

/** A supervisor always leaves a note, even to claim (SPEC §3); for compliance it is optional. */
export async function claimKycCase(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: { note?: string } = {}) {
  return inTransaction(ctx, meta, async (uow) => {
    const { kycCase, staff } = await lockCaseForStaff(uow, actor, 'kyc.case.claim', caseId);
    const { to, note } = kycCaseMachine.transition(kycCase.status as KycCaseState, 'claim', { by: staff.roles, note: input.note ?? null });
    await uow.trx.updateTable('kyc_case').set({ status: to, assignee_id: staff.id, updated_at: uow.now, version: kycCase.version + 1 }).where('id', '=', kycCase.id).execute();
    await uow.audit({
      actorType: 'staff', actorId: staff.id, action: 'kyc_case.claimed', subjectType: 'kyc_case', subjectId: kycCase.id, clientId: kycCase.client_id,
      oldValues: { status: kycCase.status, assigneeId: kycCase.assignee_id }, newValues: { status: to, assigneeId: staff.id }, note,
    });
    return { status: to, assigneeId: staff.id };
  });
}

export async function releaseKycCase(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: { note?: string } = {}) {
  return inTransaction(ctx, meta, async (uow) => {
    const { kycCase, staff } = await lockCaseForStaff(uow, actor, 'kyc.case.claim', caseId);
    const isAssignee = kycCase.assignee_id === staff.id;
    const { to, note } = kycCaseMachine.transition(kycCase.status as KycCaseState, 'release', {
      by: staff.roles,
      note: input.note ?? null,
      guardResults: { assignee_or_supervisor: isAssignee || staff.roles.includes('supervisor') ? null : 'Only the assignee or a supervisor can release this case.' },
    });
    await uow.trx.updateTable('kyc_case').set({ status: to, assignee_id: null, updated_at: uow.now, version: kycCase.version + 1 }).where('id', '=', kycCase.id).execute();
    await uow.audit({
      actorType: 'staff', actorId: staff.id, action: 'kyc_case.released', subjectType: 'kyc_case', subjectId: kycCase.id, clientId: kycCase.client_id,
      oldValues: { status: kycCase.status, assigneeId: kycCase.assignee_id }, newValues: { status: to, assigneeId: null }, note,
    });
    return { status: to };
  });
}

export async function assignKycCase(ctx: AppContext, meta: RequestMeta, actor: Actor, caseId: string, input: { assigneeId: string; note?: string }) {
  return inTransaction(ctx, meta, async (uow) => {
    const { kycCase, staff } = await lockCaseForStaff(uow, actor, 'kyc.case.assign', caseId);
    const assignee = isUuid(input.assigneeId)
      ? await uow.trx.selectFrom('staff').select(['id', 'roles', 'entity_ids', 'active']).where('id', '=', input.assigneeId).executeTakeFirst()
      : undefined;
    if (!assignee || !assignee.active) throw new NotFoundError('Staff member');
    const canReview = assignee.roles.some((r) => REVIEWER_ROLES.includes(r as StaffRole));
    const inScope = assignee.entity_ids === null || assignee.entity_ids.includes(kycCase.entity_id);
    const { to } = kycCaseMachine.transition(kycCase.status as KycCaseState, 'assign', {
      by: staff.roles,
      note: input.note ?? null,
      guardResults: { assignee_has_role: canReview && inScope ? null : 'The assignee must be compliance or supervisor staff of this entity.' },
    });
    await uow.trx.updateTable('kyc_case').set({ status: to, assignee_id: assignee.id, updated_at: uow.now, version: kycCase.version + 1 }).where('id', '=', kycCase.id).execute();
    await uow.audit({
      actorType: 'staff', actorId: staff.id, action: 'kyc_case.assigned', subjectType: 'kyc_case', subjectId: kycCase.id, clientId: kycCase.client_id,
      oldValues: { status: kycCase.status, assigneeId: kycCase.assignee_id }, newValues: { status: to, assigneeId: assignee.id }, note: input.note ?? null,
    });
    return { status: to, assigneeId: assignee.id };
  });
}

/** Only the assignee or a supervisor decides a claimed case. */
export function assertMayDecide(kycCase: { assignee_id: string | null; status: string }, staff: { id: string; roles: readonly StaffRole[] }): void {
  if (staff.roles.includes('supervisor')) return;
  if (kycCase.status === 'under_review' && kycCase.assignee_id !== staff.id) {
    throw new ForbiddenError('This case is assigned to another reviewer.', undefined, 'not_assignee');
  }
}
