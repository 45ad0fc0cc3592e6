/**
 * A journal entry: the postings of one business event, and the pure check
 * that they form a valid double entry. The database checks the same rules
 * again (migrations/0004_ledger.sql); this one answers first, with a message.
 *
 * `amountMinor` is signed: > 0 moves value into the account, < 0 out of it.
 */
import { ValidationError } from '../errors';
import { parseAccountCode, type AccountCode } from './accounts';
import { isInt8, assertCurrency } from './money';

export const ENTRY_KINDS = [
  'deposit_credit',
  'deposit_refund',
  'deposit_refund_reversal',
  'chargeback',
  'chargeback_reversal',
  'withdrawal_hold',
  'withdrawal_release',
  'withdrawal_settle',
  'withdrawal_return',
  'transfer_to_platform',
  'transfer_from_platform',
  'fee',
  'debt_repayment',
  'debt_write_off',
] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

/**
 * The business event an entry belongs to. (kind, type, id) is unique in the
 * ledger, so the id must name the event itself — the provider's callback
 * event, the payout attempt — not just the deposit or withdrawal it concerns
 * when that can see the same kind of entry twice.
 */
export interface BusinessRef {
  readonly type: string;
  readonly id: string;
}

export interface PostingDraft {
  readonly account: AccountCode;
  readonly amountMinor: bigint;
  readonly currency: string;
}

export interface EntryDraft {
  readonly kind: EntryKind;
  readonly businessRef: BusinessRef;
  readonly description: string;
  readonly postings: readonly PostingDraft[];
}

export interface EntryProblem {
  readonly code:
    | 'unknown_kind'
    | 'invalid_business_ref'
    | 'description_too_long'
    | 'too_few_postings'
    | 'too_many_postings'
    | 'zero_amount'
    | 'amount_not_integer'
    | 'amount_out_of_range'
    | 'unknown_currency'
    | 'invalid_account'
    | 'currency_mismatch'
    | 'account_repeated'
    | 'unbalanced';
  readonly message: string;
  /** 0-based index of the posting concerned, when there is one. */
  readonly posting?: number;
  readonly currency?: string;
}

export const MAX_POSTINGS = 100;
const BUSINESS_TYPE = /^[a-z][a-z0-9_]{0,63}$/;

/** Every rule the entry breaks (empty when it is valid). */
export function entryProblems(draft: EntryDraft): EntryProblem[] {
  const problems: EntryProblem[] = [];
  if (!(ENTRY_KINDS as readonly string[]).includes(draft.kind)) {
    problems.push({ code: 'unknown_kind', message: `Unknown journal entry kind "${String(draft.kind)}"` });
  }
  const ref = draft.businessRef;
  if (!ref || typeof ref.type !== 'string' || !BUSINESS_TYPE.test(ref.type) || typeof ref.id !== 'string' || ref.id.length < 1 || ref.id.length > 200) {
    problems.push({ code: 'invalid_business_ref', message: 'The business reference needs a lowercase type and an id of 1–200 characters' });
  }
  if (typeof draft.description !== 'string' || draft.description.length > 500) {
    problems.push({ code: 'description_too_long', message: 'The description must be a text of at most 500 characters' });
  }
  const postings = draft.postings ?? [];
  if (postings.length < 2) {
    problems.push({ code: 'too_few_postings', message: `A journal entry needs at least 2 postings, this one has ${postings.length}` });
  }
  if (postings.length > MAX_POSTINGS) {
    problems.push({ code: 'too_many_postings', message: `A journal entry has at most ${MAX_POSTINGS} postings, this one has ${postings.length}` });
  }
  const sums = new Map<string, bigint>();
  const seen = new Map<string, number>();
  postings.forEach((posting, index) => {
    const { amountMinor, currency, account } = posting;
    let currencyKnown = true;
    try {
      assertCurrency(currency);
    } catch {
      currencyKnown = false;
      problems.push({ code: 'unknown_currency', message: `Posting ${index + 1}: unknown currency "${currency}"`, posting: index, currency });
    }
    if (typeof amountMinor !== 'bigint') {
      problems.push({ code: 'amount_not_integer', message: `Posting ${index + 1}: the amount must be a bigint of minor units`, posting: index });
    } else if (amountMinor === 0n) {
      problems.push({ code: 'zero_amount', message: `Posting ${index + 1}: the amount is zero`, posting: index });
    } else if (!isInt8(amountMinor)) {
      problems.push({ code: 'amount_out_of_range', message: `Posting ${index + 1}: ${amountMinor} does not fit in a 64-bit integer`, posting: index });
    }
    try {
      const ref = parseAccountCode(account);
      if (currencyKnown && ref.currency !== currency) {
        problems.push({
          code: 'currency_mismatch',
          message: `Posting ${index + 1}: account ${account} holds ${ref.currency}, not ${currency}`,
          posting: index,
          currency,
        });
      }
    } catch (error) {
      problems.push({ code: 'invalid_account', message: `Posting ${index + 1}: ${(error as Error).message}`, posting: index });
    }
    const first = seen.get(account);
    if (first !== undefined) {
      problems.push({ code: 'account_repeated', message: `Posting ${index + 1}: account ${account} already appears in posting ${first + 1}`, posting: index });
    } else {
      seen.set(account, index);
    }
    if (typeof amountMinor === 'bigint') sums.set(currency, (sums.get(currency) ?? 0n) + amountMinor);
  });
  for (const [currency, sum] of [...sums].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (sum !== 0n) {
      problems.push({ code: 'unbalanced', message: `The postings in ${currency} sum to ${sum}, not zero`, currency });
    }
  }
  return problems;
}

/** Throws a 422 listing every problem, or returns. */
export function validateEntry(draft: EntryDraft): void {
  const problems = entryProblems(draft);
  if (problems.length === 0) return;
  throw new ValidationError(
    `Invalid journal entry (${String(draft.kind)}): ${problems.map((p) => p.message).join('; ')}`,
    { problems: problems.map((p) => ({ ...p })) },
    'ledger_entry_invalid',
  );
}

/** Per currency, the sum of the postings: all zero for a valid entry. */
export function sumsByCurrency(postings: readonly PostingDraft[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const p of postings) sums.set(p.currency, (sums.get(p.currency) ?? 0n) + p.amountMinor);
  return sums;
}
