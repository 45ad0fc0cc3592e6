/**
 * A running Traderoom with the PSP simulator for the withdrawal tests: staff
 * of every stage logged in over HTTP, and clients funded through real
 * deposits (simulator payment → signed callback → finance approval).
 */
import { expect } from 'vitest';
import { integrationsFrom } from '../../src/app/integrations';
import { loadConfig } from '../../src/config/load-config';
import type { TraderoomConfig } from '../../src/config/schema';
import { startPspSimulator, type PspSimulator } from '../../src/simulators/psp';
import { loggedInStaff, seededClient, type LoggedInStaff, type SeededClient } from '../support/actors';
import { startTestApp, type TestApp } from '../support/test-app';

export const CARD = { secretKey: 'sk_test_card', webhookSecret: 'whsec_card' };
export const WIRE = { secretKey: 'sk_test_wire', webhookSecret: 'whsec_wire' };
export const LEGAL_NAME = 'Anna Maria Schmidt';
export const IBAN = 'DE89370400440532013000';

export interface MoneyWorld {
  app: TestApp;
  sim: PspSimulator;
  support: LoggedInStaff;
  compliance: LoggedInStaff;
  finance: LoggedInStaff;
  supervisor: LoggedInStaff;
  close(): Promise<void>;
}

/** The demo configuration with the withdrawal review rules adjusted by `rules`. */
export function configWith(rules: Partial<TraderoomConfig['reviewRules']['withdrawals']>, extra: Partial<TraderoomConfig> = {}): TraderoomConfig {
  const config = loadConfig();
  return { ...config, ...extra, reviewRules: { ...config.reviewRules, withdrawals: { ...config.reviewRules.withdrawals, ...rules } } };
}

export async function startMoneyWorld(options: { config?: TraderoomConfig; workers?: boolean } = {}): Promise<MoneyWorld> {
  let baseUrl = '';
  const sim = await startPspSimulator({
    providers: [
      { id: 'demo_card', protocol: 'generic', ...CARD },
      { id: 'demo_wire', protocol: 'generic', ...WIRE },
    ],
    webhookUrl: (providerId) => (baseUrl ? `${baseUrl}/api/webhooks/psp/${providerId}` : undefined),
    retryDelaysMs: [50, 50],
  });
  const app = await startTestApp({
    workers: options.workers ?? true,
    ...(options.config ? { config: options.config } : {}),
    integrations: integrationsFrom({
      sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
      sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
      psp: [
        { protocol: 'generic', providerId: 'demo_card', baseUrl: sim.url, secretKey: CARD.secretKey, webhookSecrets: [CARD.webhookSecret] },
        { protocol: 'generic', providerId: 'demo_wire', baseUrl: sim.url, secretKey: WIRE.secretKey, webhookSecrets: [WIRE.webhookSecret] },
      ],
    }),
  });
  baseUrl = app.baseUrl;
  const [support, compliance, finance, supervisor] = [
    await loggedInStaff(app, ['support']),
    await loggedInStaff(app, ['compliance']),
    await loggedInStaff(app, ['finance']),
    await loggedInStaff(app, ['supervisor']),
  ];
  return {
    app, sim, support: support!, compliance: compliance!, finance: finance!, supervisor: supervisor!,
    async close() {
      await app.close();
      await sim.close();
    },
  };
}

export type MoneyClient = SeededClient;

/** A verified EU client with the tests' legal name, logged in. */
export function verifiedClient(app: TestApp, legalName = LEGAL_NAME): Promise<MoneyClient> {
  return seededClient(app, { legalName, emailPrefix: 'withdrawer' });
}

/** Deposits `amountMinor` EUR by `methodId` through the simulator; finance approves it if the rules held it. */
export async function deposit(world: MoneyWorld, client: MoneyClient, amountMinor: string, methodId = 'eu_card'): Promise<string> {
  const res = await client.http.post('/api/portal/deposits', { methodId, amountMinor, currency: 'EUR' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.deposit.id as string;
  await world.sim.pay(id, { outcome: 'success', payerName: LEGAL_NAME });
  const row = await world.app.ctx.db.selectFrom('deposit').select('status').where('id', '=', id).executeTakeFirstOrThrow();
  if (row.status === 'under_review') {
    const decided = await world.finance.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Checked.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
  }
  return id;
}

export async function fundedClient(world: MoneyWorld, amountMinor: string, methodId = 'eu_wire'): Promise<MoneyClient> {
  const client = await verifiedClient(world.app);
  await deposit(world, client, amountMinor, methodId);
  return client;
}

export async function addBankAccount(client: MoneyClient, holderName = LEGAL_NAME): Promise<string> {
  const res = await client.http.post('/api/portal/payout-destinations', { kind: 'bank_account', holderName, details: { iban: IBAN } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.destination.id as string;
}

export async function balances(client: MoneyClient, currency = 'EUR'): Promise<{ available: string; onHold: string }> {
  const res = await client.http.get('/api/portal/wallet');
  expect(res.status).toBe(200);
  const b = (res.body.balances as { currency: string; availableMinor: string; onHoldMinor: string }[]).find((x) => x.currency === currency);
  return { available: b?.availableMinor ?? '0', onHold: b?.onHoldMinor ?? '0' };
}

export async function act(staff: LoggedInStaff, withdrawalId: string, event: string, extra: { note?: string; reason?: string } = {}) {
  return staff.http.post(`/api/backoffice/withdrawals/${withdrawalId}/actions`, { event, ...extra });
}

export async function withdrawalStatus(app: TestApp, id: string): Promise<string> {
  return (await app.ctx.db.selectFrom('withdrawal').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
}
