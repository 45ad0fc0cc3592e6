/**
 * Invariant fuzzing (PRACTICES.md "Tests that find real bugs"; Blnk's
 * invariant_fuzz_test): random sequences of real ledger operations — deposits,
 * redelivered events, withdrawal holds, releases, payouts and returned
 * payouts, chargebacks and their reversals, refunds, platform transfers, debt
 * repayments, invalid entries — run against the database and against an
 * independent model of the balances. After every step:
 *   - every entry sums to zero per currency and the cache equals the postings
 *     (verifyLedger), all accounts of a currency sum to zero;
 *   - every account's balance is the model's; no wallet or hold is negative,
 *     a shortfall shows only as debt;
 *   - each client's hold equals the sum of its open withdrawals;
 *   - an operation the model expects refused is refused with the expected
 *     code, and changed nothing.
 * Fixed seed (LEDGER_FC_SEED / LEDGER_FC_RUNS override it); a failure prints
 * the seed and the operation sequence, step by step.
 */
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/domain/errors';
import {
  clearingAccount,
  debtAccount,
  debtRepaymentEntry,
  depositCreditEntry,
  depositRefundEntry,
  holdAccount,
  money,
  platformAccount,
  transferFromPlatformEntry,
  transferToPlatformEntry,
  walletAccount,
  withdrawalHoldEntry,
  withdrawalReleaseEntry,
  withdrawalReturnEntry,
  withdrawalSettleEntry,
  type EntryDraft,
} from '../../src/domain/ledger';
import { newId } from '../../src/persistence/ids';
import { postChargeback, postChargebackReversal, postEntry, type PostResult } from '../../src/persistence/ledger/ledger-repository';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import type { DB } from '../../src/persistence/schema';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { CONTEXT, seedClients, snapshot } from './ledger-support';

const SEED = Number(process.env.LEDGER_FC_SEED ?? 20_260_301);
const RUNS = Number(process.env.LEDGER_FC_RUNS ?? 50);
const CLIENTS = 3;
const CURRENCIES = ['USD', 'EUR', 'JPY'] as const;
const PROVIDERS = 2;

let database: TestDatabase;
let db: Kysely<DB>;
beforeAll(async () => {
  database = await createTestDatabase();
  db = database.db;
});
afterAll(async () => database?.close());

// ---------------------------------------------------------------------------
// Operations

type Amount = bigint | 'all' | 'all_plus_one';
type Op =
  | { t: 'deposit'; client: number; cur: number; funded: boolean; provider: number; amount: bigint }
  | { t: 'redeliver'; pick: number }
  | { t: 'conflicting_redelivery'; pick: number }
  | { t: 'hold'; client: number; cur: number; funded: boolean; amount: Amount }
  | { t: 'release'; pick: number }
  | { t: 'settle'; pick: number; provider: number }
  | { t: 'return_payout'; pick: number }
  | { t: 'chargeback'; pick: number }
  | { t: 'reverse_chargeback'; pick: number }
  | { t: 'refund'; pick: number }
  | { t: 'to_platform'; client: number; cur: number; funded: boolean; amount: Amount }
  | { t: 'from_platform'; client: number; cur: number; amount: bigint }
  | { t: 'repay_debt'; client: number; cur: number; funded: boolean; amount: Amount }
  | { t: 'unbalanced'; client: number; cur: number };

const client = fc.nat({ max: CLIENTS - 1 });
const cur = fc.nat({ max: CURRENCIES.length - 1 });
const provider = fc.nat({ max: PROVIDERS - 1 });
const pick = fc.nat({ max: 1000 });
/** Most requests target a wallet that has money (else nearly all would be refused). */
const funded = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) });
const deposited = fc.bigInt({ min: 1n, max: 50_000n });
const requested: fc.Arbitrary<Amount> = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: 1n, max: 40_000n }) },
  { weight: 1, arbitrary: fc.constant('all' as const) },
  { weight: 1, arbitrary: fc.constant('all_plus_one' as const) },
);
/** Repayments mostly of what can be repaid (the smaller of debt and wallet), else few would pass. */
const repaid: fc.Arbitrary<Amount> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('all' as const) },
  { weight: 1, arbitrary: fc.constant('all_plus_one' as const) },
  { weight: 1, arbitrary: fc.bigInt({ min: 1n, max: 40_000n }) },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('deposit' as const), client, cur, funded: fc.boolean(), provider, amount: deposited }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('redeliver' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('conflicting_redelivery' as const), pick }) },
  { weight: 5, arbitrary: fc.record({ t: fc.constant('hold' as const), client, cur, funded, amount: requested }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('release' as const), pick }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('settle' as const), pick, provider }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('return_payout' as const), pick }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('chargeback' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('reverse_chargeback' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('refund' as const), pick }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('to_platform' as const), client, cur, funded, amount: requested }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('from_platform' as const), client, cur, amount: deposited }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('repay_debt' as const), client, cur, funded, amount: repaid }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('unbalanced' as const), client, cur }) },
);

