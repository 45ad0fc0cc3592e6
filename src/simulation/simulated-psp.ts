/**
 * The payment providers of the simulation: the generic protocol's client
 * interface answered in memory (no network), so the real createDeposit and
 * the real payout job run unchanged. Ids count up, so they are the same for
 * the same seed. Outcomes are not decided here: the model delivers them later
 * as provider events through the real applyPspEvent.
 */
import type { GenericPspClient, PspCheckoutSession, PspPayout } from '../integrations/psp';
import type { PspProviders } from '../usecases/deposits/psp-settings';

export class SimulatedPsp implements GenericPspClient {
  private sessions = 0;
  private payouts = 0;

  constructor(readonly providerId: string) {}

  async createCheckoutSession(input: Parameters<GenericPspClient['createCheckoutSession']>[0]): Promise<PspCheckoutSession> {
    this.sessions += 1;
    const id = `cs_sim_${this.providerId}_${this.sessions}`;
    return {
      id, url: `https://psp.simulation.invalid/pay/${id}`, status: 'open', paymentStatus: 'unpaid', reference: input.reference,
      amountMinor: input.amountMinor, currency: input.currency, method: input.method, paymentIntentId: undefined,
    };
  }

  async createPayout(input: Parameters<GenericPspClient['createPayout']>[0]): Promise<PspPayout> {
    this.payouts += 1;
    return { id: `po_sim_${this.providerId}_${this.payouts}`, status: 'pending', reference: input.reference, amountMinor: input.amountMinor, currency: input.currency, failureCode: undefined, failureMessage: undefined };
  }

  getCheckoutSession(): Promise<PspCheckoutSession> {
    return Promise.reject(new Error('the simulated provider does not look sessions up'));
  }

  getPayout(): Promise<PspPayout> {
    return Promise.reject(new Error('the simulated provider does not look payouts up'));
  }

  getSettlementReport(): Promise<string> {
    return Promise.resolve('');
  }
}

/** Every generic-protocol provider of the configuration, simulated; Praxis providers are left out (their methods are not offered). */
export function simulatedProviders(providers: readonly { id: string; protocol: string }[]): PspProviders {
  const out: Record<string, PspProviders[string]> = {};
  for (const p of providers) {
    if (p.protocol !== 'stripe_signed_webhook') continue;
    out[p.id] = { protocol: 'generic', providerId: p.id, client: new SimulatedPsp(p.id), webhookSecrets: [] };
  }
  return out;
}
