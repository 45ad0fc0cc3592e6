/**
 * Model-based property test of client money (issue: "Property-based random
 * sequences of deposits, callbacks (duplicated, reordered), chargebacks,
 * withdrawal requests, approvals, declines, payouts and returns").
 *
 * fast-check generates sequences of commands; each one drives the REAL system
 * over HTTP (portal and back-office endpoints, staff logged in with 2FA) and
 * the PSP simulator (payments, chargebacks, refunds and payout settlements
 * delivered as signed callbacks, duplicated and reordered), with the job
 * workers sending payouts to the simulator. A small model predicts each
 * client's wallet, hold and debt and the status of every deposit and
 * withdrawal; after EVERY step:
 * - the system agrees with the model;
 * - the ledger verifies (verifyLedger), every journal entry balances per
 *   currency, all balances and all postings of a currency sum to zero;
 * - no wallet or hold is below zero (a debt account ≤ 0 is the tracked debt);
 * - each client's hold equals the amounts of its withdrawals still held;
 * - an operation the system refused (409/403) changed nothing: ledger,
 *   deposits, refunds, withdrawals, steps, payouts, flags and the provider
 *   inbox have the same digest before and after.
 *
 * Reproducible: the seed is fixed (FC_SEED overrides it; FC_RUNS and FC_STEPS
 * size the run; FC_VERBOSE=1 prints every run's steps). A failure prints the
 * seed, the generated sequence (each command's toString; a command that found
 * nothing to act on, e.g. "advance" before any withdrawal exists, was
 * skipped) and, in the error, the steps that ran and what each resolved to
 * (which deposit or withdrawal, statuses, balances before → after).
 * Shrinking is off by default because all runs share one database (a ledger
 * broken by one run stays broken for the next, so shrinking would chase the
 * wrong failure); FC_SHRINK=1 turns it on for local digging.
 *
 * Each run has two fresh clients, each funded first by a wire deposit that
 * finance approves; then 25–45 generated commands.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WITHDRAWAL_DECLINE_REASONS, withdrawalMachine, type WithdrawalEvent, type WithdrawalState } from '../../src/domain/machines/withdrawal-machine';
import { newId } from '../../src/persistence/ids';
import { clientBalance } from '../../src/persistence/ledger/ledger-repository';
import { hashPassword } from '../../src/security/passwords';
import type { PspDelivery } from '../../src/simulators/psp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { logInClient } from '../../src/usecases/clients/log-in-client';
import { PASSWORD, uniqueEmail, type LoggedInStaff } from '../support/actors';
import { HttpClient, type HttpResponse } from '../support/http-client';
import { waitFor } from '../support/wait-for';
import { addBankAccount, configWith, LEGAL_NAME, startMoneyWorld, type MoneyWorld } from '../withdrawals/withdrawal-support';
import { assertMoneyInvariants, changedTables, moneyStateDigest } from './money-checks';

const SEED = Number(process.env.FC_SEED ?? 20_240_917);
const NUM_RUNS = Number(process.env.FC_RUNS ?? 15);
const MAX_COMMANDS = Number(process.env.FC_STEPS ?? 45);
const MIN_COMMANDS = Math.min(MAX_COMMANDS, 25);
const SHRINK = process.env.FC_SHRINK === '1';
const VERBOSE = process.env.FC_VERBOSE === '1';
const TIME_LIMIT_MS = 8 * 60_000;

// ---------------------------------------------------------------- the model

type Method = 'eu_card' | 'eu_wire';
type StaffRole = 'support' | 'compliance' | 'finance' | 'supervisor';

/** The method's EUR limits for the client's entity (eu), from the running configuration. */
function limitsOf(method: Method): { min: bigint; max: bigint } {
  const configured = world.app.ctx.config.entities.find((e) => e.id === 'eu')!.paymentMethods.find((p) => p.id === method)!.limits.EUR!;
  return { min: BigInt(configured.minMinor), max: BigInt(configured.maxMinor) };
}

/** Over this a withdrawal needs a supervisor (reviewRules.withdrawals.supervisorOverMinor). */
const supervisorOver = () => BigInt(world.app.ctx.config.reviewRules.withdrawals.supervisorOverMinor.EUR!);

interface ClientM {
  index: number;
  id: string;
  http: HttpClient;
  destinationId: string;
  wallet: bigint;
  hold: bigint;
  /** What the client owes, as a positive amount (the debt account is its negation). */
  debt: bigint;
}

interface RefundM {
  amount: bigint;
  status: 'refunded' | 'failed';
  /** Money was taken for it (the deposit was credited or refunded when it came). */
  posted: boolean;
}

interface DepositM {
  label: string;
  id: string;
  client: number;
  method: Method;
  amount: bigint;
  status: string;
  /** The simulator took the payer's money (a chargeback or refund is possible). */
  simPaid: boolean;
  /** What the simulator has refunded (failed refunds given back). */
  simRefunded: bigint;
  dispute: 'none' | 'open' | 'won' | 'lost';
  /** Chargeback outcomes the system has recorded for this deposit. */
  seen: Set<string>;
  chargebackTaken: bigint | null;
  everCredited: boolean;
  refunds: RefundM[];
}

