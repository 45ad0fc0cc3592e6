/**
 * MT4 account rights (docs/mt4-bridge-protocol.md §4.5): the `UserRecord`
 * flags `enable` (may connect) and `enable_read_only` (may connect but not
 * trade) [api: ManagerAPI.h]. The mapping to our PlatformRights lives only
 * here. 'login_disabled' also sets read-only, so re-enabling the login by hand
 * does not silently restore trading (the MT5 adapter's choice too).
 */
import type { PlatformRights } from '../trading-platform';

export interface Mt4RightsFlags {
  enable: boolean;
  enable_read_only: boolean;
}

export function mt4FlagsFor(rights: PlatformRights): Mt4RightsFlags {
  switch (rights) {
    case 'full':
      return { enable: true, enable_read_only: false };
    case 'trading_disabled':
      return { enable: true, enable_read_only: true };
    case 'login_disabled':
      return { enable: false, enable_read_only: true };
  }
}

export function platformRightsOfMt4(flags: Mt4RightsFlags): PlatformRights {
  if (!flags.enable) return 'login_disabled';
  if (flags.enable_read_only) return 'trading_disabled';
  return 'full';
}

/** The raw value kept as evidence, e.g. "enable=1;enable_read_only=0". */
export function mt4RightsRaw(flags: Mt4RightsFlags): string {
  return `enable=${flags.enable ? 1 : 0};enable_read_only=${flags.enable_read_only ? 1 : 0}`;
}
