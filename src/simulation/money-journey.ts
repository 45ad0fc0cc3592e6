/**
 * Money on the real use cases: a verified client deposits (the portal's
 * methods, the method's limits), the provider answers later through the real
 * PSP event use case (success, failure, a third-party payer; chargebacks
 * weeks on), the review rules credit it or send it to finance; clients
 * withdraw part of their wallet, and payouts are sent by the real payout job
 * and answered paid, failed or (after being paid) returned.
 */
import { walletAccount } from '../domain/ledger/accounts';
import type { ClientPaymentMethod } from '../domain/kyc/client-capabilities';
import type { PspMoneyOutcome } from '../integrations/psp';
import { balanceOf } from '../persistence/ledger/ledger-repository';
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { capabilitiesOf } from '../usecases/clients/client-money-facts';
import { applyPspEvent } from '../usecases/deposits/apply-psp-event';
import { createDeposit } from '../usecases/deposits/create-deposit';
import { requestWithdrawal } from '../usecases/withdrawals/request-withdrawal';
import { sendPayout } from '../usecases/withdrawals/send-payout';
import { BEHAVIOUR } from './behaviour';
import type { CapturedJob } from './capturing-job-queue';
import { clientActor, delay, type Model } from './onboarding-journey';
import type { SimClient, World } from './sim-world';

export interface SimDeposit {
  id: string;
  client: SimClient;
  providerId: string;
  kind: string;
  amountMinor: bigint;
  currency: string;
  createdAt: number;
  thirdParty: boolean;
  attempt: number;
}

export interface SimWithdrawal {
  id: string;
  client: SimClient;
  providerId: string;
  amountMinor: bigint;
  currency: string;
  stages: readonly string[];
  requestedAt: number;
  paidOnce: boolean;
  /** Who approved which stage (four eyes). */
  approvals: Map<string, string>;
}

async function providerEvent(world: World, providerId: string, outcome: Omit<PspMoneyOutcome, 'occurredAt' | 'providerReference'> & { providerReference?: string }) {
  const n = world.nextNumber();
  const full: PspMoneyOutcome = { ...outcome, providerReference: outcome.providerReference ?? `sim_${n}`, occurredAt: new Date(world.now()) };
  const body = JSON.stringify({ ...full, amountMinor: String(full.amountMinor) });
  return world.attempt(`provider event ${outcome.kind}`, () =>
    applyPspEvent(world.ctx, SYSTEM_REQUEST, providerId, { dedupKey: `evt_sim_${n}`, outcome: full }, { rawBody: body, headers: {} }),
  );
}

async function offeredMethods(world: World, client: SimClient, direction: 'deposit' | 'withdrawal'): Promise<ClientPaymentMethod[]> {
  const row = await world.ctx.db.selectFrom('client').selectAll().where('id', '=', client.id!).executeTakeFirstOrThrow();
  return capabilitiesOf(world.ctx, row).paymentMethods.filter((p) => p.directions.includes(direction) && world.ctx.integrations.psp[p.provider] !== undefined);
}

function currencyFor(method: ClientPaymentMethod, baseCurrencies: readonly string[]): string {
  return baseCurrencies.find((c) => method.currencies.includes(c)) ?? method.currencies[0]!;
}

function clamp(value: bigint, limits: { minMinor: number; maxMinor: number } | undefined): bigint | null {
  if (!limits) return value;
  if (value < BigInt(limits.minMinor)) return BigInt(limits.minMinor);
  return value > BigInt(limits.maxMinor) ? BigInt(limits.maxMinor) : value;
}

