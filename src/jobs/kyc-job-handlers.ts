/** Job handlers of onboarding and KYC: screening, re-screening after a list update, the KYC provider, due diligence. */
import type { AppContext } from '../usecases/app-context';
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { runDueDiligence } from '../usecases/due-diligence/run-due-diligence';
import { createKycApplicant } from '../usecases/kyc-provider/create-kyc-applicant';
import { currentListVersion, screenClient } from '../usecases/screening/screen-client';
import { inTransaction } from '../usecases/unit-of-work';
import type { JobHandlers } from './job-queue';

/** Clients re-screened per pass when a list changes (the rest follow in the next pass). */
const RESCREEN_BATCH = 5000;

export function kycJobHandlers(ctx: AppContext, log: (message: string) => void): Pick<JobHandlers, 'screening.screen_client' | 'screening.rescreen_all' | 'kyc_provider.create_applicant' | 'kyc.due_diligence'> {
  return {
    'screening.screen_client': async ({ clientId }) => {
      const screening = ctx.integrations.screening;
      if (!screening) return log(`screening skipped for ${clientId}: no sanctions list configured (SANCTIONS_URL)`);
      const result = await screenClient(ctx, screening, clientId);
      log(`screened client ${clientId}: ${result.matches} match(es), ${result.newHits} new hit(s)`);
    },
    'screening.rescreen_all': async () => {
      const screening = ctx.integrations.screening;
      if (!screening) return;
      const version = await currentListVersion(screening);
      const stale = await ctx.db
        .selectFrom('screening_run')
        .select('client_id')
        .where('list_version', '!=', version)
        .limit(RESCREEN_BATCH)
        .execute();
      if (stale.length === 0) return;
      await inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
        for (const row of stale) await uow.enqueue('screening.screen_client', { clientId: row.client_id });
      });
      log(`list version ${version}: ${stale.length} client(s) queued for re-screening`);
    },
    'kyc_provider.create_applicant': async ({ clientId }) => {
      const provider = ctx.integrations.kycProvider;
      if (!provider) return;
      const applicantId = await createKycApplicant(ctx, provider, clientId);
      log(`KYC provider applicant ${applicantId} for client ${clientId}`);
    },
    'kyc.due_diligence': async ({ asOf }) => {
      const report = await runDueDiligence(ctx, asOf ? new Date(asOf) : ctx.clock.now());
      log(`due diligence: ${JSON.stringify(report)}`);
    },
  };
}
