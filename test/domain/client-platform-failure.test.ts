import { describe, expect, it } from 'vitest';
import { clientPlatformFailure, storedPlatformFailure } from '../../src/domain/platforms/client-failure';
import type { TradingPlatformErrorCode } from '../../src/integrations/platforms/platform-errors';

describe('client words for a platform failure', () => {
  const cases: [TradingPlatformErrorCode, ReturnType<typeof clientPlatformFailure>][] = [
    ['invalid_request', 'refused'],
    ['no_money', 'no_money'],
    ['unavailable', 'unavailable'],
    ['timeout', 'unavailable'],
    ['permission_denied', 'platform_error'],
    ['not_found', 'platform_error'],
    ['conflict', 'platform_error'],
    ['auth_failed', 'platform_error'],
    ['server_not_authenticated', 'platform_error'],
    ['protocol', 'platform_error'],
  ];
  it.each(cases)('%s → %s, whatever the platform said', (code, expected) => {
    const stored = storedPlatformFailure(code, '8 MT_RET_ERR_PERMISSIONS: group real\\eu-retail-eur: no rights');
    expect(stored.startsWith(`${code}: `)).toBe(true);
    expect(clientPlatformFailure(stored)).toBe(expected);
  });

  it('keeps the stored reason within 500 characters and has nothing to say of no reason', () => {
    expect(storedPlatformFailure('protocol', 'x'.repeat(1000))).toHaveLength(500);
    expect(clientPlatformFailure(null)).toBeNull();
    expect(clientPlatformFailure('written before the codes')).toBe('platform_error');
    expect(clientPlatformFailure('refused by the platform: 3 Invalid parameters')).toBe('refused');
  });
});