// ---------------------------------------------------------------------------
// The model: balances kept by hand, independent of the entry builders.

interface Deposit {
  id: string;
  client: string;
  currency: string;
  provider: string;
  amount: bigint;
  state: 'credited' | 'refunded' | 'charged_back';
  disputes: number;
}
interface Withdrawal {
  id: string;
  client: string;
  currency: string;
  amount: bigint;
  state: 'open' | 'paid' | 'released';
  payout?: { id: string; provider: string };
}
/** How to deliver a posted event again: it must come back as a duplicate. */
type Replay = { label: string; run: (trx: Parameters<typeof postEntry>[0]) => Promise<PostResult>; draft?: EntryDraft };

type Expected = { accept: [code: string, delta: bigint][] } | { refuse: string[] } | { skip: true };

class Run {
  readonly balances = new Map<string, bigint>();
  readonly deposits: Deposit[] = [];
  readonly withdrawals: Withdrawal[] = [];
  readonly replays: Replay[] = [];
  entries = 0;

  constructor(
    readonly clients: readonly string[],
    readonly providers: readonly string[],
    readonly platform: string,
  ) {}

  balance(code: string): bigint {
    return this.balances.get(code) ?? 0n;
  }

  apply(deltas: [string, bigint][]): void {
    for (const [code, delta] of deltas) this.balances.set(code, this.balance(code) + delta);
  }

  /** The client and currency an operation targets: with `funded`, one that can pay (`fits`), when there is one. */
  target(op: { client: number; cur: number; funded: boolean }, fits: (c: string, cur: string) => boolean): [string, string] {
    const all = this.clients.flatMap((c) => CURRENCIES.map((cur) => [c, cur] as [string, string]));
    const wanted = all.filter(([c, cur]) => fits(c, cur));
    if (op.funded && wanted.length > 0) return wanted[(op.client * CURRENCIES.length + op.cur) % wanted.length]!;
    return [this.clients[op.client]!, CURRENCIES[op.cur]!];
  }

  resolve(amount: Amount, available: bigint): bigint {
    if (amount === 'all') return available > 0n ? available : 1n;
    if (amount === 'all_plus_one') return (available > 0n ? available : 0n) + 1n;
    return amount;
  }
}

function eligible<T>(list: readonly T[], index: number, keep: (item: T) => boolean): T | undefined {
  const candidates = list.filter(keep);
  return candidates.length === 0 ? undefined : candidates[index % candidates.length];
}

interface Step {
  describe: string;
  expected: Expected;
  perform?: (trx: Parameters<typeof postEntry>[0]) => Promise<PostResult>;
  /** Model changes beyond balances, applied only when the step is accepted. */
  commit?: () => void;
  replay?: Replay;
  duplicate?: boolean;
}