interface WithdrawalM {
  label: string;
  id: string;
  client: number;
  method: Method;
  amount: bigint;
  stages: string[];
  status: WithdrawalState;
  escalatedFrom: 'support' | 'compliance' | 'finance' | null;
}

interface Model {
  clients: ClientM[];
  deposits: DepositM[];
  withdrawals: WithdrawalM[];
  step: number;
  log: string[];
  /** Per executed step: the command class, ":refused" when the system refused it, and how long it took (coverage summary). */
  kinds: { kind: string; ms: number }[];
}

const eur = (minor: bigint) => `${minor < 0n ? '-' : ''}${(Number(minor < 0n ? -minor : minor) / 100).toFixed(2)}`;
const short = (id: string) => id.slice(-6);

/** The provider takes `amount` back: the wallet pays what it has, the rest becomes debt. */
function clawback(c: ClientM, amount: bigint): void {
  const fromWallet = c.wallet < amount ? c.wallet : amount;
  c.wallet -= fromWallet;
  c.debt += amount - fromWallet;
}

/** The provider gives `amount` back: the debt is repaid first, the rest goes to the wallet. */
function giveBack(c: ClientM, amount: bigint): void {
  const repay = c.debt < amount ? c.debt : amount;
  c.debt -= repay;
  c.wallet += amount - repay;
}

function refundedTotal(d: DepositM): bigint {
  return d.refunds.filter((r) => r.status === 'refunded' && r.posted).reduce((sum, r) => sum + r.amount, 0n);
}

const REVIEW_STATES: readonly WithdrawalState[] = ['submitted', 'support_review', 'compliance_review', 'finance_review', 'supervisor_review', 'escalated'];

/** The next step of a withdrawal under review, by the role whose stage it is. */
function nextStep(w: WithdrawalM): { role: StaffRole; event: WithdrawalEvent; to: WithdrawalState; note?: string } {
  switch (w.status) {
    case 'submitted':
      return { role: 'support', event: 'start_review', to: 'support_review' };
    case 'support_review':
      return { role: 'support', event: 'support_approve', to: 'compliance_review' };
    case 'compliance_review':
      return { role: 'compliance', event: 'compliance_approve', to: 'finance_review' };
    case 'finance_review':
      return w.stages.includes('supervisor')
        ? { role: 'finance', event: 'finance_refer', to: 'supervisor_review', note: 'Needs a supervisor.' }
        : { role: 'finance', event: 'finance_approve', to: 'payout_pending' };
    case 'supervisor_review':
      return { role: 'supervisor', event: 'supervisor_approve', to: 'payout_pending', note: 'Approved after a call-back.' };
    case 'escalated': {
      const from = w.escalatedFrom ?? 'support';
      return { role: 'supervisor', event: `return_to_${from}`, to: `${from}_review`, note: 'Checked; continue.' };
    }
    default:
      throw new Error(`${w.label} is ${w.status}: no review step`);
  }
}

const DECLINER: Partial<Record<WithdrawalState, StaffRole>> = {
  submitted: 'support',
  support_review: 'support',
  compliance_review: 'compliance',
  finance_review: 'finance',
  supervisor_review: 'supervisor',
  escalated: 'supervisor',
};
const WRONG_ROLE: Record<StaffRole, StaffRole> = { support: 'compliance', compliance: 'finance', finance: 'supervisor', supervisor: 'support' };
const RIGHTFUL: Partial<Record<WithdrawalEvent, StaffRole>> = {
  start_review: 'support',
  support_approve: 'support',
  compliance_approve: 'compliance',
  finance_approve: 'finance',
  supervisor_approve: 'supervisor',
};

// ---------------------------------------------------------------- the real system

let world: MoneyWorld;
let passwordHash: string;

function staff(role: StaffRole): LoggedInStaff {
  return world[role];
}

const db = () => world.app.ctx.db;

/** Payout jobs run on the workers: wait until every payout attempt has reached the provider. */
async function quiesce(): Promise<void> {
  await waitFor(async () => (await db().selectFrom('withdrawal_payout').select('id').where('status', '=', 'initiating').execute()).length === 0, 20_000, 25);
}

