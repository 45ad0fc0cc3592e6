/**
 * The pure parts of the MT4 bridge protocol: the signature vectors of
 * docs/mt4-bridge-protocol.md §2.3–2.4, the bridge's request check in its
 * documented order, the rights flags, the MT4 code → bridge error table (§6)
 * and the bridge error → typed error mapping.
 */
import { describe, expect, it } from 'vitest';
import {
  BRIDGE_ERROR_STATUS,
  MT4_RET,
  bridgeErrorForMt4,
  isSupportedBridgeVersion,
  mt4FlagsFor,
  mt4RightsRaw,
  platformErrorFromBridge,
  platformRightsOfMt4,
} from '../../../src/integrations/platforms/mt4-bridge';
import { checkBridgeRequest, requestStringToSign, signBridgeRequest, signBridgeResponse } from '../../../src/integrations/platforms/mt4-bridge/mt4-bridge-signing';
import {
  PlatformAuthError,
  PlatformConflictError,
  PlatformInvalidRequestError,
  PlatformNoMoneyError,
  PlatformPermissionError,
  PlatformTimeoutError,
  PlatformUnavailableError,
} from '../../../src/integrations/platforms/platform-errors';
import { PLATFORM_RIGHTS } from '../../../src/integrations/platforms/trading-platform';

const SECRET = '0123456789abcdef0123456789abcdef';
const VECTOR = { method: 'GET', target: '/v1/accounts/500001', timestamp: '1732543200', nonce: '00112233445566778899aabbccddeeff', body: '' };

