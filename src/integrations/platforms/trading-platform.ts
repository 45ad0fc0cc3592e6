/**
 * ONE interface for every trading platform Traderoom drives (SPEC §7): MT5
 * first (mt5/), then MT4 through a Windows bridge, cTrader, Match-Trader.
 * Use cases only see this; each adapter speaks its platform's real manager
 * protocol and maps its codes to the typed errors of platform-errors.ts.
 *
 * Money is always an integer number of minor units of the account currency
 * (bigint), using Traderoom's ISO exponent for that currency
 * (src/config/currencies.ts); an adapter converts the platform's decimal
 * strings or scaled integers exactly and refuses (PlatformProtocolError) a
 * value it cannot represent, never rounding through a float.
 *
 * Exactly-once money movement: `balanceOperation` takes OUR reference (the
 * payment / transfer id, ≤ 31 characters, [A-Za-z0-9_.:-]). The adapter puts
 * it where the platform keeps it with the deal (MT5: the deal comment;
 * cTrader: externalId) before sending, and after a timeout or a lost answer it
 * looks the reference up in the deal history BEFORE any retry, returning the
 * deal it finds instead of applying the operation twice. A caller that is
 * itself retrying (after a crash, or after an error with `outcomeUnknown`)
 * passes `previousAttemptAt`, and the adapter looks the reference up first.
 */

/** Trading permissions Traderoom sets on a platform account (trading-account-machine.ts). */
export type PlatformRights = 'full' | 'trading_disabled' | 'login_disabled';

export const PLATFORM_RIGHTS: readonly PlatformRights[] = ['full', 'trading_disabled', 'login_disabled'];

/** Our reference: ≤ 31 characters (an MT5 deal comment holds 31 plus the terminating NUL) from a conservative alphabet. */
export const PLATFORM_REFERENCE_PATTERN = /^[A-Za-z0-9_.:-]{1,31}$/;

export interface CreatePlatformAccountInput {
  /** Platform group (MT5 e.g. `real\\eu-retail-usd`), chosen per entity by the caller. */
  group: string;
  /** ISO 4217; must be the group's deposit currency (the adapter checks). */
  currency: string;
  /** 1:N leverage, N in 1..1000 (the platform may allow less). */
  leverage: number;
  name: string;
  firstName?: string;
  lastName?: string;
  email: string;
  /** ISO 3166 alpha-2 or a country name, as the platform stores it. */
  country?: string;
  /**
   * Our trading-account id (≤ 31 characters, PLATFORM_REFERENCE_PATTERN). Stored on the
   * platform account (MT5: the user's Comment) so an account created despite a lost
   * answer can be found again instead of creating a second one.
   */
  reference: string;
  /** Master (trading) password; MT5: 8–16 characters with lower, upper, digit and special. */
  mainPassword: string;
  /** Investor (read-only) password, same rules. */
  investorPassword: string;
  /** Initial rights; default 'full'. */
  rights?: PlatformRights;
  /** A fixed login instead of one allocated by the platform. */
  login?: string;
  /** Set when this reference may have been sent before (a retry): the adapter looks for the account first. */
  previousAttemptAt?: Date;
}

export interface CreatePlatformAccountResult {
  login: string;
  /** True when the account already existed with this reference (created by an earlier, unanswered attempt). */
  alreadyExisted: boolean;
}

export interface PlatformAccount {
  login: string;
  group: string;
  currency: string;
  leverage: number;
  name: string;
  email: string;
  /** Our reference as stored on the platform account, if any. */
  reference: string | undefined;
  rights: PlatformRights;
  /** The platform's raw rights value, for the evidence (MT5: the EnUsersRights bitmask). */
  rightsRaw: string;
  registeredAt: Date | undefined;
}

export interface BalanceOperationInput {
  login: string;
  /** Signed: positive deposits, negative withdraws. Never zero. */
  amountMinor: bigint;
  /** Must be the account currency (the adapter checks). */
  currency: string;
  /** Ours, unique per operation, ≤ 31 characters (PLATFORM_REFERENCE_PATTERN). */
  reference: string;
  /** Set when this reference may have been sent before: the adapter searches the history from then before sending. */
  previousAttemptAt?: Date;
}

export interface BalanceOperationResult {
  dealId: string;
  /** True when the deal was found in the history (an earlier attempt was applied) rather than created by this call's answer. */
  alreadyApplied: boolean;
}

export interface PlatformBalances {
  currency: string;
  balanceMinor: bigint;
  creditMinor: bigint;
  /** Balance + credit + floating P/L of open positions. */
  equityMinor: bigint;
  marginMinor: bigint;
  freeMarginMinor: bigint;
  /** Floating P/L of open positions (profit + swaps + commissions). */
  floatingMinor: bigint;
}

export interface PlatformBalanceDeal {
  dealId: string;
  login: string;
  /** Signed, minor units of the account currency. */
  amountMinor: bigint;
  currency: string;
  /** The deal comment as stored (our reference for the operations we made). */
  comment: string;
  time: Date;
}

/**
 * What a deal does, platform-neutral (MT5 EnDealAction in brackets):
 * - balance: a deposit or withdrawal on the balance [2] — what our transfers make;
 * - adjustment: another manager operation on the balance: charge, correction, bonus [4, 5, 6];
 * - credit: credit in/out, no effect on the balance [3, 20];
 * - trade: a trade deal; its effect is the realised P/L with swap and commission [0, 1];
 * - fee: what the platform books by itself: commissions, interest, dividends, taxes, agent pay [7–19].
 */
export type PlatformDealKind = 'balance' | 'adjustment' | 'credit' | 'trade' | 'fee';

/** One deal of any kind, for synchronisation and reconciliation. */
export interface PlatformDeal {
  dealId: string;
  login: string;
  kind: PlatformDealKind;
  /** The platform's own deal type, for the evidence (MT5: the EnDealAction number). */
  platformType: string;
  /** Signed change of the balance, minor units of the account currency (0 for credit). */
  balanceEffectMinor: bigint;
  /** The deal's own amount (a credit's amount; for the other kinds the balance effect). */
  amountMinor: bigint;
  currency: string;
  comment: string;
  time: Date;
}

export interface TradingPlatform {
  /** Platform kind, e.g. 'mt5'. */
  readonly platform: string;
  createAccount(input: CreatePlatformAccountInput): Promise<CreatePlatformAccountResult>;
  getAccount(login: string): Promise<PlatformAccount>;
  setRights(login: string, rights: PlatformRights): Promise<PlatformAccount>;
  balanceOperation(input: BalanceOperationInput): Promise<BalanceOperationResult>;
  getBalances(login: string): Promise<PlatformBalances>;
  /** Balance deposits/withdrawals (not trades, not credit) at or after `since`, oldest first. */
  listBalanceDeals(login: string, since: Date, until?: Date): Promise<PlatformBalanceDeal[]>;
  /**
   * Batched reads for the balance sync and reconciliation (SPEC §8). Optional:
   * without them those read one login at a time (getBalances, listBalanceDeals)
   * and, lacking the trade history, cannot check a balance against it.
   *
   * Balances of many accounts in few requests. A login the platform does not
   * have (or does not show this manager) is absent from the map.
   */
  getBalancesBatch?(logins: readonly string[]): Promise<Map<string, PlatformBalances>>;
  /** Every deal (all kinds) of these logins in [since, until], oldest first, in few requests. */
  listDeals?(logins: readonly string[], since: Date, until: Date): Promise<PlatformDeal[]>;
  /** Ends the session and closes the connection. */
  close(): Promise<void>;
}
