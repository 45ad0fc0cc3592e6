/**
 * MT5 user rights (IMTUser::EnUsersRights, doc imtuser_enum; PROTOCOLS.md §1):
 * a bitmask sent and returned as a decimal string ("Rights":"483").
 *
 * USER_RIGHT_TRADE_DISABLED is INVERTED: the bit set means trading is OFF. The
 * mapping between our PlatformRights and the bits lives only here, so no other
 * code ever tests or sets 0x4 itself. Bits we do not manage (password change,
 * EAs, reports, OTP…) are preserved on every change.
 */
import type { PlatformRights } from '../trading-platform';

export const MT5_RIGHT = Object.freeze({
  ENABLED: 0x1n,
  PASSWORD: 0x2n,
  /** Inverted: set = trading disabled. */
  TRADE_DISABLED: 0x4n,
  INVESTOR: 0x8n,
  CONFIRMED: 0x10n,
  TRAILING: 0x20n,
  EXPERT: 0x40n,
  OBSOLETE: 0x80n,
  REPORTS: 0x100n,
  READONLY: 0x200n,
  RESET_PASS: 0x400n,
  OTP_ENABLED: 0x800n,
  SPONSORED_HOSTING: 0x2000n,
  API_ENABLED: 0x4000n,
  PUSH_NOTIFICATION: 0x8000n,
  TECHNICAL: 0x10000n,
  EXCLUDE_REPORTS: 0x20000n,
});

/**
 * Rights of a new account before our PlatformRights are applied: connect, change
 * password, trailing stops, EAs, daily reports (0x163). ASSUMPTION: a broker may
 * want other defaults; pass `defaultRights` to the adapter.
 */
export const MT5_DEFAULT_NEW_ACCOUNT_RIGHTS = MT5_RIGHT.ENABLED | MT5_RIGHT.PASSWORD | MT5_RIGHT.TRAILING | MT5_RIGHT.EXPERT | MT5_RIGHT.REPORTS;

/** Largest value we accept from the wire: the enumeration stops below 2^18; 64 bits are allowed for the future. */
const MAX_RIGHTS = 2n ** 64n - 1n;

/** Parses the wire value ("483", 483). Throws RangeError for anything but a non-negative integer. */
export function parseMt5Rights(value: unknown): bigint {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,20}$/.test(text)) throw new RangeError(`MT5 Rights must be a non-negative integer, got ${JSON.stringify(value)}`);
  const rights = BigInt(text);
  if (rights > MAX_RIGHTS) throw new RangeError(`MT5 Rights ${text} is out of range`);
  return rights;
}

/** The mask with our rights applied; every other bit unchanged. */
export function applyPlatformRights(current: bigint, rights: PlatformRights): bigint {
  const { ENABLED, TRADE_DISABLED } = MT5_RIGHT;
  switch (rights) {
    case 'full':
      return (current | ENABLED) & ~TRADE_DISABLED;
    case 'trading_disabled':
      return current | ENABLED | TRADE_DISABLED;
    case 'login_disabled':
      // Not allowed to connect at all; trading is switched off too, so re-enabling
      // the login alone (by hand in the MT5 Manager) does not silently restore trading.
      return (current & ~ENABLED) | TRADE_DISABLED;
  }
}

/** What the mask means in our terms. */
export function platformRightsOf(mask: bigint): PlatformRights {
  if ((mask & MT5_RIGHT.ENABLED) === 0n) return 'login_disabled';
  if ((mask & MT5_RIGHT.TRADE_DISABLED) !== 0n) return 'trading_disabled';
  return 'full';
}