function expectStatus(res: HttpResponse, status: number, what: string): void {
  if (res.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
}

function expectDelivered(deliveries: PspDelivery[], what: string): void {
  const bad = deliveries.filter((d) => d.status !== 200);
  if (deliveries.length === 0 || bad.length > 0) {
    throw new Error(`${what}: callbacks not all accepted: ${JSON.stringify(bad.map((d) => ({ type: d.type, status: d.status, body: d.responseBody })))}`);
  }
}

/** Runs an operation the system must refuse with `status` (and `code`), and proves it changed nothing. */
async function expectRefused(what: string, send: () => Promise<HttpResponse>, status: number, code?: string): Promise<void> {
  const before = await moneyStateDigest(db());
  const res = await send();
  expectStatus(res, status, what);
  if (code !== undefined && res.body?.error?.code !== code) throw new Error(`${what}: expected error ${code}, got ${JSON.stringify(res.body)}`);
  await quiesce();
  const changed = changedTables(before, await moneyStateDigest(db()));
  if (changed.length > 0) throw new Error(`${what} was refused (${status}) but changed: ${changed.join(', ')}`);
}

/** A verified, active client with a portal session (the login use case; the HTTP login route is rate-limited) and a bank account. */
async function newClient(index: number): Promise<ClientM> {
  const id = newId();
  const email = uniqueEmail('money');
  const now = world.app.ctx.clock.now();
  await db()
    .insertInto('client')
    .values({
      id, email, password_hash: passwordHash, first_name: 'Anna', last_name: 'Schmidt', country: 'DE', client_type: 'individual', entity_id: 'eu',
      status: 'active', verification_level: 'verified', language: 'en', email_verified_at: now, created_at: now, updated_at: now,
    })
    .execute();
  await db().insertInto('client_profile').values({ client_id: id, fields: JSON.stringify({ legal_name: LEGAL_NAME }), updated_at: now }).execute();
  const { session } = await logInClient(world.app.ctx, SYSTEM_REQUEST, { email, password: PASSWORD });
  const http = new HttpClient(world.app.baseUrl);
  http.setCookie('tr_portal', session.token);
  http.csrfToken = session.csrfToken;
  const destinationId = await addBankAccount({ id, email, http });
  return { index, id, http, destinationId, wallet: 0n, hold: 0n, debt: 0n };
}

/** The system agrees with the model, and every money invariant holds. */
async function afterStep(m: Model): Promise<void> {
  await quiesce();
  for (const c of m.clients) {
    const b = await clientBalance(db(), c.id, 'EUR');
    const real = { wallet: eur(b.available.amountMinor), hold: eur(b.onHold.amountMinor), debt: eur(b.debt.amountMinor) };
    const model = { wallet: eur(c.wallet), hold: eur(c.hold), debt: eur(c.debt) };
    if (JSON.stringify(real) !== JSON.stringify(model)) throw new Error(`client c${c.index} balances ${JSON.stringify(real)}, the model expects ${JSON.stringify(model)}`);
    // What the client is shown says the same.
    const shown = (await c.http.get('/api/portal/wallet')).body.balances.find((x: { currency: string }) => x.currency === 'EUR') ?? {};
    const portal = { wallet: eur(BigInt(shown.availableMinor ?? 0)), hold: eur(BigInt(shown.onHoldMinor ?? 0)), debt: eur(BigInt(shown.debtMinor ?? 0)) };
    if (JSON.stringify(portal) !== JSON.stringify(model)) throw new Error(`client c${c.index} is shown ${JSON.stringify(portal)}, the model expects ${JSON.stringify(model)}`);
  }
  const ids = m.clients.map((c) => c.id);
  const deposits = new Map((await db().selectFrom('deposit').select(['id', 'status']).where('client_id', 'in', ids).execute()).map((d) => [d.id, d.status]));
  if (deposits.size !== m.deposits.length) throw new Error(`${deposits.size} deposits in the database, the model has ${m.deposits.length}`);
  for (const d of m.deposits) {
    if (deposits.get(d.id) !== d.status) throw new Error(`deposit ${d.label} is ${deposits.get(d.id)}, the model expects ${d.status}`);
  }
  const withdrawals = new Map((await db().selectFrom('withdrawal').select(['id', 'status']).where('client_id', 'in', ids).execute()).map((w) => [w.id, w.status]));
  if (withdrawals.size !== m.withdrawals.length) throw new Error(`${withdrawals.size} withdrawals in the database, the model has ${m.withdrawals.length}`);
  for (const w of m.withdrawals) {
    if (withdrawals.get(w.id) !== w.status) throw new Error(`withdrawal ${w.label} is ${withdrawals.get(w.id)}, the model expects ${w.status}`);
  }
  await assertMoneyInvariants(db());
}

// ---------------------------------------------------------------- commands

type Note = (text: string) => void;

abstract class MoneyCommand implements fc.AsyncCommand<Model, MoneyWorld> {
  abstract check(m: Readonly<Model>): boolean;
  abstract toString(): string;
  abstract execute(m: Model, note: Note): Promise<void>;

  async run(m: Model): Promise<void> {
    m.step += 1;
    const notes: string[] = [];
    const label = `#${m.step} ${this.toString()}`;
    const started = performance.now();
    try {
      await this.execute(m, (text) => notes.push(text));
      m.log.push(`${label} → ${notes.join('; ')}`);
      await afterStep(m);
      m.kinds.push({ kind: `${this.constructor.name}${notes.some((n) => n.includes('nothing changed')) ? ':refused' : ''}`, ms: performance.now() - started });
    } catch (error) {
      if (!m.log.at(-1)?.startsWith(label)) m.log.push(`${label} → ${notes.join('; ')} …`);
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`step ${label} failed: ${message}\n--- steps of this run ---\n${m.log.join('\n')}`, { cause: error });
    }
  }
}

/** Picks one of the candidates by a generated index (the candidates depend on what ran before). */
function choose<T>(list: readonly T[], pick: number): T {
  return list[pick % list.length]!;
}

interface Faults {
  duplicate: number;
  reorder: boolean;
}
const faultText = (f: Faults) => `${f.duplicate ? ` dup×${f.duplicate}` : ''}${f.reorder ? ' reordered' : ''}`;

