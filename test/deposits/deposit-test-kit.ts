/**
 * What the deposit money tests share: a Traderoom over real HTTP wired to the
 * PSP simulator (generic card and wire providers, and the Praxis local bank),
 * verified clients logged in over HTTP, and small readers of the ledger.
 */
import { expect } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { transferToPlatformEntry } from '../../src/domain/ledger/entries';
import { money } from '../../src/domain/ledger/money';
import { newId } from '../../src/persistence/ids';
import { balancesForClient, postEntry } from '../../src/persistence/ledger/ledger-repository';
import { startPspSimulator, type PspSimulator } from '../../src/simulators/psp';
import { loggedInStaff, seededClient, type LoggedInStaff } from '../support/actors';
import type { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

export const CARD = { secretKey: 'sk_test_card_kit', webhookSecret: 'whsec_card_kit' };
export const WIRE = { secretKey: 'sk_test_wire_kit', webhookSecret: 'whsec_wire_kit' };
export const BANK = { merchantId: 'API-KitBroker', applicationKey: 'traderoom-kit', merchantSecret: 'kit-praxis-merchant-secret' };
export const LEGAL_NAME = 'Anna Maria Schmidt';

export interface DepositWorld {
  sim: PspSimulator;
  app: TestApp;
  finance: LoggedInStaff;
  close(): Promise<void>;
}

/** Simulator + app, each knowing where the other is (Praxis: the notification_url sent in the cashier request). */
export async function startDepositWorld(): Promise<DepositWorld> {
  let baseUrl = '';
  const sim = await startPspSimulator({
    providers: [
      { id: 'demo_card', protocol: 'generic', ...CARD },
      { id: 'demo_wire', protocol: 'generic', ...WIRE },
      { id: 'demo_local_bank', protocol: 'praxis', name: 'Demo local bank cashier', secretKey: BANK.merchantSecret, merchantId: BANK.merchantId, applicationKey: BANK.applicationKey },
    ],
    webhookUrl: (providerId) => (baseUrl ? `${baseUrl}/api/webhooks/psp/${providerId}` : undefined),
    retryDelaysMs: [50, 50],
  });
  const integrations = integrationsFrom({
    sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
    sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
    psp: [
      { protocol: 'generic', providerId: 'demo_card', baseUrl: sim.url, secretKey: CARD.secretKey, webhookSecrets: [CARD.webhookSecret] },
      { protocol: 'generic', providerId: 'demo_wire', baseUrl: sim.url, secretKey: WIRE.secretKey, webhookSecrets: [WIRE.webhookSecret] },
      { protocol: 'praxis', providerId: 'demo_local_bank', baseUrl: sim.url, ...BANK },
    ],
  });
  const app = await startTestApp({ workers: false, integrations });
  baseUrl = app.baseUrl;
  const bank = integrations.psp.demo_local_bank;
  if (bank?.protocol === 'praxis') bank.notificationUrl = `${baseUrl}/api/webhooks/psp/demo_local_bank`;
  const finance = await loggedInStaff(app, ['finance']);
  return {
    sim,
    app,
    finance,
    async close() {
      await app.close();
      await sim.close();
    },
  };
}

export interface KitClient {
  id: string;
  http: HttpClient;
}

/** A verified EU client with the tests' legal name, logged in. */
export function verifiedClient(app: TestApp): Promise<KitClient> {
  return seededClient(app, { legalName: LEGAL_NAME, emailPrefix: 'refunds' });
}

export async function startDeposit(http: HttpClient, amountMinor: string, methodId = 'eu_card', currency = 'EUR'): Promise<{ id: string; redirectUrl: string }> {
  const res = await http.post('/api/portal/deposits', { methodId, amountMinor, currency });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.deposit.id as string, redirectUrl: res.body.redirectUrl as string };
}

export async function approve(world: DepositWorld, id: string): Promise<void> {
  const res = await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Payer and amount checked.' });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** Available / owed in minor units, as the ledger has them. */
export async function balances(world: DepositWorld, clientId: string, currency = 'EUR'): Promise<{ available: bigint; debt: bigint }> {
  const b = (await balancesForClient(world.app.ctx.db, clientId)).find((x) => x.currency === currency);
  return { available: b?.available.amountMinor ?? 0n, debt: b?.debt.amountMinor ?? 0n };
}

/** The client trades money away: it leaves the wallet for a trading platform (so a later clawback finds less than it takes). */
export async function moveToPlatform(world: DepositWorld, clientId: string, amountMinor: bigint, currency = 'EUR'): Promise<void> {
  const now = world.app.ctx.clock.now();
  await world.app.ctx.db.transaction().execute((trx) =>
    postEntry(trx, transferToPlatformEntry({ ref: { type: 'test_transfer', id: newId() }, clientId, platformId: 'mt5_demo', amount: money(amountMinor, currency) }), { now, createdBy: 'system:test' }),
  );
}

export async function depositRow(world: DepositWorld, id: string) {
  return world.app.ctx.db.selectFrom('deposit').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export async function refundsOf(world: DepositWorld, depositId: string) {
  return world.app.ctx.db.selectFrom('deposit_refund').selectAll().where('deposit_id', '=', depositId).orderBy('created_at').execute();
}

export async function flagsOf(world: DepositWorld, clientId: string) {
  return world.app.ctx.db.selectFrom('client_flag').selectAll().where('client_id', '=', clientId).orderBy('created_at').orderBy('kind').execute();
}

/** A client whose first card deposit (amount) was approved by finance and credited. */
export async function clientWithCreditedDeposit(world: DepositWorld, amountMinor = '5000', methodId = 'eu_card'): Promise<KitClient & { depositId: string }> {
  const c = await verifiedClient(world.app);
  const { id } = await startDeposit(c.http, amountMinor, methodId);
  await world.sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME });
  expect((await depositRow(world, id)).status).toBe('under_review');
  await approve(world, id);
  expect((await depositRow(world, id)).status).toBe('credited');
  return { ...c, depositId: id };
}
