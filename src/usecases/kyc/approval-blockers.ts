/**
 * What must hold before a client is approved, whoever approves (a reviewer
 * or the KYC provider): screening done since the case was submitted (when a
 * sanctions list is configured), no open screening hit, no refused or expired
 * document on file. Returns the reason it cannot be approved yet, or null.
 */
import type { Transaction } from 'kysely';
import { currentVersions, listDocuments } from '../../persistence/repositories/onboarding-repository';
import type { DB } from '../../persistence/schema';
import type { KycCaseRow } from '../../persistence/tables/onboarding-tables';
import type { AppContext } from '../app-context';

export interface ApprovalBlocker {
  code: 'screening_pending' | 'screening_hits_open' | 'documents_not_acceptable';
  message: string;
}

export async function approvalBlocker(ctx: AppContext, trx: Transaction<DB>, kycCase: KycCaseRow): Promise<ApprovalBlocker | null> {
  const clientId = kycCase.client_id;
  if (ctx.integrations.screening) {
    const run = await trx.selectFrom('screening_run').select('screened_at').where('client_id', '=', clientId).executeTakeFirst();
    const since = kycCase.submitted_at ?? kycCase.opened_at;
    if (!run || run.screened_at < since) {
      return { code: 'screening_pending', message: 'Sanctions/PEP screening has not completed since the case was submitted; try again shortly.' };
    }
  }
  const openHits = await trx.selectFrom('screening_hit').select('id').where('client_id', '=', clientId).where('status', '=', 'open').execute();
  if (openHits.length > 0) return { code: 'screening_hits_open', message: `Clear or confirm the ${openHits.length} open screening hit(s) first.` };
  const bad = currentVersions(await listDocuments(trx, clientId)).filter((d) => d.status === 'rejected' || d.status === 'expired');
  if (bad.length > 0) return { code: 'documents_not_acceptable', message: `These documents are not acceptable: ${bad.map((d) => d.document_type).join(', ')}` };
  return null;
}
