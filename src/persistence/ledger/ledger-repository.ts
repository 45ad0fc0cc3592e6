/**
 * Posting to the client-money ledger and reading balances.
 *
 * `postEntry` is how every money movement is written, inside the caller's
 * use-case transaction (src/usecases/unit-of-work.ts):
 *   1. the pure validator (src/domain/ledger/journal-entry.ts) → 422;
 *   2. an entry for the same (kind, business reference) already there → the
 *      existing entry is returned with `duplicate: true` (same postings), or
 *      a 409 (different postings). That is how each external event is
 *      applied exactly once, however many times it is delivered;
 *   3. the accounts are created if new, and the balance rows of those with a
 *      balance rule (wallet, hold, debt) locked (SELECT … FOR UPDATE) in
 *      account-id order, so two entries touching the same accounts in any
 *      order wait for each other instead of deadlocking. Accounts without a
 *      rule (`any`: PSP clearing, platform, broker) are not locked: nothing
 *      is checked against their balance, and their cached balance moves at
 *      COMMIT (migrations/0009_ledger_unbounded_balances_at_commit.sql), so
 *      the one clearing account every deposit of a provider credits is held
 *      only while each transaction commits, not for its whole use case;
 *   4. the duplicate check again (a concurrent delivery may have committed
 *      while this one waited for the locks), then the balance rules: a
 *      wallet or hold that would go below zero → 409 insufficient balance;
 *   5. the entry and its postings are inserted; the database's triggers move
 *      the balance cache (an `any` account's at COMMIT) and check, at COMMIT,
 *      that the entry balances.
 * A refusal in steps 1–4 writes nothing, so the caller's transaction stays
 * usable (e.g. to record the refusal). Post ledger entries before other
 * row-locking work of the use case, one entry per transaction where
 * possible: the lock order above is only global within one entry.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  balanceRuleOf,
  clientIdOf,
  debtAccount,
  clawbackEntry,
  clawbackReversalEntry,
  clearingAccount,
  formatMoney,
  money,
  parseAccountCode,
  validateEntry,
  walletAccount,
  zero,
  type AccountCode,
  type BusinessRef,
  type ClawbackKind,
  type ClawbackReversalKind,
  type ClientProviderMovement,
  type EntryDraft,
  type EntryKind,
  type Money,
} from '../../domain/ledger';
import { ConflictError, invariant } from '../../domain/errors';
import type { Actor } from '../../domain/roles';
import { newId } from '../ids';
import type { DB } from '../schema';
import type { BalanceRuleColumn, JournalEntryRow, LedgerAccountRow } from '../tables/ledger-tables';

type Reader = Kysely<DB> | Transaction<DB>;

export interface PostingContext {
  /** When the business event happened (the use case's `uow.now`). */
  readonly now: Date;
  /** Who caused it: "staff:<id>", "provider:<id>", "client:<id>", "system:<id>" (see `postingContext`). */
  readonly createdBy: string;
}

/** `createdBy` for an actor of the audit trail: "staff:<id>", "provider:<id>", "system:<id>"… */
export function postingContext(actor: Pick<Actor, 'type' | 'id'>, now: Date): PostingContext {
  return { now, createdBy: `${actor.type}:${actor.id}` };
}

export interface PostResult {
  readonly entryId: string;
  /** True when this (kind, business reference) was already posted: nothing was written. */
  readonly duplicate: boolean;
}

export interface LedgerPosting {
  readonly account: AccountCode;
  readonly amountMinor: bigint;
  readonly currency: string;
}

export interface LedgerEntry {
  readonly id: string;
  readonly kind: EntryKind;
  readonly businessRef: BusinessRef;
  readonly occurredAt: Date;
  readonly description: string;
  readonly createdBy: string;
  readonly postings: readonly LedgerPosting[];
}

// ---------------------------------------------------------------------------
// Accounts

/** The account of `code`, created (with its zero balance row) if it does not exist yet. */
export async function ensureAccount(db: Reader, code: AccountCode, now: Date): Promise<LedgerAccountRow> {
  const accounts = await ensureAccounts(db, [code], now);
  return accounts.get(code)!;
}