function plan(run: Run, op: Op): Step {
  const hasMoney = (c: string, cur: string) => run.balance(walletAccount(c, cur)) > 0n;
  const post = (draft: EntryDraft) => (trx: Parameters<typeof postEntry>[0]) => postEntry(trx, draft, CONTEXT);
  switch (op.t) {
    case 'deposit': {
      // Half of them go to a client who owes money, when one does (so debts get repaid).
      const [c, currency] = run.target(op, (client, cur) => run.balance(debtAccount(client, cur)) < 0n);
      const p = run.providers[op.provider]!;
      const deposit: Deposit = { id: newId(), client: c, currency, provider: p, amount: op.amount, state: 'credited', disputes: 0 };
      const draft = depositCreditEntry({ ref: { type: 'deposit', id: deposit.id }, clientId: c, providerId: p, amount: money(op.amount, currency) });
      return {
        describe: `deposit ${op.amount} ${currency} for client ${op.client} via ${p}`,
        expected: { accept: [[clearingAccount(p, currency), -op.amount], [walletAccount(c, currency), op.amount]] },
        perform: post(draft),
        commit: () => void run.deposits.push(deposit),
        replay: { label: `deposit ${deposit.id}`, run: post(draft), draft },
      };
    }
    case 'redeliver': {
      const replay = run.replays.length === 0 ? undefined : run.replays[op.pick % run.replays.length]!;
      if (!replay) return { describe: 'redeliver (nothing posted yet)', expected: { skip: true } };
      return { describe: `redeliver ${replay.label}`, expected: { accept: [] }, perform: replay.run, duplicate: true };
    }
    case 'conflicting_redelivery': {
      const replay = eligible(run.replays, op.pick, (r) => r.draft !== undefined);
      if (!replay) return { describe: 'conflicting redelivery (nothing posted yet)', expected: { skip: true } };
      const draft = replay.draft!;
      const changed: EntryDraft = {
        ...draft,
        postings: draft.postings.map((p) => ({ ...p, amountMinor: p.amountMinor + (p.amountMinor > 0n ? 1n : -1n) })),
      };
      return { describe: `redeliver ${replay.label} with other amounts`, expected: { refuse: ['ledger_entry_conflict'] }, perform: post(changed) };
    }
    case 'hold': {
      const [c, currency] = run.target(op, hasMoney);
      const wallet = walletAccount(c, currency);
      const amount = run.resolve(op.amount, run.balance(wallet));
      const withdrawal: Withdrawal = { id: newId(), client: c, currency, amount, state: 'open' };
      const draft = withdrawalHoldEntry({ ref: { type: 'withdrawal', id: withdrawal.id }, clientId: c, amount: money(amount, currency) });
      return {
        describe: `hold ${amount} ${currency} for client ${op.client} (wallet ${run.balance(wallet)})`,
        expected:
          run.balance(wallet) >= amount
            ? { accept: [[wallet, -amount], [holdAccount(c, currency), amount]] }
            : { refuse: ['insufficient_available_balance'] },
        perform: post(draft),
        commit: () => void run.withdrawals.push(withdrawal),
        replay: { label: `hold ${withdrawal.id}`, run: post(draft), draft },
      };
    }
    case 'release': {
      const w = eligible(run.withdrawals, op.pick, (x) => x.state === 'open');
      if (!w) return { describe: 'release (no open withdrawal)', expected: { skip: true } };
      const draft = withdrawalReleaseEntry({ ref: { type: 'withdrawal', id: w.id }, clientId: w.client, amount: money(w.amount, w.currency) });
      return {
        describe: `release withdrawal ${w.id} (${w.amount} ${w.currency})`,
        expected: { accept: [[holdAccount(w.client, w.currency), -w.amount], [walletAccount(w.client, w.currency), w.amount]] },
        perform: post(draft),
        commit: () => void (w.state = 'released'),
        replay: { label: `release ${w.id}`, run: post(draft), draft },
      };
    }
    case 'settle': {
      const w = eligible(run.withdrawals, op.pick, (x) => x.state === 'open');
      if (!w) return { describe: 'settle (no open withdrawal)', expected: { skip: true } };
      const payout = { id: newId(), provider: run.providers[op.provider]! };
      const draft = withdrawalSettleEntry({ ref: { type: 'payout', id: payout.id }, clientId: w.client, providerId: payout.provider, amount: money(w.amount, w.currency) });
      return {
        describe: `pay out withdrawal ${w.id} (${w.amount} ${w.currency}) via ${payout.provider}`,
        expected: { accept: [[holdAccount(w.client, w.currency), -w.amount], [clearingAccount(payout.provider, w.currency), w.amount]] },
        perform: post(draft),
        commit: () => {
          w.state = 'paid';
          w.payout = payout;
        },
        replay: { label: `payout ${payout.id}`, run: post(draft), draft },
      };
    }
    case 'return_payout': {
      const w = eligible(run.withdrawals, op.pick, (x) => x.state === 'paid');
      if (!w) return { describe: 'return payout (none paid)', expected: { skip: true } };
      const payout = w.payout!;
      const draft = withdrawalReturnEntry({ ref: { type: 'payout', id: payout.id }, clientId: w.client, providerId: payout.provider, amount: money(w.amount, w.currency) });
      return {
        describe: `payout ${payout.id} of withdrawal ${w.id} returned`,
        expected: { accept: [[clearingAccount(payout.provider, w.currency), -w.amount], [holdAccount(w.client, w.currency), w.amount]] },
        perform: post(draft),
        commit: () => {
          w.state = 'open';
          delete w.payout;
        },
        replay: { label: `return of payout ${payout.id}`, run: post(draft), draft },
      };
    }
    case 'chargeback': {
      const d = eligible(run.deposits, op.pick, (x) => x.state === 'credited');
      if (!d) return { describe: 'chargeback (no credited deposit)', expected: { skip: true } };
      const wallet = walletAccount(d.client, d.currency);
      const fromWallet = run.balance(wallet) < d.amount ? run.balance(wallet) : d.amount;
      const movement = {
        ref: { type: 'psp_event', id: `${d.id}:chargeback:${d.disputes + 1}` },
        clientId: d.client,
        providerId: d.provider,
        amount: money(d.amount, d.currency),
      };
      const perform = (trx: Parameters<typeof postEntry>[0]) => postChargeback(trx, movement, CONTEXT);
      return {
        describe: `chargeback of deposit ${d.id} (${d.amount} ${d.currency}; wallet ${run.balance(wallet)})`,
        expected: {
          accept: [
            [clearingAccount(d.provider, d.currency), d.amount],
            [wallet, -fromWallet],
            [debtAccount(d.client, d.currency), -(d.amount - fromWallet)],
          ],
        },
        perform,
        commit: () => {
          d.state = 'charged_back';
          d.disputes += 1;
        },
        replay: { label: `chargeback ${movement.ref.id}`, run: perform },
      };
    }
    case 'reverse_chargeback': {
      const d = eligible(run.deposits, op.pick, (x) => x.state === 'charged_back');
      if (!d) return { describe: 'reverse chargeback (none charged back)', expected: { skip: true } };
      const debt = debtAccount(d.client, d.currency);
      const owed = -run.balance(debt);
      const toDebt = owed < d.amount ? owed : d.amount;
      const movement = {
        ref: { type: 'psp_event', id: `${d.id}:reversal:${d.disputes}` },
        clientId: d.client,
        providerId: d.provider,
        amount: money(d.amount, d.currency),
      };
      const perform = (trx: Parameters<typeof postEntry>[0]) => postChargebackReversal(trx, movement, CONTEXT);
      return {
        describe: `chargeback of deposit ${d.id} reversed (${d.amount} ${d.currency}; owed ${owed})`,
        expected: {
          accept: [
            [clearingAccount(d.provider, d.currency), -d.amount],
            [debt, toDebt],
            [walletAccount(d.client, d.currency), d.amount - toDebt],
          ],
        },
        perform,
        commit: () => void (d.state = 'credited'),
        replay: { label: `reversal ${movement.ref.id}`, run: perform },
      };
    }
    case 'refund': {
      const d = eligible(run.deposits, op.pick, (x) => x.state === 'credited');
      if (!d) return { describe: 'refund (no credited deposit)', expected: { skip: true } };
      const wallet = walletAccount(d.client, d.currency);
      const draft = depositRefundEntry({ ref: { type: 'refund', id: d.id }, clientId: d.client, providerId: d.provider, amount: money(d.amount, d.currency) });
      return {
        describe: `refund deposit ${d.id} (${d.amount} ${d.currency}; wallet ${run.balance(wallet)})`,
        expected:
          run.balance(wallet) >= d.amount
            ? { accept: [[wallet, -d.amount], [clearingAccount(d.provider, d.currency), d.amount]] }
            : { refuse: ['insufficient_available_balance'] },
        perform: post(draft),
        commit: () => void (d.state = 'refunded'),
        replay: { label: `refund ${d.id}`, run: post(draft), draft },
      };
    }
    case 'to_platform':
    case 'from_platform': {
      const [c, currency] = op.t === 'to_platform' ? run.target(op, hasMoney) : [run.clients[op.client]!, CURRENCIES[op.cur]!];
      const wallet = walletAccount(c, currency);
      const platform = platformAccount(run.platform, currency);
      const outward = op.t === 'to_platform';
      const amount = run.resolve(op.amount, run.balance(wallet));
      const movement = { ref: { type: 'transfer', id: newId() }, clientId: c, platformId: run.platform, amount: money(amount, currency) };
      const draft = outward ? transferToPlatformEntry(movement) : transferFromPlatformEntry(movement);
      return {
        describe: `transfer ${amount} ${currency} ${outward ? 'to' : 'from'} the platform for client ${op.client} (wallet ${run.balance(wallet)})`,
        expected: !outward
          ? { accept: [[platform, -amount], [wallet, amount]] }
          : run.balance(wallet) >= amount
            ? { accept: [[wallet, -amount], [platform, amount]] }
            : { refuse: ['insufficient_available_balance'] },
        perform: post(draft),
        replay: { label: `transfer ${movement.ref.id}`, run: post(draft), draft },
      };
    }
    case 'repay_debt': {
      const [c, currency] = run.target(op, (c, cur) => hasMoney(c, cur) && run.balance(debtAccount(c, cur)) < 0n);
      const wallet = walletAccount(c, currency);
      const debt = debtAccount(c, currency);
      const owed = -run.balance(debt);
      const amount = run.resolve(op.amount, owed < run.balance(wallet) ? owed : run.balance(wallet));
      const refusals = [
        ...(run.balance(wallet) < amount ? ['insufficient_available_balance'] : []),
        ...(owed < amount ? ['debt_overpaid'] : []),
      ];
      const draft = debtRepaymentEntry({ ref: { type: 'repayment', id: newId() }, clientId: c, amount: money(amount, currency) });
      return {
        describe: `repay ${amount} ${currency} of client ${op.client}'s debt (owed ${owed}, wallet ${run.balance(wallet)})`,
        expected: refusals.length > 0 ? { refuse: refusals } : { accept: [[wallet, -amount], [debt, amount]] },
        perform: post(draft),
        replay: { label: `repayment ${draft.businessRef.id}`, run: post(draft), draft },
      };
    }
    case 'unbalanced': {
      const c = run.clients[op.client]!;
      const currency = CURRENCIES[op.cur]!;
      const draft: EntryDraft = {
        kind: 'deposit_credit',
        businessRef: { type: 'deposit', id: newId() },
        description: 'one minor unit too many',
        postings: [
          { account: clearingAccount(run.providers[0]!, currency), amountMinor: -100n, currency },
          { account: walletAccount(c, currency), amountMinor: 101n, currency },
        ],
      };
      return { describe: `unbalanced entry for client ${op.client} in ${currency}`, expected: { refuse: ['ledger_entry_invalid'] }, perform: post(draft) };
    }
  }
}