export async function deposit(m: Model, client: SimClient, attempt = 1): Promise<void> {
  const { world } = m;
  const methods = await offeredMethods(world, client, 'deposit');
  const wire = methods.find((p) => p.kind === 'wire');
  const card = methods.find((p) => p.kind === 'card');
  const method = wire && (!card || client.rng.chance(BEHAVIOUR.wireShare)) ? wire : card;
  if (!method) {
    world.metrics.count('deposits not possible (no method offered)');
    return;
  }
  const entity = world.ctx.config.entities.find((e) => e.id === client.entityId)!;
  const currency = currencyFor(method, entity.baseCurrencies);
  const major = client.rng.lognormal(BEHAVIOUR.depositAmount.median, BEHAVIOUR.depositAmount.sigma);
  const amountMinor = clamp(BigInt(Math.round(major) * 100), method.limits[currency])!;
  const created = await world.attempt('create deposit', () => createDeposit(world.ctx, SYSTEM_REQUEST, clientActor(client), { methodId: method.id, amountMinor: String(amountMinor), currency }));
  if (!created.ok) return;
  world.metrics.count('deposits created');
  const d: SimDeposit = {
    id: created.value.deposit.id, client, providerId: method.provider, kind: method.kind, amountMinor, currency, createdAt: world.now(),
    thirdParty: client.rng.chance(BEHAVIOUR.thirdPartyPayer), attempt,
  };
  const fails = client.rng.chance(method.kind === 'wire' ? BEHAVIOUR.wireFailure : BEHAVIOUR.cardFailure);
  const reason = client.rng.pick(BEHAVIOUR.cardFailureReasons);
  // Delivered even after the horizon: every deposit gets its provider's answer.
  world.after(delay(client, method.kind === 'wire' ? BEHAVIOUR.wireAnswerDelay : BEHAVIOUR.cardAnswerDelay), () => providerAnswer(m, d, fails, reason), { drain: true });
}

async function providerAnswer(m: Model, d: SimDeposit, fails: boolean, reason: string): Promise<void> {
  const { world } = m;
  const payerName = d.thirdParty ? 'Jordan Thirdparty' : `${d.client.firstName} ${d.client.lastName}`;
  const answered = await providerEvent(world, d.providerId, fails
    ? { kind: 'deposit_failed', reference: d.id, amountMinor: d.amountMinor, currency: d.currency, reason }
    : { kind: 'deposit_succeeded', reference: d.id, amountMinor: d.amountMinor, currency: d.currency, payerName });
  if (!answered.ok) return;
  world.metrics.turnaround('deposit.provider', d.createdAt, world.now());
  const row = await world.ctx.db.selectFrom('deposit').select('status').where('id', '=', d.id).executeTakeFirstOrThrow();
  if (row.status === 'failed') {
    world.metrics.count('deposits failed at the provider');
    if (d.attempt < 3 && d.client.rng.chance(0.5)) world.after(d.client.rng.lognormal(1, 1), () => deposit(m, d.client, d.attempt + 1));
  } else if (row.status === 'credited') {
    world.metrics.count('deposits credited automatically');
    credited(m, d);
  } else if (row.status === 'under_review') {
    world.metrics.count('deposits sent to finance review');
    await m.pools.enqueue('deposit_review', d.id, { deposit: d });
  }
}

/** After a credit: maybe a chargeback weeks later, another deposit, a withdrawal. */
export function credited(m: Model, d: SimDeposit): void {
  const { world } = m;
  const rng = d.client.rng;
  world.metrics.turnaround('deposit.credit', d.createdAt, world.now());
  if (d.kind === 'card' && rng.chance(BEHAVIOUR.chargeback)) {
    world.after(rng.lognormal(BEHAVIOUR.chargebackDelay.median, BEHAVIOUR.chargebackDelay.sigma), async () => {
      const opened = await providerEvent(world, d.providerId, { kind: 'chargeback_opened', reference: d.id, amountMinor: d.amountMinor, currency: d.currency, reason: 'fraudulent' });
      if (opened.ok && opened.value === 'applied') world.metrics.count('chargebacks');
    });
  }
  if (rng.chance(BEHAVIOUR.repeatDeposit)) world.after(delay(d.client, BEHAVIOUR.repeatDepositDelay), () => deposit(m, d.client));
  if (rng.chance(BEHAVIOUR.withdrawal)) world.after(delay(d.client, BEHAVIOUR.withdrawalDelay), () => withdraw(m, d.client));
}

