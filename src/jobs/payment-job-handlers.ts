/** Job handlers of money movement: payouts sent to the provider's API. */
import type { AppContext } from '../usecases/app-context';
import { sendPayout } from '../usecases/withdrawals/send-payout';
import type { JobHandlers } from './job-queue';

export function paymentJobHandlers(ctx: AppContext, log: (message: string) => void): Pick<JobHandlers, 'withdrawal.payout'> {
  return {
    'withdrawal.payout': async ({ payoutId }) => {
      const result = await sendPayout(ctx, payoutId);
      log(`payout ${payoutId}: ${result}`);
    },
  };
}