// ---------------------------------------------------------------------------
// Checks

async function checkInvariants(run: Run): Promise<void> {
  const report = await verifyLedger(db);
  expect(report, 'verifyLedger').toMatchObject({
    ok: true,
    unbalancedEntries: [],
    postingCountMismatches: [],
    cacheMismatches: [],
    ruleViolations: [],
    nonZeroCurrencyTotals: [],
  });

  const codes = [
    ...run.clients.flatMap((c) => CURRENCIES.flatMap((cur) => [walletAccount(c, cur), holdAccount(c, cur), debtAccount(c, cur)])),
    ...run.providers.flatMap((p) => CURRENCIES.map((cur) => clearingAccount(p, cur))),
    ...CURRENCIES.map((cur) => platformAccount(run.platform, cur)),
  ];
  const rows = await db
    .selectFrom('ledger_account')
    .innerJoin('account_balance', 'account_balance.account_id', 'ledger_account.id')
    .select(['ledger_account.code', 'account_balance.balance_minor'])
    .where('ledger_account.code', 'in', codes)
    .execute();
  const actual = Object.fromEntries(codes.map((code) => [code, 0n]));
  for (const row of rows) actual[row.code] = row.balance_minor;
  const expected = Object.fromEntries(codes.map((code) => [code, run.balance(code)]));
  expect(actual, 'balances equal the model').toEqual(expected);

  for (const c of run.clients) {
    for (const cur of CURRENCIES) {
      expect(actual[walletAccount(c, cur)]! >= 0n, `wallet ${c} ${cur} not negative`).toBe(true);
      const open = run.withdrawals.filter((w) => w.client === c && w.currency === cur && w.state === 'open').reduce((sum, w) => sum + w.amount, 0n);
      expect(actual[holdAccount(c, cur)], `hold of ${c} ${cur} equals its open withdrawals`).toBe(open);
      expect(actual[debtAccount(c, cur)]! <= 0n, `debt ${c} ${cur} is a debt`).toBe(true);
    }
  }
}

