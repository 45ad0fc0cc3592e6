/**
 * Compliance overrides the computed risk level (or removes the override),
 * always with a note. A rise in risk opens a review of a verified client.
 */
import { NotFoundError, ValidationError } from '../../domain/errors';
import { riskChangeNeedsReview } from '../../domain/kyc/risk-score';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { openReviewCase } from '../onboarding/open-review-case';
import { inTransaction } from '../unit-of-work';

export async function overrideRisk(ctx: AppContext, meta: RequestMeta, actor: Actor, clientId: string, input: { level: 'low' | 'medium' | 'high' | null; note: string }) {
  authorize(actor, 'risk.override');
  if (!input.note.trim()) throw new ValidationError('Explain the override in a note.', { fields: { note: 'Required' } }, 'note_required');
  return inTransaction(ctx, meta, async (uow) => {
    const client = isUuid(clientId) ? await uow.trx.selectFrom('client').selectAll().where('id', '=', clientId).forUpdate().executeTakeFirst() : undefined;
    if (!client) throw new NotFoundError('Client');
    authorize(actor, 'risk.override', { entityId: client.entity_id });
    const before = client.risk_override ?? client.risk_level;
    const after = input.level ?? client.risk_level;
    await uow.trx.updateTable('client').set({ risk_override: input.level, updated_at: uow.now }).where('id', '=', client.id).execute();
    let reviewCaseId: string | null = null;
    let reviewCase: { id: string; kind: string; status: string } | null = null;
    if (riskChangeNeedsReview(before, after) && client.kyc_verified_at) {
      const opened = await openReviewCase(ctx, uow, { ...client, risk_level: after }, { kind: 'risk_review', reason: `Risk raised from ${before} to ${after} by compliance`, requestedDocuments: null });
      reviewCaseId = opened.id;
      reviewCase = { id: opened.id, kind: opened.kind, status: opened.status };
    }
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: 'client.risk_overridden', subjectType: 'client', subjectId: client.id, clientId: client.id,
      oldValues: { riskOverride: client.risk_override, effectiveRisk: before }, newValues: { riskOverride: input.level, effectiveRisk: after, reviewCaseId, ...(reviewCase ? { reviewCase } : {}) }, note: input.note.trim(),
    });
    return { effectiveRisk: after, reviewCaseId };
  });
}
