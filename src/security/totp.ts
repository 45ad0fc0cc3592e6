/** TOTP (RFC 6238) for staff two-factor authentication, via the otpauth library. */
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';

const PERIOD_SECONDS = 30;

function totpFor(secretBase32: string, label = 'staff'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: 'Traderoom',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: OTPAuth.Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

export interface TotpEnrolment {
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

export async function totpEnrolment(secret: string, accountLabel: string): Promise<TotpEnrolment> {
  const otpauthUri = totpFor(secret, accountLabel).toString();
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) };
}

/**
 * Checks a code against the secret, allowing one step of clock drift either
 * way. Returns the time step the code belongs to, or null. The caller stores
 * the step and refuses any step not newer than the last one used (no replay).
 */
export function matchTotp(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

export function currentTotp(secret: string, now: Date = new Date()): string {
  return totpFor(secret).generate({ timestamp: now.getTime() });
}
