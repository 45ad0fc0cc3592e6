/**
 * Trading-account rights follow the client's status (SPEC §7; issue 6
 * "Status follows KYC"). Pure: which state each provisioned account should be
 * in for its client, which machine event takes it there, and what rights that
 * state means on the platform.
 *
 * - active client: accounts restricted because of the client go back to
 *   active (`restore`, guard client_active).
 * - restricted client: the platform's configured rights (`whenRestricted`):
 *     trading_disabled → `read_only` for a wind-down (kyc_lapsed, client_request:
 *                        login and view, funds may still go back to the wallet),
 *                        `trading_disabled` for a compliance hold (no transfers
 *                        either way), as the machine's states describe them;
 *     login_disabled   → `login_disabled`.
 *   Suspected fraud is always `login_disabled` (the machine: no platform access at all).
 * - closed client: `login_disabled` (closure under way; archiving follows once the accounts are empty).
 * - registered / email_verified: nothing (the status never granted anything;
 *   a demo account stays as it is).
 *
 * A restriction of the account's own (not from the client) is never loosened by
 * the client's status, only tightened; and a return to active lifts only the
 * restrictions that came from the client.
 */
import type { PlatformConfig } from '../../config/platform-schema';
import type { PlatformRights } from '../../integrations/platforms/trading-platform';
import { TRADING_RESTRICTION_REASONS, tradingAccountMachine, type TradingAccountEvent, type TradingAccountState } from '../machines/trading-account-machine';

export type WhenRestricted = PlatformConfig['whenRestricted'];
export type FollowedAccountState = 'active' | 'read_only' | 'trading_disabled' | 'login_disabled';

/** Account states that exist on the platform and whose rights follow the client. */
export const PROVISIONED_ACCOUNT_STATES: readonly FollowedAccountState[] = ['active', 'read_only', 'trading_disabled', 'login_disabled'];

export interface ClientStanding {
  status: string;
  restrictionReason: string | null;
}

const WIND_DOWN = new Set(['kyc_lapsed', 'client_request']);

/** The state the client's provisioned accounts should be in; null when the client's status says nothing about them. */
export function accountStateForClient(client: ClientStanding, whenRestricted: WhenRestricted): FollowedAccountState | null {
  switch (client.status) {
    case 'active':
      return 'active';
    case 'closed':
      return 'login_disabled';
    case 'restricted':
      if (client.restrictionReason === 'suspected_fraud' || whenRestricted === 'login_disabled') return 'login_disabled';
      return WIND_DOWN.has(client.restrictionReason ?? '') ? 'read_only' : 'trading_disabled';
    default:
      return null;
  }
}

/** The rights a state means on the platform; null for a state with no account on the platform. */
export function platformRightsForState(state: string): PlatformRights | null {
  switch (state) {
    case 'active':
      return 'full';
    case 'read_only':
    case 'trading_disabled':
      return 'trading_disabled';
    case 'login_disabled':
      return 'login_disabled';
    default:
      return null;
  }
}

/** The machine's reason code for restricting an account because of its client. */
export function accountRestrictionReason(client: ClientStanding): (typeof TRADING_RESTRICTION_REASONS)[number] {
  if (client.status === 'restricted' && (TRADING_RESTRICTION_REASONS as readonly string[]).includes(client.restrictionReason ?? '')) {
    return client.restrictionReason as (typeof TRADING_RESTRICTION_REASONS)[number];
  }
  return 'client_restricted';
}

const STRICTNESS: Record<FollowedAccountState, number> = { active: 0, read_only: 1, trading_disabled: 2, login_disabled: 3 };
const RESTRICT_EVENT: Record<Exclude<FollowedAccountState, 'active'>, TradingAccountEvent> = {
  read_only: 'set_read_only',
  trading_disabled: 'disable_trading',
  login_disabled: 'disable_login',
};

export function isFollowedState(state: string): state is FollowedAccountState {
  return (PROVISIONED_ACCOUNT_STATES as readonly string[]).includes(state);
}

/**
 * The event that takes an account from `current` to `target`, or null when it stays:
 * already there; a return to active for an account restricted on its own;
 * a looser state than a restriction of the account's own; or a move the machine
 * does not have (login_disabled → read_only while the client is still restricted:
 * the stricter state stays until the client is active again).
 */
export function followEvent(current: TradingAccountState, target: FollowedAccountState, followsClient: boolean): TradingAccountEvent | null {
  if (!isFollowedState(current) || current === target) return null;
  if (target === 'active') return followsClient && tradingAccountMachine.can(current, 'restore') ? 'restore' : null;
  if (current !== 'active' && !followsClient && STRICTNESS[target] <= STRICTNESS[current]) return null;
  const event = RESTRICT_EVENT[target];
  return tradingAccountMachine.can(current, event) ? event : null;
}
