/**
 * Ledger account codes: one small typed scheme, one string per account.
 *
 *   client:<clientId>:wallet:<CUR>   the client's available money            never < 0
 *   client:<clientId>:hold:<CUR>     money on hold for pending withdrawals    never < 0
 *   client:<clientId>:debt:<CUR>     what the client owes (chargeback when     never > 0
 *                                    the money was gone): a tracked debt,
 *                                    never a negative wallet
 *   psp:<providerId>:clearing:<CUR>  in transit with a payment provider       any sign
 *   platform:<platformId>:<CUR>      moved to trading accounts on a platform   any sign
 *   broker:fees:<CUR>                fees earned                              any sign
 *   broker:chargeback_losses:<CUR>   client debts written off                 any sign
 *
 * Sign convention (see migrations/0004_ledger.sql): a balance is the sum of
 * the account's postings; a positive posting moves value into the account.
 * A deposit therefore takes value out of the PSP's clearing account (it goes
 * negative: the provider holds money it owes the broker) and puts it into
 * the wallet. The database checks the same scheme (ledger_account CHECK).
 */
import { ValidationError } from '../errors';
import { assertCurrency } from './money';

export type LedgerAccountKind =
  | 'client_wallet'
  | 'client_hold'
  | 'client_debt'
  | 'psp_clearing'
  | 'platform'
  | 'broker_fees'
  | 'broker_chargeback_losses';

export type BalanceRule = 'non_negative' | 'non_positive' | 'any';

export type AccountRef =
  | { kind: 'client_wallet' | 'client_hold' | 'client_debt'; clientId: string; currency: string }
  | { kind: 'psp_clearing'; providerId: string; currency: string }
  | { kind: 'platform'; platformId: string; currency: string }
  | { kind: 'broker_fees' | 'broker_chargeback_losses'; currency: string };

/** A string of the scheme above. */
export type AccountCode = string & { readonly __accountCode?: never };

export const BALANCE_RULES: Readonly<Record<LedgerAccountKind, BalanceRule>> = Object.freeze({
  client_wallet: 'non_negative',
  client_hold: 'non_negative',
  client_debt: 'non_positive',
  psp_clearing: 'any',
  platform: 'any',
  broker_fees: 'any',
  broker_chargeback_losses: 'any',
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Configuration ids (providers, platforms): src/config/schema-primitives.ts. */
const CONFIG_ID = /^[a-z][a-z0-9_]{0,63}$/;
const CLIENT_PART = { wallet: 'client_wallet', hold: 'client_hold', debt: 'client_debt' } as const;

function invalid(code: string, why: string): ValidationError {
  return new ValidationError(`Invalid ledger account code "${code}": ${why}`, { account: code }, 'invalid_account_code');
}

export function accountCode(ref: AccountRef): AccountCode {
  assertCurrency(ref.currency);
  let code: string;
  switch (ref.kind) {
    case 'client_wallet':
    case 'client_hold':
    case 'client_debt':
      code = `client:${ref.clientId}:${ref.kind.slice('client_'.length)}:${ref.currency}`;
      break;
    case 'psp_clearing':
      code = `psp:${ref.providerId}:clearing:${ref.currency}`;
      break;
    case 'platform':
      code = `platform:${ref.platformId}:${ref.currency}`;
      break;
    case 'broker_fees':
      code = `broker:fees:${ref.currency}`;
      break;
    case 'broker_chargeback_losses':
      code = `broker:chargeback_losses:${ref.currency}`;
      break;
  }
  parseAccountCode(code); // the ids inside must be well formed too
  return code;
}

export function parseAccountCode(code: string): AccountRef {
  const parts = code.split(':');
  const currency = parts.at(-1) ?? '';
  if (!/^[A-Z]{3}$/.test(currency)) throw invalid(code, 'it must end with a currency code');
  try {
    assertCurrency(currency);
  } catch {
    throw invalid(code, `unknown currency ${currency}`);
  }
  const [head, id, part] = parts;
  if (head === 'client' && parts.length === 4) {
    if (!UUID.test(id!)) throw invalid(code, 'the client id must be a lowercase UUID');
    if (!part || !Object.hasOwn(CLIENT_PART, part)) throw invalid(code, 'a client account is wallet, hold or debt');
    return { kind: CLIENT_PART[part as keyof typeof CLIENT_PART], clientId: id!, currency };
  }
  if (head === 'psp' && parts.length === 4 && part === 'clearing') {
    if (!CONFIG_ID.test(id!)) throw invalid(code, 'the provider id must be a configuration id');
    return { kind: 'psp_clearing', providerId: id!, currency };
  }
  if (head === 'platform' && parts.length === 3) {
    if (!CONFIG_ID.test(id!)) throw invalid(code, 'the platform id must be a configuration id');
    return { kind: 'platform', platformId: id!, currency };
  }
  if (head === 'broker' && parts.length === 3 && (id === 'fees' || id === 'chargeback_losses')) {
    return { kind: id === 'fees' ? 'broker_fees' : 'broker_chargeback_losses', currency };
  }
  throw invalid(code, 'unknown scheme');
}

export function balanceRuleOf(kind: LedgerAccountKind): BalanceRule {
  return BALANCE_RULES[kind];
}

export function clientIdOf(ref: AccountRef): string | null {
  return 'clientId' in ref ? ref.clientId : null;
}

export const walletAccount = (clientId: string, currency: string): AccountCode => accountCode({ kind: 'client_wallet', clientId, currency });
export const holdAccount = (clientId: string, currency: string): AccountCode => accountCode({ kind: 'client_hold', clientId, currency });
export const debtAccount = (clientId: string, currency: string): AccountCode => accountCode({ kind: 'client_debt', clientId, currency });
export const clearingAccount = (providerId: string, currency: string): AccountCode =>
  accountCode({ kind: 'psp_clearing', providerId, currency });
export const platformAccount = (platformId: string, currency: string): AccountCode => accountCode({ kind: 'platform', platformId, currency });
export const feesAccount = (currency: string): AccountCode => accountCode({ kind: 'broker_fees', currency });
export const chargebackLossesAccount = (currency: string): AccountCode => accountCode({ kind: 'broker_chargeback_losses', currency });
