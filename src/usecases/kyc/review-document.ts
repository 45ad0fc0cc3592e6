/** Compliance accepts or refuses one document, with the reason the client will read. */
import { NotFoundError } from '../../domain/errors';
import { documentMachine, type DocumentState } from '../../domain/machines/document-machine';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import { listDocuments } from '../../persistence/repositories/onboarding-repository';
import type { AppContext, RequestMeta } from '../app-context';
import { brokerToday } from '../onboarding/onboarding-facts';
import { inTransaction } from '../unit-of-work';
import { approveDocumentVersion } from './kyc-outcomes';
import { notifyClient } from '../notifications/notify-client';

export type DocumentDecision =
  | { decision: 'approve'; note?: string }
  | { decision: 'reject'; reason: string; clientMessage: string; note: string };

export async function reviewDocument(ctx: AppContext, meta: RequestMeta, actor: Actor, documentId: string, input: DocumentDecision) {
  authorize(actor, 'document.review');
  return inTransaction(ctx, meta, async (uow) => {
    const owner = isUuid(documentId) ? await uow.trx.selectFrom('document').select('client_id').where('id', '=', documentId).executeTakeFirst() : undefined;
    if (!owner) throw new NotFoundError('Document');
    // Lock order: client, then document.
    await uow.trx.selectFrom('client').select('id').where('id', '=', owner.client_id).forUpdate().execute();
    const doc = await uow.trx.selectFrom('document').selectAll().where('id', '=', documentId).forUpdate().executeTakeFirstOrThrow();
    const client = await uow.trx.selectFrom('client').select(['id', 'entity_id']).where('id', '=', doc.client_id).executeTakeFirstOrThrow();
    authorize(actor, 'document.review', { entityId: client.entity_id });
    const today = brokerToday(ctx.config, uow.now);
    const result = documentMachine.transition(doc.status as DocumentState, input.decision, {
      by: actor.roles,
      note: input.note ?? null,
      reason: input.decision === 'reject' ? input.reason : null,
      guardResults:
        input.decision === 'approve'
          ? {
              expiry_date_recorded: ctx.config.documentTypes.find((t) => t.id === doc.document_type)?.expiryRequired && !doc.expiry_date ? 'The expiry date is missing.' : null,
              document_not_expired: doc.expiry_date && doc.expiry_date <= today ? `The document expired on ${doc.expiry_date}.` : null,
            }
          : undefined,
    });
    if (input.decision === 'approve') {
      await approveDocumentVersion(uow, doc, await listDocuments(uow.trx, doc.client_id), actor.id);
    } else {
      await uow.trx
        .updateTable('document')
        .set({ status: result.to, rejection_reason: input.reason, client_message: input.clientMessage.trim(), reviewed_at: uow.now, reviewed_by: actor.id })
        .where('id', '=', doc.id)
        .execute();
    }
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: `document.${input.decision === 'approve' ? 'approved' : 'rejected'}`,
      subjectType: 'document', subjectId: doc.id, clientId: doc.client_id,
      oldValues: { status: doc.status },
      newValues: { status: result.to, ...(input.decision === 'reject' ? { reason: input.reason, clientMessage: input.clientMessage.trim() } : {}), documentType: doc.document_type, version: doc.version },
      note: result.note,
    });
    await notifyClient(ctx, uow, {
      kind: 'document', clientId: doc.client_id, from: doc.status, to: result.to, effects: result.effects, documentType: doc.document_type,
      ...(input.decision === 'reject' ? { reasonCode: input.reason, clientMessage: input.clientMessage } : {}),
    });
    return { status: result.to };
  });
}
