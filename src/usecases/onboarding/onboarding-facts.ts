/** Gathers what the next-steps function needs about one client, from the database. */
import type { Kysely, Transaction } from 'kysely';
import type { TraderoomConfig } from '../../config/schema';
import { localIsoDate } from '../../domain/sla/zoned-time';
import type { OnboardingFacts } from '../../domain/onboarding/next-steps';
import { currentVersions, findOpenCase, latestCase, listDocuments, loadProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { ClientRow, DB } from '../../persistence/schema';

export function brokerToday(config: TraderoomConfig, now: Date): string {
  return localIsoDate(now.getTime(), config.sla.workingHours.timezone);
}

export async function loadOnboardingFacts(db: Kysely<DB> | Transaction<DB>, config: TraderoomConfig, client: ClientRow, now: Date): Promise<OnboardingFacts> {
  const [fields, documents, openCase, lastCase, change, credited] = await Promise.all([
    loadProfileFields(db, client.id),
    listDocuments(db, client.id),
    findOpenCase(db, client.id),
    latestCase(db, client.id),
    db.selectFrom('profile_change_request').select('id').where('client_id', '=', client.id).where('status', '=', 'pending').executeTakeFirst(),
    db.selectFrom('deposit').select('id').where('client_id', '=', client.id).where('credited_at', 'is not', null).executeTakeFirst(),
  ]);
  const current = currentVersions(documents);
  const requestedAt = openCase?.status === 'more_documents_required' ? openCase.updated_at : null;
  return {
    entityId: client.entity_id,
    clientType: client.client_type,
    status: client.status,
    today: brokerToday(config, now),
    providedFields: new Set(Object.keys(fields)),
    documents: current.map((doc) => ({
      documentType: doc.document_type,
      status: doc.status,
      issueDate: doc.issue_date,
      expiryDate: doc.expiry_date,
      clientMessage: doc.client_message,
    })),
    uploadedSinceRequest: new Set(requestedAt ? documents.filter((d) => d.uploaded_at > requestedAt).map((d) => d.document_type) : []),
    openCase: openCase
      ? { status: openCase.status, requestedDocuments: openCase.requested_documents, clientMessage: openCase.client_message, requestedAt: requestedAt?.toISOString() ?? null }
      : null,
    lastDecision:
      !openCase && lastCase && (lastCase.status === 'approved' || lastCase.status === 'rejected')
        ? { status: lastCase.status, clientMessage: lastCase.client_message }
        : null,
    pendingChangeRequest: change !== undefined,
    kycSlaHours: config.sla.targets.kyc_review?.workingHours,
    funded: credited !== undefined,
  };
}
