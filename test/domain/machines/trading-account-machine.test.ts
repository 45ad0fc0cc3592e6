import type { Firer } from '../../../src/domain/machines/machine';
import { tradingAccountMachine, type TradingAccountEvent, type TradingAccountState } from '../../../src/domain/machines/trading-account-machine';
import { runMachineTable, type MachineExpectation } from './machine-table';

const RESTRICTORS: Firer[] = ['system', 'compliance', 'supervisor'];
const OPERATORS: Firer[] = ['system', 'support', 'supervisor'];
const RESTRICT = {
  note: 'required',
  reason: ['kyc_lapsed', 'compliance_hold', 'suspected_fraud', 'client_request', 'client_restricted'],
  effects: ['platform.set_rights', 'notify.client'],
} as const;

const expectation: MachineExpectation<TradingAccountState, TradingAccountEvent> = {
  name: 'trading_account',
  initial: 'requested',
  states: {
    requested: { label: 'pending', tags: ['open', 'awaiting_provider'] },
    failed: { label: 'pending', tags: ['open', 'needs_review'] },
    active: { label: 'active', tags: [] },
    read_only: { label: 'read_only', tags: ['restricted'] },
    trading_disabled: { label: 'trading_disabled', tags: ['restricted'] },
    login_disabled: { label: 'disabled', tags: ['restricted'] },
    archived: { label: 'archived', tags: ['terminal'] },
  },
  events: {
    provision: { effects: ['platform.create_account', 'notify.client'] },
    provision_failed: { reason: 'free', effects: ['notify.staff'] },
    retry_provision: { note: 'required' },
    set_read_only: RESTRICT,
    disable_trading: RESTRICT,
    disable_login: RESTRICT,
    restore: { note: 'required', guards: ['client_active'], effects: ['platform.set_rights', 'notify.client'] },
    archive: {
      note: 'required',
      reason: ['client_request', 'dormant', 'client_closed', 'provisioning_failed'],
      guards: ['account_empty'],
      effects: ['platform.archive_account', 'notify.client'],
    },
  },
  transitions: {
    provision: { requested: ['active', ['system']] },
    provision_failed: { requested: ['failed', ['system']] },
    retry_provision: { failed: ['requested', OPERATORS] },
    set_read_only: { active: ['read_only', RESTRICTORS], trading_disabled: ['read_only', RESTRICTORS] },
    disable_trading: { active: ['trading_disabled', RESTRICTORS], read_only: ['trading_disabled', RESTRICTORS] },
    disable_login: {
      active: ['login_disabled', RESTRICTORS],
      read_only: ['login_disabled', RESTRICTORS],
      trading_disabled: ['login_disabled', RESTRICTORS],
    },
    restore: {
      read_only: ['active', RESTRICTORS],
      trading_disabled: ['active', RESTRICTORS],
      login_disabled: ['active', RESTRICTORS],
    },
    archive: {
      failed: ['archived', OPERATORS],
      active: ['archived', OPERATORS],
      read_only: ['archived', OPERATORS],
      trading_disabled: ['archived', OPERATORS],
      login_disabled: ['archived', OPERATORS],
    },
  },
};

runMachineTable(tradingAccountMachine, expectation);