/** Several accounts at once; new ones are inserted in code order (no deadlock between two creators). */
export async function ensureAccounts(db: Reader, codes: readonly AccountCode[], now: Date): Promise<Map<AccountCode, LedgerAccountRow>> {
  const wanted = [...new Set(codes)].sort();
  const refs = new Map(wanted.map((code) => [code, parseAccountCode(code)]));
  const found = new Map<AccountCode, LedgerAccountRow>();
  const load = async (list: readonly string[]) => {
    if (list.length === 0) return;
    for (const row of await db.selectFrom('ledger_account').selectAll().where('code', 'in', list).execute()) found.set(row.code, row);
  };
  await load(wanted);
  const missing = wanted.filter((code) => !found.has(code));
  if (missing.length > 0) {
    await db
      .insertInto('ledger_account')
      .values(
        missing.map((code) => {
          const ref = refs.get(code)!;
          return {
            id: newId(now.getTime()),
            code,
            kind: ref.kind,
            currency: ref.currency,
            client_id: clientIdOf(ref),
            balance_rule: balanceRuleOf(ref.kind),
            created_at: now,
          };
        }),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    await load(missing);
  }
  for (const code of wanted) invariant(found.has(code), `ledger account ${code} exists after ensureAccounts`);
  return found;
}

// ---------------------------------------------------------------------------
// Posting

/** Validates and posts one entry; see the file comment for the steps. */
export async function postEntry(trx: Transaction<DB>, draft: EntryDraft, context: PostingContext): Promise<PostResult> {
  validateEntry(draft);
  const existing = await findEntry(trx, draft.kind, draft.businessRef);
  if (existing) return sameEntryOrConflict(existing, draft);
  const locked = await lockAccounts(trx, draft.postings.map((p) => p.account), context.now);
  const raced = await findEntry(trx, draft.kind, draft.businessRef);
  if (raced) return sameEntryOrConflict(raced, draft);
  return insertEntry(trx, draft, locked, context, (entry) => sameEntryOrConflict(entry, draft));
}

export interface ComputedEntry {
  readonly kind: EntryKind;
  readonly businessRef: BusinessRef;
  /** Every account the built entry may touch: they are locked before `build` reads their balances. */
  readonly accounts: readonly AccountCode[];
  readonly build: (balances: ReadonlyMap<AccountCode, Money>) => EntryDraft;
}

/**
 * Posts an entry whose postings depend on balances (a chargeback takes what
 * the wallet still has): the accounts are locked first, then `build` sees
 * their balances as they will be when the entry commits. (Accounts without a
 * balance rule are not locked, see step 3 above: `build` sees their last
 * committed balance.) A second delivery of the same event is a duplicate
 * whatever the balances are by then.
 */
export async function postComputedEntry(trx: Transaction<DB>, computed: ComputedEntry, context: PostingContext): Promise<PostResult> {
  const existing = await findEntry(trx, computed.kind, computed.businessRef);
  if (existing) return { entryId: existing.id, duplicate: true };
  const locked = await lockAccounts(trx, computed.accounts, context.now, { readUnbounded: true });
  const raced = await findEntry(trx, computed.kind, computed.businessRef);
  if (raced) return { entryId: raced.id, duplicate: true };
  const balances = new Map(
    [...locked].map(([code, row]) => {
      invariant(row.balance_minor !== null, `the balance of ${code} was read`);
      return [code, money(row.balance_minor, row.currency)];
    }),
  );
  const draft = computed.build(balances);
  validateEntry(draft);
  invariant(
    draft.kind === computed.kind && draft.businessRef.type === computed.businessRef.type && draft.businessRef.id === computed.businessRef.id,
    'a computed entry keeps the kind and business reference it was declared with',
  );
  for (const p of draft.postings) invariant(locked.has(p.account), `computed entry touches ${p.account}, which was not declared and locked`);
  return insertEntry(trx, draft, locked, context, (entry) => ({ entryId: entry.id, duplicate: true }));
}

/**
 * The provider takes money back (kind `chargeback`, or `deposit_refund` for a
 * refund made at the provider): the wallet pays what it has, the rest becomes
 * the client's tracked debt.
 */
export function postClawback(trx: Transaction<DB>, kind: ClawbackKind, movement: ClientProviderMovement, context: PostingContext): Promise<PostResult> {
  const cur = movement.amount.currency;
  const wallet = walletAccount(movement.clientId, cur);
  return postComputedEntry(
    trx,
    {
      kind,
      businessRef: movement.ref,
      accounts: [wallet, debtAccount(movement.clientId, cur), clearingAccount(movement.providerId, cur)],
      build: (balances) => clawbackEntry(kind, { ...movement, walletBalance: balances.get(wallet)! }),
    },
    context,
  );
}

/** The provider gives back what it took (`chargeback_reversal`, `deposit_refund_reversal`): the client's debt is repaid first, the rest goes to the wallet. */
export function postClawbackReversal(trx: Transaction<DB>, kind: ClawbackReversalKind, movement: ClientProviderMovement, context: PostingContext): Promise<PostResult> {
  const cur = movement.amount.currency;
  const debt = debtAccount(movement.clientId, cur);
  return postComputedEntry(
    trx,
    {
      kind,
      businessRef: movement.ref,
      accounts: [walletAccount(movement.clientId, cur), debt, clearingAccount(movement.providerId, cur)],
      build: (balances) => clawbackReversalEntry(kind, { ...movement, debtBalance: balances.get(debt)! }),
    },
    context,
  );
}

/** Chargeback: the wallet pays what it has, the rest becomes the client's tracked debt. */
export function postChargeback(trx: Transaction<DB>, movement: ClientProviderMovement, context: PostingContext): Promise<PostResult> {
  return postClawback(trx, 'chargeback', movement, context);
}

/** Chargeback won: the returned money repays the client's debt first, the rest goes to the wallet. */
export function postChargebackReversal(trx: Transaction<DB>, movement: ClientProviderMovement, context: PostingContext): Promise<PostResult> {
  return postClawbackReversal(trx, 'chargeback_reversal', movement, context);
}

interface LockedAccount {
  readonly id: string;
  readonly currency: string;
  readonly balance_rule: BalanceRuleColumn;
  /** Null: not read (an account without a balance rule, when nobody needs its balance). */
  readonly balance_minor: bigint | null;
}

/**
 * Creates missing accounts, then locks the balance rows of those with a
 * balance rule in account-id order. Accounts without one (`any`) are not
 * locked (see the file comment, step 3); with `readUnbounded` their last
 * committed balance is read, else it is left null.
 */
async function lockAccounts(
  trx: Transaction<DB>,
  codes: readonly AccountCode[],
  now: Date,
  options: { readUnbounded?: boolean } = {},
): Promise<Map<AccountCode, LockedAccount>> {
  const accounts = [...(await ensureAccounts(trx, codes, now)).values()];
  const bounded = new Map(accounts.filter((a) => a.balance_rule !== 'any').map((a) => [a.id, a.code]));
  const result = new Map<AccountCode, LockedAccount>();
  if (bounded.size > 0) {
    const rows = await trx
      .selectFrom('account_balance')
      .select(['account_id', 'currency', 'balance_rule', 'balance_minor'])
      .where('account_id', 'in', [...bounded.keys()])
      .orderBy('account_id')
      .forUpdate()
      .execute();
    invariant(rows.length === bounded.size, 'every ledger account has a balance row');
    for (const r of rows) result.set(bounded.get(r.account_id)!, { id: r.account_id, currency: r.currency, balance_rule: r.balance_rule, balance_minor: r.balance_minor });
  }
  const unbounded = accounts.filter((a) => a.balance_rule === 'any');
  const read = new Map<string, bigint>();
  if (options.readUnbounded && unbounded.length > 0) {
    const rows = await trx
      .selectFrom('account_balance')
      .select(['account_id', 'balance_minor'])
      .where('account_id', 'in', unbounded.map((a) => a.id))
      .execute();
    invariant(rows.length === unbounded.length, 'every ledger account has a balance row');
    for (const r of rows) read.set(r.account_id, r.balance_minor);
  }
  for (const a of unbounded) result.set(a.code, { id: a.id, currency: a.currency, balance_rule: a.balance_rule, balance_minor: read.get(a.id) ?? null });
  return result;
}

function ruleRefusal(code: AccountCode, rule: BalanceRuleColumn, balance: bigint, change: bigint, currency: string): ConflictError | null {
  const after = balance + change;
  if (rule === 'non_negative' && after < 0n) {
    const kind = parseAccountCode(code).kind;
    const has = formatMoney({ amountMinor: balance, currency });
    const needs = formatMoney({ amountMinor: -change, currency });
    const details = { account: code, currency, balanceMinor: String(balance), requiredMinor: String(-change) };
    return kind === 'client_hold'
      ? new ConflictError(`Insufficient funds on hold: ${has} on hold, ${needs} needed`, details, 'insufficient_hold')
      : new ConflictError(`Insufficient available balance: ${has} available, ${needs} needed`, details, 'insufficient_available_balance');
  }
  if (rule === 'non_positive' && after > 0n) {
    return new ConflictError(
      `The client owes ${formatMoney({ amountMinor: -balance, currency })}; ${formatMoney({ amountMinor: change, currency })} would overpay the debt`,
      { account: code, currency, balanceMinor: String(balance), changeMinor: String(change) },
      'debt_overpaid',
    );
  }
  return null;
}

async function insertEntry(
  trx: Transaction<DB>,
  draft: EntryDraft,
  locked: ReadonlyMap<AccountCode, LockedAccount>,
  context: PostingContext,
  onConflict: (existing: LedgerEntry) => PostResult,
): Promise<PostResult> {
  for (const p of draft.postings) {
    const account = locked.get(p.account)!;
    if (account.balance_rule === 'any') continue; // no rule to check
    invariant(account.balance_minor !== null, `the balance of ${p.account} was read under lock`);
    const refusal = ruleRefusal(p.account, account.balance_rule, account.balance_minor, p.amountMinor, p.currency);
    if (refusal) throw refusal;
  }
  const id = newId(context.now.getTime());
  const inserted = await trx
    .insertInto('journal_entry')
    .values({
      id,
      kind: draft.kind,
      business_type: draft.businessRef.type,
      business_id: draft.businessRef.id,
      posting_count: draft.postings.length,
      occurred_at: context.now,
      description: draft.description,
      created_by: context.createdBy,
    })
    .onConflict((oc) => oc.columns(['kind', 'business_type', 'business_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) {
    const existing = await findEntry(trx, draft.kind, draft.businessRef);
    invariant(existing, 'a journal entry that conflicts on its business reference exists');
    return onConflict(existing);
  }
  await trx
    .insertInto('posting')
    .values(
      draft.postings.map((p, index) => ({
        entry_id: id,
        line: index + 1,
        account_id: locked.get(p.account)!.id,
        currency: p.currency,
        amount_minor: p.amountMinor,
      })),
    )
    .execute();
  return { entryId: id, duplicate: false };
}

function postingKey(p: LedgerPosting): string {
  return `${p.account}|${p.currency}|${p.amountMinor}`;
}

function sameEntryOrConflict(existing: LedgerEntry, draft: EntryDraft): PostResult {
  const had = existing.postings.map(postingKey).sort();
  const wants = draft.postings.map(postingKey).sort();
  if (had.length === wants.length && had.every((key, i) => key === wants[i])) return { entryId: existing.id, duplicate: true };
  throw new ConflictError(
    `A ${draft.kind} entry for ${draft.businessRef.type} ${draft.businessRef.id} was already posted with different amounts or accounts`,
    { entryId: existing.id, kind: draft.kind, businessRef: { ...draft.businessRef } },
    'ledger_entry_conflict',
  );
}

// ---------------------------------------------------------------------------
// Reading

export async function findEntry(db: Reader, kind: EntryKind, ref: BusinessRef): Promise<LedgerEntry | undefined> {
  const entry = await db
    .selectFrom('journal_entry')
    .selectAll()
    .where('kind', '=', kind)
    .where('business_type', '=', ref.type)
    .where('business_id', '=', ref.id)
    .executeTakeFirst();
  if (!entry) return undefined;
  return (await loadEntries(db, [entry]))[0];
}

export async function findEntryById(db: Reader, id: string): Promise<LedgerEntry | undefined> {
  const entry = await db.selectFrom('journal_entry').selectAll().where('id', '=', id).executeTakeFirst();
  return entry ? (await loadEntries(db, [entry]))[0] : undefined;
}

async function loadEntries(db: Reader, entries: readonly JournalEntryRow[]): Promise<LedgerEntry[]> {
  if (entries.length === 0) return [];
  const postings = await db
    .selectFrom('posting')
    .innerJoin('ledger_account', 'ledger_account.id', 'posting.account_id')
    .select(['posting.entry_id', 'posting.line', 'posting.amount_minor', 'posting.currency', 'ledger_account.code'])
    .where(
      'posting.entry_id',
      'in',
      entries.map((e) => e.id),
    )
    .orderBy('posting.entry_id')
    .orderBy('posting.line')
    .execute();
  const byEntry = new Map<string, LedgerPosting[]>();
  for (const p of postings) {
    const list = byEntry.get(p.entry_id) ?? [];
    list.push({ account: p.code, amountMinor: p.amount_minor, currency: p.currency });
    byEntry.set(p.entry_id, list);
  }
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind as EntryKind,
    businessRef: { type: e.business_type, id: e.business_id },
    occurredAt: e.occurred_at,
    description: e.description,
    createdBy: e.created_by,
    postings: byEntry.get(e.id) ?? [],
  }));
}

