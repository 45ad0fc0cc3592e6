/** Job handlers of SPEC §8: the balance sync with the trading platforms, and reconciliation runs. */
import type { AppContext } from '../usecases/app-context';
import { executeReconciliationRun, requestScheduledRun } from '../usecases/reconciliation/run-reconciliation';
import { syncPlatformBalances } from '../usecases/reconciliation/sync-platform-balances';
import type { JobHandlers } from './job-queue';

export function reconciliationJobHandlers(ctx: AppContext, log: (message: string) => void): Pick<JobHandlers, 'platform.balance_sync' | 'reconciliation.run'> {
  return {
    'platform.balance_sync': async ({ platformId }) => {
      for (const s of await syncPlatformBalances(ctx, platformId !== undefined ? { platformId } : {})) {
        log(
          `balance sync ${s.platformId}: ${s.accounts} account(s), ${s.snapshots} snapshot(s), ${s.dealsRead} deal(s) read, ${s.exceptionsOpened} exception(s) opened` +
            (s.notOnPlatform > 0 ? `, ${s.notOnPlatform} not on the platform` : '') +
            (s.error ? `; stopped: ${s.error}` : ''),
        );
      }
    },
    'reconciliation.run': async ({ runId }, meta) => {
      // The schedule's job has no run id: it creates the run, whose own job executes it.
      if (runId === undefined) return log(`reconciliation run ${await requestScheduledRun(ctx)} requested by the schedule`);
      log(`reconciliation run ${runId}: ${await executeReconciliationRun(ctx, runId, { attempt: meta.attempt })}`);
    },
  };
}
