import type { ClientPlatformFailure } from '../../../src/domain/platforms/client-failure';
/** Trading accounts and wallet ↔ account transfers (src/usecases/trading/*). Amounts are minor units as digit strings. */

export type TradingAccountType = 'live' | 'demo';

/** src/domain/machines/trading-account-machine.ts */
export type TradingAccountStatus = 'requested' | 'failed' | 'active' | 'read_only' | 'trading_disabled' | 'login_disabled' | 'archived';

export type TransferDirection = 'to_account' | 'to_wallet';
export type TransferStatus = 'pending' | 'completed' | 'failed';

/** Live from the platform. */
export interface TradingBalances {
  balanceMinor: string;
  equityMinor: string;
  marginMinor: string;
  freeMarginMinor: string;
  floatingMinor: string;
}

export interface PortalTradingAccount {
  id: string;
  platformId: string;
  accountType: TradingAccountType;
  /** The platform login; null until the platform has created the account. */
  login: string | null;
  currency: string;
  leverage: number;
  status: TradingAccountStatus;
  /** Why it was not opened, in client words (src/domain/platforms/client-failure.ts). */
  failureCode: ClientPlatformFailure | null;
  createdAt: string;
  /** Null when the platform could not be read just now (or the account has no login yet). */
  balances: TradingBalances | null;
}

export interface PortalTradingTransfer {
  id: string;
  tradingAccountId: string;
  direction: TransferDirection;
  amountMinor: string;
  currency: string;
  status: TransferStatus;
  /** Why it failed, in client words. */
  failureCode: ClientPlatformFailure | null;
  createdAt: string;
  completedAt: string | null;
}

/** What the client may open on a platform. */
export interface TradingOffer {
  platformId: string;
  name: string;
  /** False when the platform is configured but not connected: nothing can be opened on it now. */
  available: boolean;
  accountTypes: { accountType: TradingAccountType; currencies: string[] }[];
  leverages: number[];
  /** The platform's master password length. */
  passwordLength: { min: number; max: number };
}

export interface PortalTrading {
  accounts: PortalTradingAccount[];
  transfers: PortalTradingTransfer[];
  offers: TradingOffer[];
}

export interface OpenTradingAccountInput {
  platformId: string;
  accountType: TradingAccountType;
  currency: string;
  leverage: number;
  password: string;
}

export interface TradingTransferInput {
  tradingAccountId: string;
  direction: TransferDirection;
  amountMinor: string;
}

// --- Back office ---------------------------------------------------------------

export interface StaffTradingAccount {
  id: string;
  platformId: string;
  platformName: string;
  accountType: TradingAccountType;
  login: string | null;
  group: string;
  currency: string;
  leverage: number;
  status: TradingAccountStatus;
  /** The rights applied on the platform. */
  rights: string | null;
  /** A change of rights not yet applied on the platform (Platform sync shows them all). */
  rightsChange: { desired: string; state: 'pending' | 'retrying' | 'failed'; lastError: string | null } | null;
  failureReason: string | null;
  reference: string;
  createdAt: string;
  provisionedAt: string | null;
  updatedAt: string;
}

export interface StaffTradingTransfer {
  id: string;
  tradingAccountId: string;
  login: string | null;
  direction: TransferDirection;
  amountMinor: string;
  currency: string;
  status: TransferStatus;
  reason: string | null;
  reference: string;
  platformDealId: string | null;
  attempts: number;
  createdAt: string;
  completedAt: string | null;
}

export interface ClientTradingAccounts {
  accounts: StaffTradingAccount[];
  transfers: StaffTradingTransfer[];
}
