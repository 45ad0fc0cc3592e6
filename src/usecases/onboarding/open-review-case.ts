/**
 * Opens a KYC case for review on behalf of the system or a client action
 * (profile change, document re-check, periodic review), or adds to the one
 * already open: a client has at most one open case.
 */
import type { RequestedDocuments, KycCaseRow } from '../../persistence/tables/onboarding-tables';
import type { ClientRow } from '../../persistence/schema';
import { newId } from '../../persistence/ids';
import { findOpenCase } from '../../persistence/repositories/onboarding-repository';
import type { AppContext } from '../app-context';
import type { UnitOfWork } from '../unit-of-work';
import { kycSlaDueAt } from './kyc-sla';

export interface OpenCaseInput {
  kind: KycCaseRow['kind'];
  reason: string;
  /** Set when the client must act first: the case then waits in "more documents required". */
  requestedDocuments: RequestedDocuments[] | null;
}

export async function openReviewCase(ctx: AppContext, uow: UnitOfWork, client: ClientRow, input: OpenCaseInput): Promise<KycCaseRow> {
  const open = await findOpenCase(uow.trx, client.id, true);
  if (open) {
    // A newer request for the same documents replaces the older one (an ID that
    // "expires on …" and then "expired on …" is one thing to do, not two).
    const key = (r: RequestedDocuments) => [...r.documentTypes].sort().join('|');
    const replaced = new Set((input.requestedDocuments ?? []).map(key));
    const merged = [...(open.requested_documents ?? []).filter((r) => !replaced.has(key(r))), ...(input.requestedDocuments ?? [])];
    return uow.trx
      .updateTable('kyc_case')
      .set({
        requested_documents: merged.length ? JSON.stringify(merged) : null,
        opened_reason: [open.opened_reason, input.reason].filter(Boolean).join('; '),
        updated_at: uow.now,
        version: open.version + 1,
      })
      .where('id', '=', open.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
  // A case the system opens starts where the work is: with the client when
  // documents are needed, otherwise in the compliance queue.
  const waitsForClient = input.requestedDocuments !== null && input.requestedDocuments.length > 0;
  return uow.trx
    .insertInto('kyc_case')
    .values({
      id: newId(uow.now.getTime()),
      client_id: client.id,
      entity_id: client.entity_id,
      country: client.country,
      kind: input.kind,
      status: waitsForClient ? 'more_documents_required' : 'pending',
      risk_level: client.risk_level,
      assignee_id: null,
      opened_reason: input.reason,
      opened_at: uow.now,
      submitted_at: waitsForClient ? null : uow.now,
      sla_due_at: waitsForClient ? null : kycSlaDueAt(ctx.config, uow.now),
      decided_at: null,
      decided_by: null,
      decision_reason: null,
      requested_documents: waitsForClient ? JSON.stringify(input.requestedDocuments) : null,
      client_message: null,
      updated_at: uow.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