class Deposit extends MoneyCommand {
  constructor(readonly client: number, readonly method: Method, readonly amount: bigint, readonly succeeds: boolean, readonly faults: Faults) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `deposit(c${this.client} ${this.method} ${eur(this.amount)} ${this.succeeds ? 'paid' : 'declined'}${faultText(this.faults)})`;
  }
  async execute(m: Model, note: Note) {
    const c = m.clients[this.client]!;
    const res = await c.http.post('/api/portal/deposits', { methodId: this.method, amountMinor: String(this.amount), currency: 'EUR' });
    expectStatus(res, 201, 'create deposit');
    const d: DepositM = {
      label: `d${m.deposits.length + 1}`, id: res.body.deposit.id, client: this.client, method: this.method, amount: this.amount, status: 'awaiting_payment',
      simPaid: false, simRefunded: 0n, dispute: 'none', seen: new Set(), chargebackTaken: null, everCredited: false, refunds: [],
    };
    m.deposits.push(d);
    const deliveries = await world.sim.pay(d.id, { outcome: this.succeeds ? 'success' : 'fail', payerName: LEGAL_NAME, delivery: this.faults });
    expectDelivered(deliveries, 'payment callbacks');
    const row = await db().selectFrom('deposit').select('status').where('id', '=', d.id).executeTakeFirstOrThrow();
    if (this.succeeds) {
      // Auto-credit or finance review is the review rules' call (first deposit, velocity, patterns): observed, then both paths are checked.
      if (row.status !== 'credited' && row.status !== 'under_review') throw new Error(`a paid deposit is ${row.status}`);
      d.simPaid = true;
      d.status = row.status;
      if (row.status === 'credited') {
        c.wallet += d.amount;
        d.everCredited = true;
      }
    } else {
      d.status = 'failed';
    }
    note(`${d.label}=…${short(d.id)} ${row.status}`);
  }
}

class DecideDeposit extends MoneyCommand {
  /** `held`: one of the deposits under review; otherwise any deposit the provider answered for (mostly refused). */
  constructor(readonly pick: number, readonly approve: boolean, readonly held: boolean) {
    super();
  }
  private candidates(m: Readonly<Model>) {
    return m.deposits.filter((d) => (this.held ? d.status === 'under_review' : d.status !== 'awaiting_payment'));
  }
  check(m: Readonly<Model>) {
    return this.candidates(m).length > 0;
  }
  toString() {
    return `finance ${this.approve ? 'approves' : 'rejects'} ${this.held ? 'a held' : 'any'} deposit(pick ${this.pick})`;
  }
  async execute(m: Model, note: Note) {
    await decideDeposit(m, choose(this.candidates(m), this.pick), this.approve, note);
  }
}

/** Finance approves (credits) or rejects a deposit; anything but a deposit under review must be refused, changing nothing. */
async function decideDeposit(m: Model, d: DepositM, approve: boolean, note: Note): Promise<void> {
  const c = m.clients[d.client]!;
  const body = approve ? { decision: 'approve', note: 'Payer and amount checked.' } : { decision: 'reject', note: 'Does not add up.', reason: 'suspected_fraud' };
  const send = () => world.finance.http.post(`/api/backoffice/deposits/${d.id}/decision`, body);
  if (d.status !== 'under_review') {
    await expectRefused(`deciding ${d.label} (${d.status})`, send, 409);
    note(`${d.label} is ${d.status}: refused, nothing changed`);
    return;
  }
  // The provider took the money back while it waited: approving would credit money the broker no longer holds.
  const takenBack = (d.seen.has('chargeback_opened') && !d.seen.has('chargeback_won')) || d.refunds.some((r) => r.status === 'refunded');
  if (approve && takenBack) {
    await expectRefused(`approving ${d.label} after the provider took it back`, send, 409);
    note(`${d.label} was taken back by the provider: approval refused, nothing changed`);
    return;
  }
  expectStatus(await send(), 200, `decide ${d.label}`);
  if (approve) {
    d.status = 'credited';
    d.everCredited = true;
    c.wallet += d.amount;
  } else {
    d.status = 'rejected';
  }
  note(`${d.label} → ${d.status}`);
}