/** What the runs exercised, so a property that silently skips everything fails. */
const seen = new Map<string, number>();
const count = (key: string) => seen.set(key, (seen.get(key) ?? 0) + 1);

async function execute(ops: readonly Op[], trace: string[]): Promise<void> {
  const tag = newId().slice(-8).replace(/-/g, '');
  const run = new Run(
    await seedClients(db, CLIENTS),
    Array.from({ length: PROVIDERS }, (_, i) => `psp${i}_${tag}`),
    `mt5_${tag}`,
  );
  const baseEntries = (await snapshot(db)).entries;
  for (const [index, op] of ops.entries()) {
    const step = plan(run, op);
    trace.push(`${index + 1}. ${step.describe}`);
    if ('skip' in step.expected) {
      count(`${op.t}:skipped`);
      continue;
    }
    const before = await snapshot(db);
    const outcome = await db
      .transaction()
      .execute((trx) => step.perform!(trx))
      .then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      );
    if ('refuse' in step.expected) {
      if (!('error' in outcome)) throw new Error(`expected a refusal (${step.expected.refuse.join(' or ')}), got ${JSON.stringify(outcome.result)}`);
      if (!(outcome.error instanceof DomainError)) throw outcome.error;
      expect(step.expected.refuse, `refusal: ${outcome.error.message}`).toContain(outcome.error.code);
      trace[trace.length - 1] += ` → refused (${outcome.error.code})`;
      count(`${op.t}:refused`);
      expect(await snapshot(db), 'a refused operation changed nothing').toEqual(before);
    } else {
      if ('error' in outcome) throw outcome.error;
      expect(outcome.result.duplicate, 'duplicate delivery').toBe(step.duplicate === true);
      if (step.duplicate) {
        trace[trace.length - 1] += ' → duplicate';
        count(`${op.t}:duplicate`);
        expect(await snapshot(db), 'a duplicate delivery changed nothing').toEqual(before);
      } else {
        count(`${op.t}:accepted`);
        run.apply(step.expected.accept);
        run.entries += 1;
        step.commit?.();
        if (step.replay) run.replays.push(step.replay);
      }
    }
    expect((await snapshot(db)).entries - baseEntries, 'entries posted').toBe(run.entries);
    await checkInvariants(run);
  }
}

