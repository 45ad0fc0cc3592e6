/** The pure side of the ledger: account codes, the entry validator, and the entries each movement builds. */
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/domain/errors';
import {
  accountCode,
  chargebackEntry,
  chargebackReversalEntry,
  clearingAccount,
  debtAccount,
  depositCreditEntry,
  entryProblems,
  feeEntry,
  holdAccount,
  INT8_MAX,
  money,
  parseAccountCode,
  platformAccount,
  sumsByCurrency,
  transferToPlatformEntry,
  validateEntry,
  walletAccount,
  withdrawalHoldEntry,
  withdrawalReleaseEntry,
  withdrawalReturnEntry,
  withdrawalSettleEntry,
  type EntryDraft,
  type PostingDraft,
} from '../../src/domain/ledger';

const CLIENT = '01890a5d-ac96-774b-bcce-b302099a8057';
const W_USD = walletAccount(CLIENT, 'USD');
const H_USD = holdAccount(CLIENT, 'USD');
const C_USD = clearingAccount('card', 'USD');
const W_EUR = walletAccount(CLIENT, 'EUR');
const C_EUR = clearingAccount('card', 'EUR');
const REF = { type: 'deposit', id: 'dep-1' };

function entry(postings: PostingDraft[], overrides: Partial<EntryDraft> = {}): EntryDraft {
  return { kind: 'deposit_credit', businessRef: REF, description: 'test', postings, ...overrides };
}
const p = (account: string, amountMinor: bigint, currency = account.slice(-3)): PostingDraft => ({ account, amountMinor, currency });

describe('account codes', () => {
  it.each([
    [{ kind: 'client_wallet', clientId: CLIENT, currency: 'USD' } as const, `client:${CLIENT}:wallet:USD`],
    [{ kind: 'client_hold', clientId: CLIENT, currency: 'EUR' } as const, `client:${CLIENT}:hold:EUR`],
    [{ kind: 'client_debt', clientId: CLIENT, currency: 'JPY' } as const, `client:${CLIENT}:debt:JPY`],
    [{ kind: 'psp_clearing', providerId: 'card_eu', currency: 'USD' } as const, 'psp:card_eu:clearing:USD'],
    [{ kind: 'platform', platformId: 'mt5', currency: 'USD' } as const, 'platform:mt5:USD'],
    [{ kind: 'broker_fees', currency: 'USD' } as const, 'broker:fees:USD'],
    [{ kind: 'broker_chargeback_losses', currency: 'GBP' } as const, 'broker:chargeback_losses:GBP'],
  ])('%o ⇄ %s', (ref, code) => {
    expect(accountCode(ref)).toBe(code);
    expect(parseAccountCode(code)).toEqual(ref);
  });

  it.each([
    'client:not-a-uuid:wallet:USD',
    `client:${CLIENT}:savings:USD`,
    `client:${CLIENT}:wallet:usd`,
    `client:${CLIENT}:wallet:XXX`,
    `client:${CLIENT}:toString:USD`,
    'psp:Card:clearing:USD',
    'psp:card:settlement:USD',
    'platform:mt5:extra:USD',
    'broker:profits:USD',
    'world:USD',
    '',
  ])('refuses %j', (code) => {
    expect(() => parseAccountCode(code)).toThrow(/Invalid ledger account code/);
  });
});