class Chargeback extends MoneyCommand {
  constructor(readonly pick: number, readonly outcome: 'open' | 'won' | 'lost', readonly faults: Faults) {
    super();
  }
  private candidates(m: Readonly<Model>) {
    return m.deposits.filter((d) => d.simPaid && (d.dispute === 'none' || (d.dispute === 'open' && this.outcome !== 'open')));
  }
  check(m: Readonly<Model>) {
    return this.candidates(m).length > 0;
  }
  toString() {
    return `chargeback ${this.outcome}(pick ${this.pick}${faultText(this.faults)})`;
  }
  async execute(m: Model, note: Note) {
    const d = choose(this.candidates(m), this.pick);
    const c = m.clients[d.client]!;
    const events: ('opened' | 'won' | 'lost')[] = d.dispute === 'none' ? ['opened'] : [];
    if (this.outcome !== 'open') events.push(this.outcome);
    const deliveries = await world.sim.chargeback(d.id, { status: this.outcome, reason: 'fraudulent', delivery: this.faults });
    expectDelivered(deliveries, 'chargeback callbacks');
    const before = { status: d.status, wallet: c.wallet, debt: c.debt };
    for (const event of this.faults.reorder ? [...events].reverse() : events) {
      if (event === 'opened') {
        if (d.seen.has('chargeback_opened')) continue; // stale
        const wonFirst = d.seen.has('chargeback_won');
        d.seen.add('chargeback_opened');
        if (wonFirst || d.status !== 'credited') continue; // nothing credited to take back (or already given back)
        clawback(c, d.amount);
        d.status = 'chargeback';
        d.chargebackTaken = d.amount;
      } else {
        if (d.seen.has('chargeback_won') || d.seen.has('chargeback_lost')) continue; // stale
        d.seen.add(`chargeback_${event}`);
        if (event === 'lost' || d.status !== 'chargeback' || d.chargebackTaken === null) continue;
        giveBack(c, d.chargebackTaken);
        d.status = 'credited';
      }
    }
    d.dispute = this.outcome;
    note(`${d.label} (${before.status} → ${d.status}); c${c.index} wallet ${eur(before.wallet)} → ${eur(c.wallet)}, debt ${eur(before.debt)} → ${eur(c.debt)}`);
  }
}

class Refund extends MoneyCommand {
  constructor(readonly pick: number, readonly percent: number, readonly fails: boolean, readonly faults: Faults) {
    super();
  }
  private candidates(m: Readonly<Model>) {
    return m.deposits.filter((d) => d.simPaid && d.simRefunded < d.amount);
  }
  check(m: Readonly<Model>) {
    return this.candidates(m).length > 0;
  }
  toString() {
    return `refund ${this.percent}% of what is left${this.fails ? ', fails' : ''}(pick ${this.pick}${faultText(this.faults)})`;
  }
  async execute(m: Model, note: Note) {
    const d = choose(this.candidates(m), this.pick);
    const c = m.clients[d.client]!;
    const left = d.amount - d.simRefunded;
    let amount = (left * BigInt(this.percent)) / 100n;
    if (amount < 1n) amount = 1n;
    const deliveries = await world.sim.refund(d.id, { amountMinor: amount, fail: this.fails, reason: 'expired_or_canceled_card', delivery: this.faults });
    expectDelivered(deliveries, 'refund callbacks');
    if (!this.fails) d.simRefunded += amount;
    const before = { status: d.status, wallet: c.wallet, debt: c.debt };
    const events: ('refunded' | 'failed')[] = this.fails ? ['refunded', 'failed'] : ['refunded'];
    let refund: RefundM | null = null;
    for (const event of this.faults.reorder ? [...events].reverse() : events) {
      const from = d.status;
      if (event === 'refunded') {
        if (refund) continue; // known already (its failure came first): nothing more
        const takes = from === 'credited' || from === 'refunded';
        if (takes) clawback(c, amount);
        refund = { amount, status: 'refunded', posted: takes };
        d.refunds.push(refund);
        if (takes && from === 'credited' && refundedTotal(d) >= d.amount) d.status = 'refunded';
      } else {
        if (!refund) {
          refund = { amount, status: 'failed', posted: false };
          d.refunds.push(refund);
          continue;
        }
        if (refund.posted) giveBack(c, amount);
        refund.status = 'failed';
        if (refund.posted && from === 'refunded' && refundedTotal(d) < d.amount) d.status = 'credited';
      }
    }
    note(`${d.label} ${eur(amount)} (${before.status} → ${d.status}); c${c.index} wallet ${eur(before.wallet)} → ${eur(c.wallet)}, debt ${eur(before.debt)} → ${eur(c.debt)}`);
  }
}

class RequestWithdrawal extends MoneyCommand {
  constructor(readonly client: number, readonly method: Method, readonly over: boolean, readonly percent: number, readonly extra: bigint) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `c${this.client} withdraws by ${this.method} ${this.over ? `available + ${eur(this.extra)}` : `${this.percent}% of available`}`;
  }
  async execute(m: Model, note: Note) {
    const c = m.clients[this.client]!;
    const limits = limitsOf(this.method);
    let amount = this.over ? c.wallet + this.extra : (c.wallet * BigInt(this.percent)) / 100n;
    if (amount < limits.min) amount = limits.min;
    if (amount > limits.max) amount = limits.max;
    const body = { methodId: this.method, amountMinor: String(amount), currency: 'EUR', ...(this.method === 'eu_wire' ? { destinationId: c.destinationId } : {}) };
    const send = () => c.http.post('/api/portal/withdrawals', body);
    if (c.debt > 0n || amount > c.wallet) {
      const code = c.debt > 0n ? 'outstanding_debt' : 'insufficient_available_balance';
      await expectRefused(`withdrawing ${eur(amount)} (wallet ${eur(c.wallet)}, debt ${eur(c.debt)})`, send, 409, code);
      note(`${eur(amount)} with ${eur(c.wallet)} available, ${eur(c.debt)} owed: refused (${code}), nothing changed`);
      return;
    }
    const res = await send();
    expectStatus(res, 201, `withdraw ${eur(amount)}`);
    const row = await db().selectFrom('withdrawal').select(['stages', 'status']).where('id', '=', res.body.withdrawal.id).executeTakeFirstOrThrow();
    const depositedSameWay = m.deposits.some((d) => d.client === this.client && d.everCredited && d.method === this.method);
    const supervisor = !depositedSameWay || amount > supervisorOver();
    const stages = ['support', 'compliance', 'finance', ...(supervisor ? ['supervisor'] : [])];
    expect(row.stages, 'the plan: a supervisor over 20,000.00 or when no credited deposit came the same way').toEqual(stages);
    const w: WithdrawalM = {
      label: `w${m.withdrawals.length + 1}`, id: res.body.withdrawal.id, client: this.client, method: this.method, amount, stages, status: 'submitted', escalatedFrom: null,
    };
    m.withdrawals.push(w);
    c.wallet -= amount;
    c.hold += amount;
    note(`${w.label}=…${short(w.id)} ${eur(amount)} held, stages ${stages.join('→')}`);
  }
}

