/**
 * The master password a client chooses for a trading account is the
 * platform's: Traderoom checks the platform's rules before asking it, and
 * never keeps the password. MT5: 8–16 characters with a lower-case and an
 * upper-case letter, a digit and a symbol; MT4 stores at most 15 characters.
 */
import type { PlatformKind } from '../../config/platform-schema';

export const TRADING_PASSWORD_LENGTH: Record<PlatformKind, { min: number; max: number }> = {
  mt5: { min: 8, max: 16 },
  mt4: { min: 8, max: 15 },
};

export function tradingPasswordMeetsRules(password: string, kind: PlatformKind): boolean {
  const { min, max } = TRADING_PASSWORD_LENGTH[kind];
  return password.length >= min && password.length <= max && /[a-z]/.test(password) && /[A-Z]/.test(password) && /\d/.test(password) && /[^A-Za-z0-9]/.test(password);
}
