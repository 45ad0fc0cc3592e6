/** Words and colours of trading-account and transfer statuses, and the password rules of a new account. */
import type { PortalTradingTransfer, TradingAccountStatus, TransferStatus } from '../../api/trading-types';
import { t, tOptional, type MessageKey } from '../../i18n';
import { humanize } from '../../lib/format';

const ACCOUNT_COLORS: Record<TradingAccountStatus, string> = {
  requested: 'blue',
  failed: 'red',
  active: 'green',
  read_only: 'orange',
  trading_disabled: 'orange',
  login_disabled: 'red',
  archived: 'gray',
};

export function accountStatusColor(status: string): string {
  return ACCOUNT_COLORS[status as TradingAccountStatus] ?? 'gray';
}

export function accountStatusLabel(status: string): string {
  return tOptional(`tradingStatus.${status}`) ?? humanize(status);
}

/** What the status means for the client ("You can log in and see the account, …"); none for an active account. */
export function accountStatusHint(status: string): string | null {
  return tOptional(`tradingHint.${status}`) ?? null;
}

/** Accounts whose balances the platform can show (the server reads them for these only). */
export function hasPlatformAccess(status: string): boolean {
  return status === 'active' || status === 'read_only' || status === 'trading_disabled' || status === 'login_disabled';
}

/** Funds may enter an active live account, and leave an active or read-only one (src/usecases/trading/transfer-funds.ts). */
export function mayReceive(status: string): boolean {
  return status === 'active';
}
export function maySend(status: string): boolean {
  return status === 'active' || status === 'read_only';
}

const TRANSFER_COLORS: Record<TransferStatus, string> = { pending: 'blue', completed: 'green', failed: 'red' };

export function transferStatusColor(status: string): string {
  return TRANSFER_COLORS[status as TransferStatus] ?? 'gray';
}

export function transferStatusLabel(status: string): string {
  return tOptional(`transferStatus.${status}`) ?? humanize(status);
}

/** Where the money is now: processing; or, for a failed one, that it went back (to the account) or never left (to the wallet). */
export function transferHint(transfer: Pick<PortalTradingTransfer, 'status' | 'direction'>): string | null {
  if (transfer.status === 'pending') return t('transferHint.pending');
  if (transfer.status === 'failed') return t(`transferHint.failed.${transfer.direction}`);
  return null;
}

/** The platform's master password rules, as the server checks them (src/domain/platforms/trading-password.ts); the length is the platform's. */
export const passwordRules = ({ min, max }: { min: number; max: number }): { key: MessageKey; vars?: Record<string, number>; test: (password: string) => boolean }[] => [
  { key: 'open.password.rule.length', vars: { min, max }, test: (p) => p.length >= min && p.length <= max },
  { key: 'open.password.rule.lower', test: (p) => /[a-z]/.test(p) },
  { key: 'open.password.rule.upper', test: (p) => /[A-Z]/.test(p) },
  { key: 'open.password.rule.digit', test: (p) => /\d/.test(p) },
  { key: 'open.password.rule.symbol', test: (p) => /[^A-Za-z0-9]/.test(p) },
];