abstract class WithdrawalCommand extends MoneyCommand {
  constructor(readonly pick: number) {
    super();
  }
  protected abstract states(): readonly WithdrawalState[] | 'any';
  protected candidates(m: Readonly<Model>): WithdrawalM[] {
    const states = this.states();
    return m.withdrawals.filter((w) => states === 'any' || states.includes(w.status));
  }
  check(m: Readonly<Model>) {
    return this.candidates(m).length > 0;
  }
  protected target(m: Model): WithdrawalM {
    return choose(this.candidates(m), this.pick);
  }
}

function act(role: StaffRole, w: WithdrawalM, event: WithdrawalEvent, extra: { note?: string; reason?: string } = {}) {
  return staff(role).http.post(`/api/backoffice/withdrawals/${w.id}/actions`, { event, ...extra });
}

/** The next `times` review steps of one withdrawal (each by its stage's role), checking every invariant after each. */
class Advance extends WithdrawalCommand {
  constructor(pick: number, readonly times: number) {
    super(pick);
  }
  protected states() {
    return REVIEW_STATES;
  }
  toString() {
    return `staff advance withdrawal ×${this.times}(pick ${this.pick})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    for (let i = 0; i < this.times && REVIEW_STATES.includes(w.status); i++) {
      if (i > 0) await afterStep(m);
      const step = nextStep(w);
      expectStatus(await act(step.role, w, step.event, step.note ? { note: step.note } : {}), 200, `${step.role} ${step.event} on ${w.label}`);
      note(`${w.label}: ${step.role} ${step.event} (${w.status} → ${step.to})`);
      w.status = step.to;
    }
  }
}

class Decline extends WithdrawalCommand {
  constructor(pick: number, readonly reason: string) {
    super(pick);
  }
  protected states() {
    return REVIEW_STATES;
  }
  toString() {
    return `staff decline withdrawal(pick ${this.pick}, ${this.reason})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    const role = DECLINER[w.status]!;
    expectStatus(await act(role, w, 'decline', { note: 'Declined after review.', reason: this.reason }), 200, `${role} declines ${w.label}`);
    const c = m.clients[w.client]!;
    note(`${w.label}: ${role} declines (${w.status} → declined), ${eur(w.amount)} back to the wallet`);
    w.status = 'declined';
    c.hold -= w.amount;
    c.wallet += w.amount;
  }
}

class Escalate extends WithdrawalCommand {
  protected states() {
    return ['support_review', 'compliance_review', 'finance_review'] as const;
  }
  toString() {
    return `staff escalate withdrawal(pick ${this.pick})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    const stage = w.status.replace('_review', '') as 'support' | 'compliance' | 'finance';
    expectStatus(await act(stage, w, 'escalate', { note: 'Need a second opinion.' }), 200, `${stage} escalates ${w.label}`);
    note(`${w.label}: ${stage} escalates`);
    w.status = 'escalated';
    w.escalatedFrom = stage;
  }
}

class Cancel extends WithdrawalCommand {
  protected states() {
    return 'any' as const;
  }
  toString() {
    return `client cancels withdrawal(pick ${this.pick})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    const c = m.clients[w.client]!;
    const send = () => c.http.post(`/api/portal/withdrawals/${w.id}/cancel`, {});
    if (w.status !== 'submitted') {
      await expectRefused(`cancelling ${w.label} (${w.status})`, send, 409);
      note(`${w.label} is ${w.status}: refused, nothing changed`);
      return;
    }
    expectStatus(await send(), 200, `cancel ${w.label}`);
    note(`${w.label} cancelled, ${eur(w.amount)} back to the wallet`);
    w.status = 'cancelled';
    c.hold -= w.amount;
    c.wallet += w.amount;
  }
}