describe('validateEntry', () => {
  const cases: [string, EntryDraft, string[]][] = [
    ['a balanced two-posting entry', entry([p(C_USD, -500n), p(W_USD, 500n)]), []],
    ['three postings balancing', entry([p(C_USD, 500n), p(W_USD, -300n), p(debtAccount(CLIENT, 'USD'), -200n)]), []],
    ['two currencies, each balanced', entry([p(C_USD, -500n), p(W_USD, 500n), p(C_EUR, -7n), p(W_EUR, 7n)]), []],
    ['unbalanced', entry([p(C_USD, -500n), p(W_USD, 499n)]), ['unbalanced']],
    ['balanced in total but not per currency', entry([p(C_USD, -500n), p(W_EUR, 500n)]), ['unbalanced', 'unbalanced']],
    ['a zero amount', entry([p(C_USD, 0n), p(W_USD, 0n)]), ['zero_amount', 'zero_amount']],
    ['one posting', entry([p(W_USD, 500n)]), ['too_few_postings', 'unbalanced']],
    ['no postings', entry([]), ['too_few_postings']],
    ['amounts beyond int8 on both sides', entry([p(C_USD, -(INT8_MAX + 2n)), p(W_USD, INT8_MAX + 2n)]), ['amount_out_of_range', 'amount_out_of_range']],
    ['a float amount', entry([p(C_USD, -5 as unknown as bigint), p(W_USD, 5n)]), ['amount_not_integer', 'unbalanced']],
    ['the same account twice', entry([p(C_USD, -500n), p(W_USD, 200n), p(W_USD, 300n)]), ['account_repeated']],
    ['a posting in a currency its account does not hold', entry([p(C_USD, -500n), p(W_USD, 500n, 'EUR')]), ['currency_mismatch', 'unbalanced', 'unbalanced']],
    ['an unknown currency', entry([p('broker:fees:USD', -5n), p(W_USD, 5n, 'XXX')]), ['unknown_currency', 'unbalanced', 'unbalanced']],
    ['an account outside the scheme', entry([p('world:USD', -5n), p(W_USD, 5n)]), ['invalid_account']],
    ['an unknown kind', entry([p(C_USD, -5n), p(W_USD, 5n)], { kind: 'gift' as never }), ['unknown_kind']],
    ['an empty business id', entry([p(C_USD, -5n), p(W_USD, 5n)], { businessRef: { type: 'deposit', id: '' } }), ['invalid_business_ref']],
    [
      '101 postings',
      entry(Array.from({ length: 101 }, (_, i) => p(i === 0 ? C_USD : walletAccount(`01890a5d-ac96-774b-bcce-${String(i).padStart(12, '0')}`, 'USD'), i === 0 ? -100n : 1n))),
      ['too_many_postings'],
    ],
  ];

  it.each(cases)('%s', (_name, draft, expected) => {
    expect(entryProblems(draft).map((problem) => problem.code)).toEqual(expected);
    if (expected.length === 0) expect(() => validateEntry(draft)).not.toThrow();
    else expect(() => validateEntry(draft)).toThrow(ValidationError);
  });

  it('names every problem in one 422 with the postings concerned', () => {
    let thrown: ValidationError | undefined;
    try {
      validateEntry(entry([p(C_USD, -500n), p(W_USD, 400n)]));
    } catch (error) {
      thrown = error as ValidationError;
    }
    expect(thrown?.status).toBe(422);
    expect(thrown?.code).toBe('ledger_entry_invalid');
    expect(thrown?.message).toMatch(/postings in USD sum to -100, not zero/);
  });
});

describe('entries of each movement', () => {
  const amount = money(10_00n, 'USD');
  const ref = { type: 'withdrawal', id: 'w-1' };

  it('moves the amount between the right two accounts, balanced', () => {
    const built: [EntryDraft, string, string][] = [
      [depositCreditEntry({ ref, clientId: CLIENT, providerId: 'card', amount }), C_USD, W_USD],
      [withdrawalHoldEntry({ ref, clientId: CLIENT, amount }), W_USD, H_USD],
      [withdrawalReleaseEntry({ ref, clientId: CLIENT, amount }), H_USD, W_USD],
      [withdrawalSettleEntry({ ref, clientId: CLIENT, providerId: 'card', amount }), H_USD, C_USD],
      [withdrawalReturnEntry({ ref, clientId: CLIENT, providerId: 'card', amount }), C_USD, H_USD],
      [transferToPlatformEntry({ ref, clientId: CLIENT, platformId: 'mt5', amount }), W_USD, platformAccount('mt5', 'USD')],
      [feeEntry({ ref, clientId: CLIENT, amount }), W_USD, 'broker:fees:USD'],
    ];
    for (const [draft, from, to] of built) {
      expect(entryProblems(draft)).toEqual([]);
      expect(draft.postings).toEqual([p(from, -1000n), p(to, 1000n)]);
    }
  });

  it('refuses a zero or negative movement', () => {
    expect(() => withdrawalHoldEntry({ ref, clientId: CLIENT, amount: money(0n, 'USD') })).toThrow(/greater than zero/);
    expect(() => withdrawalHoldEntry({ ref, clientId: CLIENT, amount: money(-1n, 'USD') })).toThrow(/greater than zero/);
  });

  it.each([
    [2000n, [p(C_USD, 1000n), p(W_USD, -1000n)]],
    [1000n, [p(C_USD, 1000n), p(W_USD, -1000n)]],
    [300n, [p(C_USD, 1000n), p(W_USD, -300n), p(debtAccount(CLIENT, 'USD'), -700n)]],
    [0n, [p(C_USD, 1000n), p(debtAccount(CLIENT, 'USD'), -1000n)]],
  ])('a chargeback of 10.00 with %s in the wallet takes what is there and records the rest as debt', (wallet, postings) => {
    const draft = chargebackEntry({ ref, clientId: CLIENT, providerId: 'card', amount, walletBalance: money(wallet, 'USD') });
    expect(draft.postings).toEqual(postings);
    expect([...sumsByCurrency(draft.postings).values()]).toEqual([0n]);
  });

  it.each([
    [0n, [p(C_USD, -1000n), p(W_USD, 1000n)]],
    [-400n, [p(C_USD, -1000n), p(debtAccount(CLIENT, 'USD'), 400n), p(W_USD, 600n)]],
    [-5000n, [p(C_USD, -1000n), p(debtAccount(CLIENT, 'USD'), 1000n)]],
  ])('a reversed chargeback with debt balance %s repays the debt first', (debt, postings) => {
    const draft = chargebackReversalEntry({ ref, clientId: CLIENT, providerId: 'card', amount, debtBalance: money(debt, 'USD') });
    expect(draft.postings).toEqual(postings);
  });
});
