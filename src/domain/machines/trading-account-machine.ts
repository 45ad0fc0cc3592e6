/**
 * Trading account on a platform (SPEC §7). Rights follow the client's status:
 * the platform adapter maps each state to the platform's user rights.
 * - read_only: login and view; no trading; funds may go back to the wallet (wind-down, e.g. KYC lapsed)
 * - trading_disabled: login and view; no trading and no transfers either way (compliance hold)
 * - login_disabled: no platform access at all (suspected fraud, closure under way)
 * Provisioning can fail or time out on the platform (SPEC §11): `failed` is a
 * visible state owned by support, retried or archived.
 */
import { defineMachine, type Firer } from './machine';

export const TRADING_RESTRICTION_REASONS = ['kyc_lapsed', 'compliance_hold', 'suspected_fraud', 'client_request', 'client_restricted'] as const;
export const TRADING_ARCHIVE_REASONS = ['client_request', 'dormant', 'client_closed', 'provisioning_failed'] as const;

export type TradingAccountState = 'requested' | 'failed' | 'active' | 'read_only' | 'trading_disabled' | 'login_disabled' | 'archived';
export type TradingAccountEvent =
  | 'provision'
  | 'provision_failed'
  | 'retry_provision'
  | 'set_read_only'
  | 'disable_trading'
  | 'disable_login'
  | 'restore'
  | 'archive';

const RESTRICTORS: readonly Firer[] = ['system', 'compliance', 'supervisor'];
const RESTRICT = {
  by: RESTRICTORS,
  note: 'required',
  reason: { required: true, codes: TRADING_RESTRICTION_REASONS },
  effects: ['platform.set_rights', 'notify.client'],
} as const;

export const tradingAccountMachine = defineMachine<TradingAccountState, TradingAccountEvent>({
  name: 'trading_account',
  initial: 'requested',
  states: {
    requested: { tags: ['open', 'awaiting_provider'], clientLabel: 'pending' },
    failed: { tags: ['open', 'needs_review'], clientLabel: 'pending' },
    active: { tags: [], clientLabel: 'active' },
    read_only: { tags: ['restricted'], clientLabel: 'read_only' },
    trading_disabled: { tags: ['restricted'], clientLabel: 'trading_disabled' },
    login_disabled: { tags: ['restricted'], clientLabel: 'disabled' },
    archived: { tags: ['terminal'], clientLabel: 'archived' },
  },
  events: {
    /** The platform created the account in the entity's group; login sent to the client. */
    provision: { from: ['requested'], to: 'active', by: ['system'], effects: ['platform.create_account', 'notify.client'] },
    provision_failed: { from: ['requested'], to: 'failed', by: ['system'], reason: { required: true }, effects: ['notify.staff'] },
    /** Retry after the use case checked the platform for an account created despite a timeout. */
    retry_provision: { from: ['failed'], to: 'requested', by: ['system', 'support', 'supervisor'], note: 'required' },
    set_read_only: { ...RESTRICT, from: ['active', 'trading_disabled'], to: 'read_only' },
    disable_trading: { ...RESTRICT, from: ['active', 'read_only'], to: 'trading_disabled' },
    disable_login: { ...RESTRICT, from: ['active', 'read_only', 'trading_disabled'], to: 'login_disabled' },
    restore: {
      from: ['read_only', 'trading_disabled', 'login_disabled'],
      to: 'active',
      by: RESTRICTORS,
      note: 'required',
      guards: ['client_active'],
      effects: ['platform.set_rights', 'notify.client'],
    },
    archive: {
      from: ['failed', 'active', 'read_only', 'trading_disabled', 'login_disabled'],
      to: 'archived',
      by: ['system', 'support', 'supervisor'],
      note: 'required',
      reason: { required: true, codes: TRADING_ARCHIVE_REASONS },
      guards: ['account_empty'],
      effects: ['platform.archive_account', 'notify.client'],
    },
  },
});