describe('signature vectors (docs §2.3, §2.4; also checked with openssl dgst -hmac)', () => {
  it('builds the six-line string to sign and its HMAC', () => {
    expect(requestStringToSign(VECTOR)).toBe(
      'TRB-HMAC-SHA256-V1\nGET\n/v1/accounts/500001\n1732543200\n00112233445566778899aabbccddeeff\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(signBridgeRequest(SECRET, VECTOR)).toBe('90d29aa0890927752989808ba5d59acc6afe4cb297d66423f0e01879304b3470');
  });

  it('signs the answer over status, request signature and body hash', () => {
    const requestSignature = signBridgeRequest(SECRET, VECTOR);
    expect(signBridgeResponse(SECRET, 200, requestSignature, '{"account":{}}')).toBe('ff748bf2a9b9be1406fdb03890d240deb1ad2d15f63c2b723b6ddd2e6d58d0e4');
    expect(signBridgeResponse(SECRET, 201, requestSignature, '{"account":{}}')).not.toBe('ff748bf2a9b9be1406fdb03890d240deb1ad2d15f63c2b723b6ddd2e6d58d0e4');
  });
});

describe("the bridge's request check, in the documented order", () => {
  const key = { id: 'k1', secret: SECRET };
  const now = 1_732_543_200;
  const headersFor = (over: Record<string, string> = {}, r = VECTOR) => ({
    'x-bridge-key-id': 'k1',
    'x-bridge-timestamp': r.timestamp,
    'x-bridge-nonce': r.nonce,
    'x-bridge-signature': signBridgeRequest(SECRET, r),
    ...over,
  });
  const check = (headers: Record<string, string>, at = now, seen = new Set<string>(), body = '') =>
    checkBridgeRequest([key], { method: 'GET', target: VECTOR.target, headers, body }, at, (n) => (seen.has(n) ? false : (seen.add(n), true)));

  it('accepts a good request once; the same nonce again is a replay', () => {
    const seen = new Set<string>();
    expect(check(headersFor(), now, seen)).toMatchObject({ ok: true, key: { id: 'k1' } });
    expect(check(headersFor(), now, seen)).toMatchObject({ ok: false, code: 'replayed_request' });
  });

  it('refuses missing or malformed headers, an unknown key, a stale timestamp, a bad signature', () => {
    const { 'x-bridge-nonce': _dropped, ...noNonce } = headersFor();
    expect(check(noNonce)).toMatchObject({ ok: false, code: 'missing_signature' });
    expect(check(headersFor({ 'x-bridge-signature': 'XYZ' }))).toMatchObject({ ok: false, code: 'missing_signature' });
    expect(check(headersFor({ 'x-bridge-key-id': 'k9' }))).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(check(headersFor(), now + 300)).toMatchObject({ ok: true });
    expect(check(headersFor(), now - 300)).toMatchObject({ ok: true });
    expect(check(headersFor(), now + 301)).toMatchObject({ ok: false, code: 'stale_timestamp' });
    expect(check(headersFor(), now - 301)).toMatchObject({ ok: false, code: 'stale_timestamp' });
    expect(check(headersFor(), now, new Set(), '{"x":1}')).toMatchObject({ ok: false, code: 'bad_signature' }); // body not covered
    const other = signBridgeRequest('another-secret-of-at-least-32-chars!', VECTOR);
    expect(check(headersFor({ 'x-bridge-signature': other }))).toMatchObject({ ok: false, code: 'bad_signature' });
  });

  it('does not remember the nonce of a forged request', () => {
    const seen = new Set<string>();
    const forged = signBridgeRequest('another-secret-of-at-least-32-chars!', VECTOR);
    expect(check(headersFor({ 'x-bridge-signature': forged }), now, seen)).toMatchObject({ ok: false, code: 'bad_signature' });
    expect(check(headersFor(), now, seen)).toMatchObject({ ok: true });
  });
});

describe('MT4 rights flags', () => {
  it('round-trips every PlatformRights through enable / enable_read_only', () => {
    expect(mt4FlagsFor('full')).toEqual({ enable: true, enable_read_only: false });
    expect(mt4FlagsFor('trading_disabled')).toEqual({ enable: true, enable_read_only: true });
    expect(mt4FlagsFor('login_disabled')).toEqual({ enable: false, enable_read_only: true });
    for (const r of PLATFORM_RIGHTS) expect(platformRightsOfMt4(mt4FlagsFor(r))).toBe(r);
    expect(platformRightsOfMt4({ enable: false, enable_read_only: false })).toBe('login_disabled');
    expect(mt4RightsRaw(mt4FlagsFor('trading_disabled'))).toBe('enable=1;enable_read_only=1');
  });
});

describe('MT4 return codes → bridge errors (§6)', () => {
  it('maps the codes the table names', () => {
    const cases: [number, number, string][] = [
      [MT4_RET.INVALID_DATA, 400, 'invalid_request'],
      [MT4_RET.NOT_ENOUGH_RIGHTS, 403, 'permission_denied'],
      [MT4_RET.TOO_FREQUENT, 429, 'too_frequent'],
      [MT4_RET.TRADE_TOO_MANY_REQ, 429, 'too_frequent'],
      [MT4_RET.TECH_PROBLEM, 503, 'mt4_unavailable'],
      [MT4_RET.NO_CONNECT, 503, 'mt4_unavailable'],
      [MT4_RET.TRADE_BROKER_BUSY, 503, 'mt4_unavailable'],
      [MT4_RET.TRADE_TIMEOUT, 504, 'mt4_timeout'],
      [MT4_RET.TRADE_NO_MONEY, 422, 'no_money'],
      [MT4_RET.ERROR, 500, 'internal'],
      [MT4_RET.MALFUNCTION, 500, 'internal'],
      [999, 500, 'internal'],
    ];
    for (const [mt4, status, code] of cases) expect(bridgeErrorForMt4(mt4), String(mt4)).toEqual({ status, code });
    expect(bridgeErrorForMt4(MT4_RET.ACCOUNT_DISABLED, 'connect')).toEqual({ status: 502, code: 'mt4_login_failed' });
    expect(bridgeErrorForMt4(MT4_RET.ACCOUNT_DISABLED, 'operation')).toEqual({ status: 403, code: 'permission_denied' });
    expect(BRIDGE_ERROR_STATUS.bad_signature).toBe(401);
  });
});

describe('bridge errors → typed errors', () => {
  it('keeps the MT4 code as evidence and decides retryable / outcome unknown', () => {
    const noMoney = platformErrorFromBridge('balance.apply', 422, { code: 'no_money', message: 'x', mt4_code: 134 }, true);
    expect(noMoney).toBeInstanceOf(PlatformNoMoneyError);
    expect(noMoney.platformCode).toBe('no_money; MT4 134 RET_TRADE_NO_MONEY');
    expect(noMoney.retryable).toBe(false);
    expect(noMoney.outcomeUnknown).toBe(false);

    const timeout = platformErrorFromBridge('balance.apply', 504, { code: 'mt4_timeout', message: 'x', mt4_code: 128 }, true);
    expect(timeout).toBeInstanceOf(PlatformTimeoutError);
    expect(timeout.outcomeUnknown).toBe(true);
    expect(platformErrorFromBridge('balances', 504, { code: 'mt4_timeout', message: 'x' }, false).outcomeUnknown).toBe(false);

    const unavailable = platformErrorFromBridge('balance.apply', 503, { code: 'mt4_unavailable', message: 'x', mt4_code: 6 }, true);
    expect(unavailable).toBeInstanceOf(PlatformUnavailableError);
    expect(unavailable.outcomeUnknown).toBe(true);

    const limited = platformErrorFromBridge('balance.apply', 429, { code: 'too_frequent', message: 'x', mt4_code: 8 }, true);
    expect(limited).toBeInstanceOf(PlatformUnavailableError);
    expect(limited.retryable).toBe(true);
    expect(limited.outcomeUnknown).toBe(false); // refused before anything was done

    const stale = platformErrorFromBridge('account.get', 401, { code: 'stale_timestamp', message: 'x', server_time: 1_700_000_000 }, false);
    expect(stale).toBeInstanceOf(PlatformAuthError);
    expect(stale.message).toMatch(/clocks/);
    expect(stale.message).toMatch(/1700000000/);

    expect(platformErrorFromBridge('a', 403, { code: 'permission_denied', message: 'x', mt4_code: 7 }, true)).toBeInstanceOf(PlatformPermissionError);
    expect(platformErrorFromBridge('a', 409, { code: 'reference_conflict', message: 'x' }, true)).toBeInstanceOf(PlatformConflictError);
    expect(platformErrorFromBridge('a', 409, { code: 'login_exists', message: 'x' }, true)).toBeInstanceOf(PlatformConflictError);
    expect(platformErrorFromBridge('a', 502, { code: 'mt4_login_failed', message: 'x', mt4_code: 65 }, true)).toBeInstanceOf(PlatformAuthError);
    expect(platformErrorFromBridge('a', 400, { code: 'something_new', message: 'x' }, true)).toBeInstanceOf(PlatformInvalidRequestError);
  });

  it('speaks protocol major version 1 only', () => {
    expect(isSupportedBridgeVersion('1.0')).toBe(true);
    expect(isSupportedBridgeVersion('1.12')).toBe(true);
    expect(isSupportedBridgeVersion('2.0')).toBe(false);
    expect(isSupportedBridgeVersion('1')).toBe(false);
  });
});
