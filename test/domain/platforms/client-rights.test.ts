/** Which state a client's trading accounts take for the client's status, and the machine event that takes them there. */
import { describe, expect, it } from 'vitest';
import { tradingAccountMachine, type TradingAccountState } from '../../../src/domain/machines/trading-account-machine';
import { accountRestrictionReason, accountStateForClient, followEvent, platformRightsForState, PROVISIONED_ACCOUNT_STATES, type FollowedAccountState } from '../../../src/domain/platforms/client-rights';

const restricted = (restrictionReason: string | null) => ({ status: 'restricted', restrictionReason });

describe('accountStateForClient', () => {
  it.each([
    // status, reason, whenRestricted, expected
    ['active', null, 'trading_disabled', 'active'],
    ['active', null, 'login_disabled', 'active'],
    ['restricted', 'kyc_lapsed', 'trading_disabled', 'read_only'],
    ['restricted', 'client_request', 'trading_disabled', 'read_only'],
    ['restricted', 'compliance_hold', 'trading_disabled', 'trading_disabled'],
    ['restricted', null, 'trading_disabled', 'trading_disabled'],
    ['restricted', 'suspected_fraud', 'trading_disabled', 'login_disabled'],
    ['restricted', 'kyc_lapsed', 'login_disabled', 'login_disabled'],
    ['restricted', 'compliance_hold', 'login_disabled', 'login_disabled'],
    ['closed', null, 'trading_disabled', 'login_disabled'],
    ['closed', 'kyc_lapsed', 'login_disabled', 'login_disabled'],
    ['registered', null, 'login_disabled', null],
    ['email_verified', null, 'login_disabled', null],
  ] as const)('%s (%s) with whenRestricted %s → %s', (status, reason, whenRestricted, expected) => {
    expect(accountStateForClient({ status, restrictionReason: reason }, whenRestricted)).toBe(expected);
  });

  it('every state it names has platform rights, and the two view-only states share them', () => {
    expect(PROVISIONED_ACCOUNT_STATES.map((s) => [s, platformRightsForState(s)])).toEqual([
      ['active', 'full'],
      ['read_only', 'trading_disabled'],
      ['trading_disabled', 'trading_disabled'],
      ['login_disabled', 'login_disabled'],
    ]);
    for (const s of ['requested', 'failed', 'archived']) expect(platformRightsForState(s)).toBeNull();
  });
});

describe('accountRestrictionReason', () => {
  it("passes the client's reason when the machine knows it, else client_restricted", () => {
    expect(accountRestrictionReason(restricted('kyc_lapsed'))).toBe('kyc_lapsed');
    expect(accountRestrictionReason(restricted('compliance_hold'))).toBe('compliance_hold');
    expect(accountRestrictionReason(restricted('something_new'))).toBe('client_restricted');
    expect(accountRestrictionReason({ status: 'closed', restrictionReason: 'kyc_lapsed' })).toBe('client_restricted');
  });
});

describe('followEvent', () => {
  it('restricts an active account with the event that leads to the target', () => {
    expect(followEvent('active', 'read_only', false)).toBe('set_read_only');
    expect(followEvent('active', 'trading_disabled', false)).toBe('disable_trading');
    expect(followEvent('active', 'login_disabled', false)).toBe('disable_login');
  });

  it('leaves an account already there, or not on the platform, alone', () => {
    for (const s of PROVISIONED_ACCOUNT_STATES) expect(followEvent(s, s, true)).toBeNull();
    for (const s of ['requested', 'failed', 'archived'] as TradingAccountState[]) expect(followEvent(s, 'login_disabled', true)).toBeNull();
  });

  it('restores only what the client restricted', () => {
    expect(followEvent('read_only', 'active', true)).toBe('restore');
    expect(followEvent('login_disabled', 'active', true)).toBe('restore');
    expect(followEvent('trading_disabled', 'active', false)).toBeNull();
  });

  it("tightens an account's own restriction but never loosens it", () => {
    expect(followEvent('read_only', 'login_disabled', false)).toBe('disable_login');
    expect(followEvent('trading_disabled', 'read_only', false)).toBeNull();
    expect(followEvent('trading_disabled', 'read_only', true)).toBe('set_read_only');
  });

  it('keeps login_disabled when the machine has no way to a looser restriction', () => {
    expect(followEvent('login_disabled', 'read_only', true)).toBeNull();
    expect(followEvent('login_disabled', 'trading_disabled', true)).toBeNull();
  });

  it('only ever names an event the machine allows from that state', () => {
    const targets: FollowedAccountState[] = ['active', 'read_only', 'trading_disabled', 'login_disabled'];
    for (const from of tradingAccountMachine.stateNames) {
      for (const to of targets) {
        for (const follows of [true, false]) {
          const event = followEvent(from, to, follows);
          if (event) expect(tradingAccountMachine.transition(from, event, { by: 'system', reason: event === 'restore' ? null : 'kyc_lapsed' }).to).toBe(to);
        }
      }
    }
  });
});