/** Entries that touched `code`, newest first. */
export async function entriesForAccount(db: Reader, code: AccountCode, limit = 50): Promise<LedgerEntry[]> {
  const rows = await db
    .selectFrom('journal_entry')
    .selectAll('journal_entry')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('posting')
          .innerJoin('ledger_account', 'ledger_account.id', 'posting.account_id')
          .select(sql<number>`1`.as('one'))
          .whereRef('posting.entry_id', '=', 'journal_entry.id')
          .where('ledger_account.code', '=', code),
      ),
    )
    .orderBy('journal_entry.occurred_at', 'desc')
    .orderBy('journal_entry.id', 'desc')
    .limit(limit)
    .execute();
  return loadEntries(db, rows);
}

/**
 * The cached balance of an account (verified against its postings by `verifyLedger`); zero if it was never used.
 * Inside a transaction that posted to an account without a balance rule (`any`), that account's cache shows the
 * transaction's own postings only once it commits.
 */
export async function balanceOf(db: Reader, code: AccountCode): Promise<Money> {
  const ref = parseAccountCode(code);
  const row = await db
    .selectFrom('account_balance')
    .innerJoin('ledger_account', 'ledger_account.id', 'account_balance.account_id')
    .select('account_balance.balance_minor')
    .where('ledger_account.code', '=', code)
    .executeTakeFirst();
  return money(row?.balance_minor ?? 0n, ref.currency);
}

