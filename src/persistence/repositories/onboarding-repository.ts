/** Reads and writes of a client's onboarding record: profile, documents, open KYC case. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../schema';
import type { DocumentRow, KycCaseRow } from '../tables/onboarding-tables';

type Reader = Kysely<DB> | Transaction<DB>;

export const OPEN_CASE_STATES = ['draft', 'pending', 'under_review', 'more_documents_required', 'escalated'] as const;
export const CASE_IN_REVIEW_STATES = ['pending', 'under_review', 'escalated'] as const;

export async function loadProfileFields(db: Reader, clientId: string): Promise<Record<string, unknown>> {
  const row = await db.selectFrom('client_profile').select('fields').where('client_id', '=', clientId).executeTakeFirst();
  return row?.fields ?? {};
}

export async function saveProfileFields(trx: Transaction<DB>, clientId: string, fields: Record<string, unknown>, now: Date): Promise<void> {
  await trx
    .insertInto('client_profile')
    .values({ client_id: clientId, fields: JSON.stringify(fields), updated_at: now })
    .onConflict((oc) => oc.column('client_id').doUpdateSet({ fields: JSON.stringify(fields), updated_at: now }))
    .execute();
}

/** Every version of every document, newest version first within a type. */
export async function listDocuments(db: Reader, clientId: string): Promise<DocumentRow[]> {
  return db.selectFrom('document').selectAll().where('client_id', '=', clientId).orderBy('document_type').orderBy('version', 'desc').execute();
}

/** The latest version of each document type: what is "on file". */
export function currentVersions(documents: readonly DocumentRow[]): DocumentRow[] {
  const latest = new Map<string, DocumentRow>();
  for (const doc of documents) {
    const seen = latest.get(doc.document_type);
    if (!seen || doc.version > seen.version) latest.set(doc.document_type, doc);
  }
  return [...latest.values()];
}

export async function findOpenCase(db: Reader, clientId: string, lock = false): Promise<KycCaseRow | undefined> {
  let query = db.selectFrom('kyc_case').selectAll().where('client_id', '=', clientId).where('status', 'in', [...OPEN_CASE_STATES]);
  if (lock && 'isTransaction' in db && db.isTransaction) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function latestCase(db: Reader, clientId: string): Promise<KycCaseRow | undefined> {
  return db.selectFrom('kyc_case').selectAll().where('client_id', '=', clientId).orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}