/** Staff firing what they may not: another role's stage (403), or an event the state does not allow (409). */
class RefusedStaffAction extends WithdrawalCommand {
  constructor(pick: number, readonly kind: 'wrong_role' | 'wrong_state') {
    super(pick);
  }
  protected states() {
    return this.kind === 'wrong_role' ? REVIEW_STATES : 'any';
  }
  toString() {
    return `staff ${this.kind === 'wrong_role' ? "act on another role's stage" : 'act out of order'}(pick ${this.pick})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    if (this.kind === 'wrong_role') {
      const step = nextStep(w);
      const wrong = WRONG_ROLE[step.role];
      await expectRefused(`${wrong} firing ${step.event} on ${w.label} (${w.status})`, () => act(wrong, w, step.event, { note: 'Not mine.' }), 403);
      note(`${w.label} (${w.status}): ${wrong} ${step.event} → 403, nothing changed`);
      return;
    }
    const event = (['support_approve', 'compliance_approve', 'finance_approve', 'supervisor_approve', 'start_review'] as const).find(
      (e) => !(withdrawalMachine.events[e].from as readonly string[]).includes(w.status),
    )!;
    const role = RIGHTFUL[event]!;
    await expectRefused(`${role} firing ${event} on ${w.label} (${w.status})`, () => act(role, w, event, { note: 'Out of order.' }), 409);
    note(`${w.label} (${w.status}): ${role} ${event} → 409, nothing changed`);
  }
}

async function latestPayout(w: WithdrawalM) {
  return db().selectFrom('withdrawal_payout').selectAll().where('withdrawal_id', '=', w.id).orderBy('attempt', 'desc').executeTakeFirstOrThrow();
}

class SettlePayout extends WithdrawalCommand {
  constructor(pick: number, readonly outcome: 'paid' | 'failed' | 'returned', readonly faults: Faults) {
    super(pick);
  }
  protected states() {
    return ['payout_pending'] as const;
  }
  toString() {
    return `provider settles payout ${this.outcome}(pick ${this.pick}${faultText(this.faults)})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    const payout = await latestPayout(w);
    expect(payout.status, `${w.label}'s payout attempt ${payout.attempt} was sent to the provider`).toBe('pending');
    const deliveries = await world.sim.settlePayout(payout.id, { outcome: this.outcome, delivery: this.faults });
    expectDelivered(deliveries, 'payout callbacks');
    const c = m.clients[w.client]!;
    if (this.outcome === 'paid') {
      w.status = 'paid';
      c.hold -= w.amount;
    } else {
      // failed: the hold stays; returned (paid, then back): settled and restored under hold. Either way finance decides again.
      w.status = 'finance_review';
    }
    note(`${w.label} attempt ${payout.attempt} ${this.outcome} → ${w.status}`);
  }
}

class ReturnPaidPayout extends WithdrawalCommand {
  constructor(pick: number, readonly faults: Faults) {
    super(pick);
  }
  protected states() {
    return ['paid'] as const;
  }
  toString() {
    return `bank returns a paid payout(pick ${this.pick}${faultText(this.faults)})`;
  }
  async execute(m: Model, note: Note) {
    const w = this.target(m);
    const payout = await latestPayout(w);
    const deliveries = await world.sim.settlePayout(payout.id, { outcome: 'returned', reason: 'Beneficiary account closed', delivery: this.faults });
    expectDelivered(deliveries, 'return callbacks');
    const c = m.clients[w.client]!;
    w.status = 'finance_review';
    c.hold += w.amount;
    note(`${w.label} attempt ${payout.attempt} returned → finance_review, ${eur(w.amount)} back on hold`);
  }
}

/** Setup of a run (not a generated command): the client's first deposit by wire, held for review, approved by finance. */
class Fund extends MoneyCommand {
  constructor(readonly client: number, readonly amount: bigint) {
    super();
  }
  check() {
    return true;
  }
  toString() {
    return `fund(c${this.client} eu_wire ${eur(this.amount)})`;
  }
  async execute(m: Model, note: Note) {
    await new Deposit(this.client, 'eu_wire', this.amount, true, { duplicate: 0, reorder: false }).execute(m, note);
    const d = m.deposits.at(-1)!;
    if (d.status === 'under_review') await decideDeposit(m, d, true, note);
  }
}

// ---------------------------------------------------------------- arbitraries

const pick = fc.nat({ max: 9_999 });
const faults: fc.Arbitrary<Faults> = fc.record({ duplicate: fc.constantFrom(0, 0, 1, 2), reorder: fc.boolean() });
const client = fc.constantFrom(0, 1);
const method = fc.constantFrom<Method>('eu_card', 'eu_wire');

const depositArb = fc
  .record({ client, method, cents: fc.nat({ max: 1_000_000 }), large: fc.nat({ max: 9 }).map((n) => n === 0), succeeds: fc.nat({ max: 9 }).map((n) => n > 0), faults })
  .map(({ client, method, cents, large, succeeds, faults }) => {
    // card 10.00–800.00, wire 100.00–3,000.00 (inside the method limits, under the review threshold);
    // now and then a wire over the 10,000.00 review threshold (held for finance; withdrawing it needs a supervisor).
    const amount =
      method === 'eu_card' ? 1_000n + BigInt(cents % 79_001) : large ? 1_000_001n + BigInt(cents * 2) : 10_000n + BigInt(cents % 290_001);
    return new Deposit(client, method, amount, succeeds, faults);
  });
const decideArb = fc
  .record({ pick, approve: fc.nat({ max: 5 }).map((n) => n > 0), held: fc.nat({ max: 3 }).map((n) => n > 0) })
  .map((r) => new DecideDeposit(r.pick, r.approve, r.held));
