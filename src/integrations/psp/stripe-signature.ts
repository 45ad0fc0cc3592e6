/**
 * Stripe-style webhook signatures (PROTOCOLS.md §5), used by our generic PSP
 * protocol.
 *
 * Header `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]` where each
 * v1 = hex HMAC-SHA256(key = endpoint secret, message = `${t}.` ‖ raw body
 * bytes). During a secret rotation the sender signs with every active secret
 * (one v1 per secret) and the receiver accepts a match of any v1 with any of
 * its secrets. Elements other than `t` and `v1` (e.g. Stripe's test-mode `v0`)
 * are ignored.
 *
 * Verification works on the RAW bytes, before any JSON parsing, compares in
 * constant time, then checks the timestamp: |now − t| > tolerance (default
 * 300 s) is refused as `stale`, in the past as in the future. (Stripe's own
 * libraries only refuse old timestamps; refusing future ones too is our
 * stricter choice.) The signature is checked before the timestamp, so a forged
 * header is always `mismatch`, and `stale` means "authentic but too old/new".
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const STRIPE_SIGNATURE_HEADER = 'Stripe-Signature';
export const STRIPE_DEFAULT_TOLERANCE_SECONDS = 300;

export type PspSignatureFailure = 'missing' | 'malformed' | 'stale' | 'mismatch';

/** A callback that is not authentic (or not fresh). Answer 400/401 and do nothing else. */
export class PspSignatureError extends Error {
  constructor(
    readonly reason: PspSignatureFailure,
    message: string,
  ) {
    super(message);
    this.name = 'PspSignatureError';
  }
}

/** Hex HMAC-SHA256(secret, `${timestamp}.` ‖ rawBody). */
export function computeStripeSignature(rawBody: Buffer | string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(rawBody).digest('hex');
}

/**
 * The header value `t=…,v1=…` for a body; with several secrets (rotation), one
 * `v1` per secret, in the given order.
 */
export function signStripePayload(rawBody: Buffer | string, secret: string | readonly string[], timestamp: number): string {
  if (!Number.isSafeInteger(timestamp)) throw new RangeError('timestamp must be an integer number of seconds');
  const secrets = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0) throw new RangeError('at least one secret is needed to sign');
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${computeStripeSignature(rawBody, s, timestamp)}`)].join(',');
}

export interface ParsedStripeSignature {
  timestamp: number;
  /** Lowercase hex, 64 chars each. */
  signatures: string[];
}

/** Parses `t=…,v1=…[,v1=…]`; throws PspSignatureError('malformed'). */
export function parseStripeSignatureHeader(header: string): ParsedStripeSignature {
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (timestamp !== undefined) throw new PspSignatureError('malformed', 'Stripe-Signature has more than one timestamp');
      if (!/^\d{1,12}$/.test(value)) throw new PspSignatureError('malformed', 'Stripe-Signature timestamp is not an integer');
      timestamp = Number(value);
    } else if (key === 'v1') {
      // A v1 that cannot be a SHA-256 hex digest can never match; it is skipped.
      if (/^[0-9a-fA-F]{64}$/.test(value)) signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === undefined) throw new PspSignatureError('malformed', 'Stripe-Signature has no timestamp (t=)');
  if (signatures.length === 0) throw new PspSignatureError('malformed', 'Stripe-Signature has no v1 signature');
  return { timestamp, signatures };
}

/**
 * Verifies the header against the raw body with every secret; returns the
 * signed timestamp. Throws PspSignatureError with reason 'missing' (no
 * header), 'malformed', 'mismatch' (no v1 matches any secret) or 'stale'
 * (authentic, but |nowSeconds − t| > toleranceSeconds).
 */
export function verifyStripeSignature(
  rawBody: Buffer,
  header: string | undefined,
  secrets: readonly string[],
  nowSeconds: number,
  toleranceSeconds: number = STRIPE_DEFAULT_TOLERANCE_SECONDS,
): { timestamp: number } {
  const usable = secrets.filter((s) => s.length > 0);
  if (usable.length === 0) throw new TypeError('no webhook signing secret configured');
  if (header === undefined || header.trim() === '') throw new PspSignatureError('missing', 'missing Stripe-Signature header');
  const parsed = parseStripeSignatureHeader(header);

  const received = parsed.signatures.map((hex) => Buffer.from(hex, 'hex'));
  let matched = false;
  for (const secret of usable) {
    const expected = Buffer.from(computeStripeSignature(rawBody, secret, parsed.timestamp), 'hex');
    // Every comparison runs (no early exit), each in constant time; lengths are equal by construction.
    for (const candidate of received) {
      if (timingSafeEqual(expected, candidate)) matched = true;
    }
  }
  if (!matched) throw new PspSignatureError('mismatch', 'no Stripe-Signature v1 matches the body with the configured secrets');

  const age = Math.floor(nowSeconds) - parsed.timestamp;
  if (Math.abs(age) > toleranceSeconds) {
    throw new PspSignatureError('stale', `Stripe-Signature timestamp is ${Math.abs(age)} s ${age > 0 ? 'old' : 'in the future'} (tolerance ${toleranceSeconds} s)`);
  }
  return { timestamp: parsed.timestamp };
}
