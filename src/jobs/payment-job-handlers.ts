/** Job handlers of money movement: payouts sent to the provider's API, transfers applied on the trading platform. */
import type { AppContext } from '../usecases/app-context';
import { applyTransfer } from '../usecases/trading/transfer-funds';
import { sendPayout } from '../usecases/withdrawals/send-payout';
import type { JobHandlers } from './job-queue';

export function paymentJobHandlers(ctx: AppContext, log: (message: string) => void): Pick<JobHandlers, 'withdrawal.payout' | 'platform.transfer'> {
  return {
    'withdrawal.payout': async ({ payoutId }) => {
      const result = await sendPayout(ctx, payoutId);
      log(`payout ${payoutId}: ${result}`);
    },
    'platform.transfer': async ({ transferId }) => {
      const result = await applyTransfer(ctx, transferId);
      log(`platform transfer ${transferId}: ${result}`);
    },
  };
}