const chargebackArb = fc.record({ pick, outcome: fc.constantFrom('open', 'won', 'lost') as fc.Arbitrary<'open' | 'won' | 'lost'>, faults }).map((r) => new Chargeback(r.pick, r.outcome, r.faults));
const refundArb = fc
  .record({ pick, percent: fc.constantFrom(100, 100, 50, 25, 80), fails: fc.nat({ max: 3 }).map((n) => n === 0), faults })
  .map((r) => new Refund(r.pick, r.percent, r.fails, r.faults));
const requestArb = fc
  .record({ client, method, over: fc.nat({ max: 3 }).map((n) => n === 0), percent: fc.integer({ min: 10, max: 100 }), extra: fc.bigInt({ min: 1n, max: 100_000n }) })
  .map((r) => new RequestWithdrawal(r.client, r.method, r.over, r.percent, r.extra));
const advanceArb = fc.record({ pick, times: fc.integer({ min: 1, max: 4 }) }).map((r) => new Advance(r.pick, r.times));
const declineArb = fc.record({ pick, reason: fc.constantFrom(...WITHDRAWAL_DECLINE_REASONS) }).map((r) => new Decline(r.pick, r.reason));
const escalateArb = pick.map((p) => new Escalate(p));
const cancelArb = pick.map((p) => new Cancel(p));
const refusedArb = fc.record({ pick, kind: fc.constantFrom('wrong_role', 'wrong_state') as fc.Arbitrary<'wrong_role' | 'wrong_state'> }).map((r) => new RefusedStaffAction(r.pick, r.kind));
const settleArb = fc
  .record({ pick, outcome: fc.constantFrom('paid', 'paid', 'failed', 'returned') as fc.Arbitrary<'paid' | 'failed' | 'returned'>, faults })
  .map((r) => new SettlePayout(r.pick, r.outcome, r.faults));
const returnArb = fc.record({ pick, faults }).map((r) => new ReturnPaidPayout(r.pick, r.faults));

/** One of these is picked uniformly per command: repeats are the weights. */
const COMMANDS: fc.Arbitrary<MoneyCommand>[] = [
  depositArb, depositArb,
  decideArb,
  chargebackArb,
  refundArb,
  requestArb, requestArb,
  advanceArb, advanceArb, advanceArb, advanceArb, advanceArb, advanceArb,
  declineArb,
  escalateArb,
  cancelArb,
  refusedArb,
  settleArb, settleArb, settleArb,
  returnArb,
];

/** What each of the run's two clients deposits first (100.00–5,000.00 by wire), so withdrawals have money to work with. */
const fundingArb = fc.noBias(fc.tuple(fc.bigInt({ min: 10_000n, max: 500_000n }), fc.bigInt({ min: 10_000n, max: 500_000n })));

/**
 * A run: MIN..MAX commands, executed in order by fc.asyncModelRun (a command
 * whose check() finds nothing to act on yet — no withdrawal to approve — is
 * skipped). Unbiased, so runs are not dominated by tiny sequences and amounts.
 */
const commandSequence = fc.noBias(fc.array(fc.oneof(...COMMANDS), { minLength: MIN_COMMANDS, maxLength: MAX_COMMANDS }));

// ---------------------------------------------------------------- the property

beforeAll(async () => {
  // No trading data yet: "recent deposit not traded" would put a supervisor on every withdrawal.
  world = await startMoneyWorld({ config: configWith({ recentDepositNotTradedDays: 0 }) });
  passwordHash = await hashPassword(PASSWORD);
});
afterAll(async () => world?.close());

describe('client money under random sequences of operations', () => {
  it(
    `keeps every invariant after every step (seed ${SEED}, ${NUM_RUNS} runs of up to ${MAX_COMMANDS} commands)`,
    async () => {
      const started = performance.now();
      let steps = 0;
      const coverage = new Map<string, { n: number; ms: number }>();
      await fc.assert(
        fc.asyncProperty(fundingArb, commandSequence, async (funding, cmds) => {
          let model: Model | undefined;
          await fc.asyncModelRun(async () => {
            await assertMoneyInvariants(db(), 'before the run');
            model = { clients: [await newClient(0), await newClient(1)], deposits: [], withdrawals: [], step: 0, log: [], kinds: [] };
            for (const [index, amount] of funding.entries()) await new Fund(index, amount).run(model);
            return { model, real: world };
          }, cmds);
          steps += model?.step ?? 0;
          for (const { kind, ms } of model?.kinds ?? []) {
            const seen = coverage.get(kind) ?? { n: 0, ms: 0 };
            coverage.set(kind, { n: seen.n + 1, ms: seen.ms + ms });
          }
          if (VERBOSE) console.log(model?.log.join('\n'));
        }),
        {
          seed: SEED,
          numRuns: NUM_RUNS,
          endOnFailure: !SHRINK,
          plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS, { failOnInterrupt: true })],
        },
      );
      console.log(
        `money property: ${NUM_RUNS} runs, ${steps} steps in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${SEED}); steps by command: ` +
          [...coverage].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, c]) => `${k} ×${c.n} (${(c.ms / 1000).toFixed(1)} s)`).join(', '),
      );
      expect(steps).toBeGreaterThan(NUM_RUNS * 5);
    },
    TIME_LIMIT_MS + 60_000,
  );
});
