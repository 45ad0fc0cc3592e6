/**
 * The pure parts of the MT5 adapter: the auth hashes against the worked example
 * in MetaQuotes' authentication page, decimal strings ↔ minor units, the rights
 * bitmask (TRADE_DISABLED inverted), retcodes → typed errors.
 */
import { describe, expect, it } from 'vitest';
import { mt5AnswersEqual, mt5PasswordHash, mt5RandAnswer } from '../../../src/integrations/platforms/mt5/mt5-auth';
import { formatForPlatformDigits, formatMt5Decimal, parseMt5Decimal } from '../../../src/integrations/platforms/mt5/mt5-decimal';
import { MT5_RET, mt5Error, parseMt5Retcode } from '../../../src/integrations/platforms/mt5/mt5-retcodes';
import { MT5_DEFAULT_NEW_ACCOUNT_RIGHTS, MT5_RIGHT, applyPlatformRights, parseMt5Rights, platformRightsOf } from '../../../src/integrations/platforms/mt5/mt5-rights';
import {
  PlatformAuthError,
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformNotFoundError,
  PlatformPermissionError,
  PlatformUnavailableError,
} from '../../../src/integrations/platforms/platform-errors';

describe('MT5 challenge-response hashes (doc webapi_rest_authentication worked example)', () => {
  const hash = mt5PasswordHash('Password1');

  it('password hash = MD5(MD5(UTF-16LE password) ‖ "WebAPI") on raw bytes', () => {
    expect(hash.toString('hex')).toBe('904ba8ecb16273d2f0ae9c3b8a023752');
  });

  it('srv_rand_answer and cli_rand_answer = MD5(password hash ‖ bytes(rand))', () => {
    expect(mt5RandAnswer(hash, '73007dc7184747ce0f7c98516ef1c851')).toBe('77fe51827f7fa69dd80fbec9aa33f1bb');
    expect(mt5RandAnswer(hash, '4db98fec17aab4dc5a240bdc659e8395')).toBe('1732021b1b332f51660b2b315eed3a35');
  });

  it('refuses a challenge that is not 16 bytes of hex, compares answers case-insensitively', () => {
    expect(() => mt5RandAnswer(hash, 'abc')).toThrow(RangeError);
    expect(mt5AnswersEqual('1732021b1b332f51660b2b315eed3a35', '1732021B1B332F51660B2B315EED3A35')).toBe(true);
    expect(mt5AnswersEqual('1732021b1b332f51660b2b315eed3a35', '1732021b1b332f51660b2b315eed3a36')).toBe(false);
    expect(mt5AnswersEqual('1732021b1b332f51660b2b315eed3a35', 'not-hex')).toBe(false);
  });
});

describe('MT5 decimal strings ↔ minor units (no floats)', () => {
  it('parses exactly, at the currency exponent', () => {
    expect(parseMt5Decimal('26000.00', 2)).toBe(2_600_000n);
    expect(parseMt5Decimal('-6.44', 2)).toBe(-644n);
    expect(parseMt5Decimal('0.1', 2)).toBe(10n);
    expect(parseMt5Decimal('25981.830', 2)).toBe(2_598_183n); // trailing zeros are fine
    expect(parseMt5Decimal('1234', 0)).toBe(1234n);
    expect(parseMt5Decimal('1.234', 3)).toBe(1234n);
    expect(parseMt5Decimal('-0.00', 2)).toBe(0n);
    // far beyond 2^53: a float would lose the cents
    expect(parseMt5Decimal('92233720368547758.07', 2)).toBe(9_223_372_036_854_775_807n);
    expect(parseMt5Decimal(250, 2)).toBe(25_000n);
  });

  it('refuses what it cannot represent instead of rounding', () => {
    expect(() => parseMt5Decimal('0.005', 2)).toThrow(RangeError);
    expect(() => parseMt5Decimal('1e3', 2)).toThrow(RangeError);
    expect(() => parseMt5Decimal('1,000.00', 2)).toThrow(RangeError);
    expect(() => parseMt5Decimal(0.1, 2)).toThrow(RangeError); // a JSON float is not exact
    expect(() => parseMt5Decimal('', 2)).toThrow(RangeError);
    expect(() => parseMt5Decimal(null, 2)).toThrow(RangeError);
  });

  it('formats exactly and refuses amounts the platform would cut', () => {
    expect(formatMt5Decimal(2_600_000n, 2)).toBe('26000.00');
    expect(formatMt5Decimal(-5n, 2)).toBe('-0.05');
    expect(formatMt5Decimal(-5n, 0)).toBe('-5');
    expect(formatMt5Decimal(1234n, 3)).toBe('1.234');
    expect(formatForPlatformDigits(150n, 2, 2)).toBe('1.50');
    expect(formatForPlatformDigits(200n, 2, 0)).toBe('2');
    expect(() => formatForPlatformDigits(150n, 2, 0)).toThrow(RangeError);
    expect(formatForPlatformDigits(150n, 2, 3)).toBe('1.50');
  });
});

