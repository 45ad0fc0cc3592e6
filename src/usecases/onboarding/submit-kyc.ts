/**
 * The client sends the application (or the documents compliance asked for)
 * for review: the KYC case enters the compliance queue with its SLA due time,
 * the risk is assessed, and screening runs in the background.
 */
import { ConflictError, UnauthenticatedError } from '../../domain/errors';
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import { nextSteps } from '../../domain/onboarding/next-steps';
import type { Actor } from '../../domain/roles';
import { newId } from '../../persistence/ids';
import { findOpenCase } from '../../persistence/repositories/onboarding-repository';
import type { AppContext, RequestMeta } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { kycSlaDueAt } from './kyc-sla';
import { loadOnboardingFacts } from './onboarding-facts';
import { assessRisk } from './assess-risk';

export async function submitKyc(ctx: AppContext, meta: RequestMeta, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  return inTransaction(ctx, meta, async (uow) => {
    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', actor.id).forUpdate().executeTakeFirstOrThrow();
    const facts = await loadOnboardingFacts(uow.trx, ctx.config, client, uow.now);
    const informational = new Set(['submit_for_review', 'change_request_pending', 'restricted']);
    const blocking = nextSteps(ctx.config, facts).filter((step) => !informational.has(step.code));
    const open = await findOpenCase(uow.trx, client.id, true);
    if (!open && facts.lastDecision?.status === 'rejected' && client.status !== 'active') {
      throw new ConflictError('Your application was declined; contact support if your situation has changed.', undefined, 'application_rejected');
    }
    const from = (open?.status ?? 'draft') as KycCaseState;
    const event = from === 'more_documents_required' ? 'resubmit' : 'submit';
    if (!kycCaseMachine.can(from, event)) {
      // Already in the queue, or nothing to send: say which, and change nothing.
      kycCaseMachine.transition(from, event, { by: 'client' });
    }
    if (blocking.length > 0) {
      throw new ConflictError(`Not ready to send yet: ${blocking.map((s) => s.title).join('; ')}.`, { nextSteps: blocking }, 'application_incomplete');
    }
    const { to } = kycCaseMachine.transition(from, event, {
      by: 'client',
      guardResults: event === 'submit' ? { profile_complete: null, required_documents_uploaded: null } : { requested_documents_uploaded: null },
    });
    const risk = await assessRisk(ctx, uow, client);
    const slaDueAt = kycSlaDueAt(ctx.config, uow.now);
    const caseId = open?.id ?? newId(uow.now.getTime());
    if (open) {
      await uow.trx
        .updateTable('kyc_case')
        .set({ status: to, submitted_at: uow.now, sla_due_at: slaDueAt, risk_level: risk.level, assignee_id: null, updated_at: uow.now, version: open.version + 1 })
        .where('id', '=', open.id)
        .execute();
    } else {
      await uow.trx
        .insertInto('kyc_case')
        .values({
          id: caseId,
          client_id: client.id,
          entity_id: client.entity_id,
          country: client.country,
          kind: client.kyc_verified_at ? 'document_recheck' : 'onboarding',
          status: to,
          risk_level: risk.level,
          assignee_id: null,
          opened_reason: 'Submitted by the client',
          opened_at: uow.now,
          submitted_at: uow.now,
          sla_due_at: slaDueAt,
          updated_at: uow.now,
        })
        .execute();
    }
    await uow.enqueue('screening.screen_client', { clientId: client.id, caseId });
    await uow.enqueue('kyc_provider.create_applicant', { clientId: client.id });
    await uow.audit({
      actorType: 'client',
      actorId: client.id,
      action: open ? 'kyc_case.resubmitted' : 'kyc_case.submitted',
      subjectType: 'kyc_case',
      subjectId: caseId,
      clientId: client.id,
      oldValues: { status: from },
      newValues: { status: to, slaDueAt, riskLevel: risk.level, riskScore: risk.score },
    });
    return { caseId, status: to };
  });
}