export interface ClientBalance {
  readonly currency: string;
  /** The wallet: what the client can withdraw or transfer. */
  readonly available: Money;
  /** Held for pending withdrawals. */
  readonly onHold: Money;
  /** What the client owes (a chargeback after the money was gone), as a positive amount. */
  readonly debt: Money;
}

/** Per currency the client has an account in, sorted by currency. */
export async function balancesForClient(db: Reader, clientId: string): Promise<ClientBalance[]> {
  const rows = await db
    .selectFrom('ledger_account')
    .innerJoin('account_balance', 'account_balance.account_id', 'ledger_account.id')
    .select(['ledger_account.kind', 'ledger_account.currency', 'account_balance.balance_minor'])
    .where('ledger_account.client_id', '=', clientId)
    .execute();
  const byCurrency = new Map<string, { available: bigint; onHold: bigint; debt: bigint }>();
  for (const row of rows) {
    const entry = byCurrency.get(row.currency) ?? { available: 0n, onHold: 0n, debt: 0n };
    if (row.kind === 'client_wallet') entry.available = row.balance_minor;
    else if (row.kind === 'client_hold') entry.onHold = row.balance_minor;
    else if (row.kind === 'client_debt') entry.debt = -row.balance_minor;
    byCurrency.set(row.currency, entry);
  }
  return [...byCurrency]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, b]) => ({
      currency,
      available: money(b.available, currency),
      onHold: money(b.onHold, currency),
      debt: money(b.debt, currency),
    }));
}

/** The client's balances in one currency (zeros when the client never had money in it). */
export async function clientBalance(db: Reader, clientId: string, currency: string): Promise<ClientBalance> {
  const found = (await balancesForClient(db, clientId)).find((b) => b.currency === currency);
  return found ?? { currency, available: zero(currency), onHold: zero(currency), debt: zero(currency) };
}
