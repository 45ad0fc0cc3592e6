/**
 * What a client is told when the platform did not open their account or did
 * not move their money. The stored failure reason (staff, audit) keeps the
 * platform's code and words; the client gets one of these codes, which the
 * portal words in the client's language. Never group names, retcodes or
 * server text.
 */
import type { TradingPlatformErrorCode } from '../../integrations/platforms/platform-errors';

export const CLIENT_PLATFORM_FAILURES = ['refused', 'no_money', 'unavailable', 'platform_error'] as const;
export type ClientPlatformFailure = (typeof CLIENT_PLATFORM_FAILURES)[number];

/** The stored reason of a platform failure: the error's code first, so the client's words can be told from it. */
export function storedPlatformFailure(code: TradingPlatformErrorCode, message: string): string {
  return `${code}: ${message}`.slice(0, 500);
}

/** The client-facing code of a stored reason; null when there is none. */
export function clientPlatformFailure(stored: string | null): ClientPlatformFailure | null {
  if (stored === null) return null;
  // Written before the codes led the stored reason: an invalid request read "refused by the platform: …".
  if (stored.startsWith('refused by the platform')) return 'refused';
  const colon = stored.indexOf(':');
  const code = colon < 0 ? '' : stored.slice(0, colon);
  switch (code) {
    case 'invalid_request':
      return 'refused';
    case 'no_money':
      return 'no_money';
    case 'unavailable':
    case 'timeout':
      return 'unavailable';
    default:
      return 'platform_error';
  }
}