export async function withdraw(m: Model, client: SimClient): Promise<void> {
  const { world } = m;
  const card = (await offeredMethods(world, client, 'withdrawal')).find((p) => p.kind === 'card');
  if (!card) {
    world.metrics.count('withdrawals not possible (no card method offered)');
    return;
  }
  const entity = world.ctx.config.entities.find((e) => e.id === client.entityId)!;
  const currency = currencyFor(card, entity.baseCurrencies);
  const wallet = await balanceOf(world.ctx.db, walletAccount(client.id!, currency));
  const share = BEHAVIOUR.withdrawalShare.min + client.rng.next() * (BEHAVIOUR.withdrawalShare.max - BEHAVIOUR.withdrawalShare.min);
  const wanted = (wallet.amountMinor * BigInt(Math.round(share * 1000))) / 1000n;
  const limits = card.limits[currency];
  const amountMinor = limits && wanted > BigInt(limits.maxMinor) ? BigInt(limits.maxMinor) : wanted;
  if (limits && amountMinor < BigInt(limits.minMinor)) {
    world.metrics.count('withdrawals not requested (wallet below the minimum)');
    return;
  }
  const requested = await world.attempt('request withdrawal', () => requestWithdrawal(world.ctx, SYSTEM_REQUEST, clientActor(client), { methodId: card.id, amountMinor: String(amountMinor), currency }));
  if (!requested.ok) return;
  world.metrics.count('withdrawals requested');
  const row = await world.ctx.db.selectFrom('withdrawal').select(['id', 'stages']).where('id', '=', requested.value.withdrawal.id).executeTakeFirstOrThrow();
  const w: SimWithdrawal = { id: row.id, client, providerId: card.provider, amountMinor, currency, stages: row.stages, requestedAt: world.now(), paidOnce: false, approvals: new Map() };
  if (w.stages.includes('supervisor')) world.metrics.count('withdrawals needing a supervisor');
  await m.pools.enqueue('withdrawal_support', w.id, { withdrawal: w });
}

/** The payout job the approval queued, run now (what the worker would do), then the provider's answer later. */
export async function startPayout(m: Model, w: SimWithdrawal, jobs: readonly CapturedJob[]): Promise<void> {
  const { world } = m;
  const job = jobs.find((j) => j.name === 'withdrawal.payout');
  if (!job) throw new Error('an approved withdrawal queued no payout');
  const payoutId = (job.data as { payoutId: string }).payoutId;
  const sent = await sendPayout(world.ctx, payoutId);
  if (sent !== 'sent') throw new Error(`payout ${sent}`);
  const sentAt = world.now();
  const rng = w.client.rng;
  const fails = rng.chance(BEHAVIOUR.payoutFailure);
  const returned = !fails && rng.chance(BEHAVIOUR.payoutReturned);
  world.after(rng.lognormal(BEHAVIOUR.payoutAnswerDelay.median, BEHAVIOUR.payoutAnswerDelay.sigma), async () => {
    const base = { reference: payoutId, amountMinor: w.amountMinor, currency: w.currency };
    const answered = await providerEvent(world, w.providerId, fails ? { ...base, kind: 'payout_failed', reason: 'account_closed' } : { ...base, kind: 'payout_paid' });
    if (!answered.ok) return;
    if (fails) {
      world.metrics.count('payouts failed');
      await m.pools.enqueue('withdrawal_finance', w.id, { withdrawal: w }, excludedFor(w, 'finance'));
      return;
    }
    world.metrics.count('payouts paid');
    world.metrics.turnaround('withdrawal.payout', sentAt, world.now());
    if (!w.paidOnce) world.metrics.turnaround('withdrawal.total', w.requestedAt, world.now());
    w.paidOnce = true;
    if (!returned) return;
    world.after(rng.lognormal(BEHAVIOUR.payoutReturnDelay.median, BEHAVIOUR.payoutReturnDelay.sigma), async () => {
      const back = await providerEvent(world, w.providerId, { ...base, kind: 'payout_returned', reason: 'beneficiary_account_closed' });
      if (!back.ok) return;
      world.metrics.count('payouts returned');
      await m.pools.enqueue('withdrawal_finance', w.id, { withdrawal: w }, excludedFor(w, 'finance'));
    });
  });
}

/** Four eyes: who approved another stage of this withdrawal may not take this one. */
export function excludedFor(w: SimWithdrawal, stage: string): Set<string> {
  return new Set([...w.approvals].filter(([, approved]) => approved !== stage).map(([staffId]) => staffId));
}
