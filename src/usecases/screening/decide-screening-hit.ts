/** Compliance clears a screening hit as a false positive, or confirms it; always with a note. The risk follows. */
import { ConflictError, NotFoundError, ValidationError } from '../../domain/errors';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { assessRisk } from '../onboarding/assess-risk';
import { inTransaction } from '../unit-of-work';

export async function decideScreeningHit(ctx: AppContext, meta: RequestMeta, actor: Actor, hitId: string, input: { decision: 'clear' | 'confirm'; note: string }) {
  authorize(actor, 'screening.decide');
  if (!input.note.trim()) throw new ValidationError('Explain the decision in a note.', { fields: { note: 'Required' } }, 'note_required');
  return inTransaction(ctx, meta, async (uow) => {
    const owner = isUuid(hitId) ? await uow.trx.selectFrom('screening_hit').select('client_id').where('id', '=', hitId).executeTakeFirst() : undefined;
    if (!owner) throw new NotFoundError('Screening hit');
    // Lock order: client, then hit.
    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', owner.client_id).forUpdate().executeTakeFirstOrThrow();
    const hit = await uow.trx.selectFrom('screening_hit').selectAll().where('id', '=', hitId).forUpdate().executeTakeFirstOrThrow();
    authorize(actor, 'screening.decide', { entityId: client.entity_id });
    if (hit.status !== 'open') throw new ConflictError(`This hit was already ${hit.status}.`, undefined, 'hit_already_decided');
    const status = input.decision === 'clear' ? 'cleared' : 'confirmed';
    await uow.trx.updateTable('screening_hit').set({ status, decided_by: actor.id, decided_at: uow.now, decision_note: input.note.trim() }).where('id', '=', hit.id).execute();
    const risk = await assessRisk(ctx, uow, client);
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: `screening_hit.${status}`, subjectType: 'screening_hit', subjectId: hit.id, clientId: client.id,
      oldValues: { status: hit.status }, newValues: { status, matchEntityId: hit.match_entity_id, caption: hit.caption, riskLevel: risk.level }, note: input.note.trim(),
    });
    return { status, riskLevel: risk.level };
  });
}
