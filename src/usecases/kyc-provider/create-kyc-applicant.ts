/**
 * Registers a client with the KYC provider (job, retried by the queue). Safe
 * to run twice: an applicant already recorded is kept, and the provider's
 * "already exists" answer after a lost response is recovered from.
 */
import { KycProviderRequestError, type SumsubClient } from '../../integrations/kyc-provider';
import { loadProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { AppContext } from '../app-context';
import { SYSTEM_REQUEST } from '../app-context';
import { inTransaction } from '../unit-of-work';
import { SUMSUB } from './apply-kyc-provider-webhook';

export interface KycProviderSettings {
  client: SumsubClient;
  levelName: string;
  webhookSecrets: string[];
}

export async function createKycApplicant(ctx: AppContext, provider: KycProviderSettings, clientId: string): Promise<string> {
  const existing = await ctx.db.selectFrom('kyc_provider_applicant').select('applicant_id').where('client_id', '=', clientId).executeTakeFirst();
  if (existing) return existing.applicant_id;
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
  const fields = await loadProfileFields(ctx.db, clientId);
  const legalName = fields.legal_name as { firstName?: string; lastName?: string } | undefined;
  let applicantId: string;
  try {
    const created = await provider.client.createApplicant({
      externalUserId: client.id,
      levelName: provider.levelName,
      email: client.email,
      fixedInfo: {
        firstName: legalName?.firstName ?? client.first_name,
        lastName: legalName?.lastName ?? client.last_name,
        ...(typeof fields.date_of_birth === 'string' ? { dob: fields.date_of_birth } : {}),
        country: client.country,
      },
    });
    applicantId = created.id;
  } catch (error) {
    // 409: our earlier attempt created it and its answer was lost. Sumsub names the id in the message.
    const id = error instanceof KycProviderRequestError && error.status === 409 ? /([0-9a-f]{24,})\s*$/i.exec(error.description ?? '')?.[1] : undefined;
    if (!id) throw error;
    applicantId = id;
  }
  await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    const inserted = await uow.trx
      .insertInto('kyc_provider_applicant')
      .values({ client_id: client.id, provider: SUMSUB, applicant_id: applicantId, level_name: provider.levelName, created_at: uow.now })
      .onConflict((oc) => oc.column('client_id').doNothing())
      .returning('applicant_id')
      .executeTakeFirst();
    if (!inserted) return;
    await uow.audit({
      actorType: 'system', actorId: 'kyc-provider', action: 'kyc_provider.applicant_created', subjectType: 'client', subjectId: client.id, clientId: client.id,
      newValues: { provider: SUMSUB, applicantId, levelName: provider.levelName },
    });
  });
  return applicantId;
}