describe('ledger invariants under random operation sequences', () => {
  it(`hold after every step (fast-check seed ${SEED}, ${RUNS} runs)`, { timeout: 300_000 }, async () => {
    // On failure fast-check reports the seed, the replay path and the shrunk
    // counterexample; its cause carries that sequence step by step, with outcomes.
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 50, size: 'max' }), async (ops) => {
        const trace: string[] = [];
        try {
          await execute(ops, trace);
        } catch (error) {
          (error as Error).message += `\n  sequence (seed ${SEED}):\n    ${trace.join('\n    ')}`;
          throw error;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    const exercised = [...seen].sort().map(([key, n]) => `${key}=${n}`);
    console.info(`ledger invariants, seed ${SEED}: ${exercised.join(' ')}`);
    for (const key of [
      'deposit:accepted',
      'redeliver:duplicate',
      'conflicting_redelivery:refused',
      'hold:accepted',
      'hold:refused',
      'release:accepted',
      'settle:accepted',
      'return_payout:accepted',
      'chargeback:accepted',
      'reverse_chargeback:accepted',
      'refund:accepted',
      'to_platform:accepted',
      'to_platform:refused',
      'from_platform:accepted',
      'unbalanced:refused',
      'repay_debt:accepted',
    ]) {
      expect(seen.get(key) ?? 0, `the runs exercised ${key}`).toBeGreaterThan(0);
    }
  });
});
