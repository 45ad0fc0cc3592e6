/**
 * The cases a message can be about: the client's own KYC cases, deposits and
 * withdrawals. A reference to anything else (another client's case, an id
 * that does not exist, a malformed one) is the same 422, so a reference never
 * reveals whether someone else's case exists.
 */
import type { Kysely } from 'kysely';
import { ValidationError } from '../../domain/errors';
import { isUuid } from '../../persistence/ids';
import type { DB } from '../../persistence/schema';
import type { MessageCaseType } from '../../persistence/tables/client-message-tables';
import type { CaseRef } from './message-rules';

/** How many of each kind the case picker offers (the newest). */
export const LINKABLE_CASES_PER_KIND = 20;

export interface LinkableCase {
  type: MessageCaseType;
  id: string;
  status: string;
  createdAt: Date;
  /** KYC: the case kind (onboarding, document_recheck…); money: null. */
  kind: string | null;
  amountMinor: string | null;
  currency: string | null;
}

function caseTable(type: MessageCaseType) {
  return type === 'kyc_case' ? 'kyc_case' : type === 'deposit' ? 'deposit' : 'withdrawal';
}

export async function assertCaseOfClient(db: Kysely<DB>, clientId: string, ref: CaseRef): Promise<void> {
  const found = isUuid(ref.id)
    ? await db.selectFrom(caseTable(ref.type)).select('id').where('id', '=', ref.id).where('client_id', '=', clientId).executeTakeFirst()
    : undefined;
  if (!found) {
    throw new ValidationError('The message can only be about one of this client’s own cases.', { fields: { caseId: 'Not a case of this client' } }, 'message_case_unknown');
  }
}

export async function linkableCases(db: Kysely<DB>, clientId: string): Promise<LinkableCase[]> {
  const [cases, deposits, withdrawals] = await Promise.all([
    db.selectFrom('kyc_case').select(['id', 'status', 'kind', 'opened_at']).where('client_id', '=', clientId).orderBy('opened_at', 'desc').limit(LINKABLE_CASES_PER_KIND).execute(),
    db.selectFrom('deposit').select(['id', 'status', 'amount_minor', 'currency', 'created_at']).where('client_id', '=', clientId).orderBy('created_at', 'desc').limit(LINKABLE_CASES_PER_KIND).execute(),
    db.selectFrom('withdrawal').select(['id', 'status', 'amount_minor', 'currency', 'created_at']).where('client_id', '=', clientId).orderBy('created_at', 'desc').limit(LINKABLE_CASES_PER_KIND).execute(),
  ]);
  return [
    ...cases.map((c) => ({ type: 'kyc_case' as const, id: c.id, status: c.status, createdAt: c.opened_at, kind: c.kind, amountMinor: null, currency: null })),
    ...deposits.map((d) => ({ type: 'deposit' as const, id: d.id, status: d.status, createdAt: d.created_at, kind: null, amountMinor: String(d.amount_minor), currency: d.currency })),
    ...withdrawals.map((w) => ({ type: 'withdrawal' as const, id: w.id, status: w.status, createdAt: w.created_at, kind: null, amountMinor: String(w.amount_minor), currency: w.currency })),
  ];
}
