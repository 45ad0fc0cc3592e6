/** Job handlers of platform account rights: the rights a trading account's status wants, set on its platform. */
import type { AppContext } from '../usecases/app-context';
import { applyPlatformRights } from '../usecases/trading/apply-platform-rights';
import type { JobHandlers } from './job-queue';

export function platformJobHandlers(ctx: AppContext, log: (message: string) => void): Pick<JobHandlers, 'platform.apply_rights'> {
  return {
    'platform.apply_rights': async ({ tradingAccountId }) => {
      try {
        log(`platform rights ${tradingAccountId}: ${await applyPlatformRights(ctx, tradingAccountId)}`);
      } catch (error) {
        log(`platform rights ${tradingAccountId}: will retry (${(error as Error).message})`);
        throw error;
      }
    },
  };
}