describe('MT5 rights bitmask (TRADE_DISABLED is inverted)', () => {
  it('maps our rights to the bits, keeping every other bit', () => {
    const base = MT5_DEFAULT_NEW_ACCOUNT_RIGHTS | MT5_RIGHT.OTP_ENABLED; // 0x963
    const disabled = applyPlatformRights(base, 'trading_disabled');
    expect(disabled).toBe(base | MT5_RIGHT.TRADE_DISABLED);
    expect(platformRightsOf(disabled)).toBe('trading_disabled');
    const full = applyPlatformRights(disabled, 'full');
    expect(full).toBe(base);
    expect(full & MT5_RIGHT.TRADE_DISABLED).toBe(0n);
    expect(platformRightsOf(full)).toBe('full');
    const noLogin = applyPlatformRights(full, 'login_disabled');
    expect(noLogin & MT5_RIGHT.ENABLED).toBe(0n);
    expect(noLogin & MT5_RIGHT.TRADE_DISABLED).toBe(MT5_RIGHT.TRADE_DISABLED);
    expect(noLogin & MT5_RIGHT.OTP_ENABLED).toBe(MT5_RIGHT.OTP_ENABLED);
    expect(platformRightsOf(noLogin)).toBe('login_disabled');
    expect(applyPlatformRights(noLogin, 'full')).toBe(base);
  });

  it('reads the doc examples: 483 = 0x1E3 trades; 5 = ENABLED|TRADE_DISABLED does not', () => {
    expect(parseMt5Rights('483')).toBe(0x1e3n);
    expect(platformRightsOf(0x1e3n)).toBe('full');
    // The public-repo pitfall: "Rights: 5" meant as enabled+password is in fact trading disabled.
    expect(platformRightsOf(parseMt5Rights('5'))).toBe('trading_disabled');
    expect(platformRightsOf(0x2n)).toBe('login_disabled');
    expect(() => parseMt5Rights('-1')).toThrow(RangeError);
    expect(() => parseMt5Rights('USER_RIGHT_ENABLED')).toThrow(RangeError);
  });
});

describe('MT5 retcodes → typed errors', () => {
  it('parses "<n> <text>"', () => {
    expect(parseMt5Retcode('0 Done')).toEqual({ code: 0, text: 'Done' });
    expect(parseMt5Retcode('10019 No money')).toEqual({ code: 10019, text: 'No money' });
    expect(parseMt5Retcode('13')).toEqual({ code: 13, text: '' });
    expect(parseMt5Retcode('Done')).toBeUndefined();
    expect(parseMt5Retcode(0)).toBeUndefined();
  });

  it('maps each family to one error, retryable only when transient', () => {
    const cases: [number, new (...args: never[]) => Error, boolean][] = [
      [MT5_RET.ERR_NOTFOUND, PlatformNotFoundError, false],
      [MT5_RET.REQUEST_NO_MONEY, PlatformNoMoneyError, false],
      [MT5_RET.ERR_PERMISSIONS, PlatformPermissionError, false],
      [MT5_RET.ERR_PARAMS, PlatformInvalidRequestError, false],
      [MT5_RET.USR_INVALID_PASSWORD, PlatformInvalidRequestError, false],
      [MT5_RET.TRADE_MAX_MONEY, PlatformInvalidRequestError, false],
      [MT5_RET.AUTH_ACCOUNT_INVALID, PlatformAuthError, false],
      [MT5_RET.ERR_TIMEOUT, PlatformUnavailableError, true],
      [MT5_RET.ERR_FREQUENT, PlatformUnavailableError, true],
      [MT5_RET.AUTH_SERVER_BUSY, PlatformUnavailableError, true],
      [MT5_RET.ERROR, PlatformInvalidRequestError, false],
    ];
    for (const [code, type, retryable] of cases) {
      const err = mt5Error('trade/balance', { code, text: '' }, 'login 5');
      expect(err, String(code)).toBeInstanceOf(type);
      expect(err.retryable, String(code)).toBe(retryable);
      expect(err.platformCode?.startsWith(`${code} `)).toBe(true);
    }
    const noMoney = mt5Error('trade/balance', { code: 10019, text: 'No money' }, 'login 500001');
    expect(noMoney.message).toContain('not enough money');
    expect(noMoney.message).toContain('10019 No money');
    expect(noMoney.outcomeUnknown).toBe(false);
    // A transient code on a write leaves its outcome unknown.
    expect(mt5Error('trade/balance', { code: 9, text: 'Operation timeout' }, '', { mutating: true }).outcomeUnknown).toBe(true);
    expect(mt5Error('user/get', { code: 9, text: 'Operation timeout' }).outcomeUnknown).toBe(false);
  });
});
