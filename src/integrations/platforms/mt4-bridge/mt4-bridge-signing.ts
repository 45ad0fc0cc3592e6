/**
 * HMAC-SHA256 signing of the MT4 bridge protocol (docs/mt4-bridge-protocol.md
 * §2), shared by the adapter (signs requests, checks answers) and the
 * simulator (checks requests, signs answers). The bridge a broker builds must
 * compute exactly these strings.
 *
 * Request:  TRB-HMAC-SHA256-V1 \n METHOD \n target \n timestamp \n nonce \n hex(sha256(body))
 * Answer:   TRB-HMAC-SHA256-V1-RESPONSE \n status \n request signature \n hex(sha256(body))
 * The HMAC key is the secret's ASCII bytes as written.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const BRIDGE_REQUEST_SCHEME = 'TRB-HMAC-SHA256-V1';
export const BRIDGE_RESPONSE_SCHEME = 'TRB-HMAC-SHA256-V1-RESPONSE';

/** Lower-case header names (node lower-cases incoming headers). */
export const BRIDGE_HEADER = Object.freeze({
  keyId: 'x-bridge-key-id',
  timestamp: 'x-bridge-timestamp',
  nonce: 'x-bridge-nonce',
  signature: 'x-bridge-signature',
});

export const BRIDGE_TIMESTAMP_TOLERANCE_SECONDS = 300;
/** A nonce is remembered this long: twice the tolerance, so a replay is refused whatever its timestamp. */
export const BRIDGE_NONCE_MEMORY_SECONDS = 600;
/** At most this many keys are valid at once (rotation). */
export const BRIDGE_MAX_KEYS = 2;

const KEY_ID = /^[A-Za-z0-9_.-]{1,64}$/;
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
const TIMESTAMP = /^\d{1,12}$/;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const SECRET = /^[\x21-\x7e]{32,256}$/;

export interface BridgeKey {
  /** `[A-Za-z0-9_.-]{1,64}` */
  id: string;
  /** ≥ 32 printable ASCII characters (e.g. `openssl rand -base64 32`). */
  secret: string;
}

export function assertBridgeKey(key: BridgeKey): void {
  if (!KEY_ID.test(key.id)) throw new RangeError('bridge key id must be 1–64 characters of A–Z a–z 0–9 _ . -');
  if (!SECRET.test(key.secret)) throw new RangeError(`bridge key ${key.id}: the secret must be 32–256 printable ASCII characters`);
}

export function sha256Hex(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

export function newBridgeNonce(): string {
  return randomBytes(16).toString('hex');
}

export interface RequestToSign {
  method: string;
  /** Path and query exactly as on the request line, e.g. `/v1/accounts?reference=ta-1`. */
  target: string;
  timestamp: string;
  nonce: string;
  /** The body bytes ('' when none). */
  body: string | Buffer;
}

export function requestStringToSign(r: RequestToSign): string {
  return [BRIDGE_REQUEST_SCHEME, r.method.toUpperCase(), r.target, r.timestamp, r.nonce, sha256Hex(r.body)].join('\n');
}

export function responseStringToSign(status: number, requestSignature: string, body: string | Buffer): string {
  return [BRIDGE_RESPONSE_SCHEME, String(status), requestSignature, sha256Hex(body)].join('\n');
}

function hmacHex(secret: string, text: string): string {
  return createHmac('sha256', Buffer.from(secret, 'latin1')).update(text, 'utf8').digest('hex');
}

export function signBridgeRequest(secret: string, r: RequestToSign): string {
  return hmacHex(secret, requestStringToSign(r));
}

export function signBridgeResponse(secret: string, status: number, requestSignature: string, body: string | Buffer): string {
  return hmacHex(secret, responseStringToSign(status, requestSignature, body));
}

/** The four request headers for one request (a fresh nonce unless given). */
export function bridgeRequestHeaders(
  key: BridgeKey,
  r: Omit<RequestToSign, 'timestamp' | 'nonce'> & { nowMs: number; nonce?: string },
): { headers: Record<string, string>; signature: string } {
  const timestamp = String(Math.floor(r.nowMs / 1000));
  const nonce = r.nonce ?? newBridgeNonce();
  const signature = signBridgeRequest(key.secret, { method: r.method, target: r.target, timestamp, nonce, body: r.body });
  return {
    signature,
    headers: {
      'X-Bridge-Key-Id': key.id,
      'X-Bridge-Timestamp': timestamp,
      'X-Bridge-Nonce': nonce,
      'X-Bridge-Signature': signature,
    },
  };
}

/** Constant-time comparison of two hex signatures; false for anything malformed. */
export function signaturesEqual(expected: string, received: unknown): boolean {
  if (typeof received !== 'string' || !HEX_SIGNATURE.test(received) || !HEX_SIGNATURE.test(expected)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(received, 'hex'));
}

export type BridgeAuthFailure = 'missing_signature' | 'unknown_key' | 'stale_timestamp' | 'bad_signature' | 'replayed_request';

export type BridgeAuthCheck = { ok: true; key: BridgeKey; signature: string } | { ok: false; code: BridgeAuthFailure; message: string };

/**
 * The bridge's check of a request (§2.3), in the documented order. `rememberNonce`
 * returns false when the nonce was already seen (and records it otherwise); it is
 * only called for a request whose signature is valid, so forged requests cannot
 * fill the nonce memory.
 */
export function checkBridgeRequest(
  keys: readonly BridgeKey[],
  request: { method: string; target: string; headers: Record<string, string | string[] | undefined>; body: string | Buffer },
  nowSeconds: number,
  rememberNonce: (nonce: string) => boolean,
  toleranceSeconds = BRIDGE_TIMESTAMP_TOLERANCE_SECONDS,
): BridgeAuthCheck {
  const header = (name: string): string | undefined => {
    const v = request.headers[name];
    return typeof v === 'string' ? v : undefined;
  };
  const keyId = header(BRIDGE_HEADER.keyId);
  const timestamp = header(BRIDGE_HEADER.timestamp);
  const nonce = header(BRIDGE_HEADER.nonce);
  const signature = header(BRIDGE_HEADER.signature);
  if (keyId === undefined || timestamp === undefined || nonce === undefined || signature === undefined) {
    return { ok: false, code: 'missing_signature', message: 'X-Bridge-Key-Id, X-Bridge-Timestamp, X-Bridge-Nonce and X-Bridge-Signature are required' };
  }
  if (!KEY_ID.test(keyId) || !TIMESTAMP.test(timestamp) || !NONCE.test(nonce) || !HEX_SIGNATURE.test(signature)) {
    return { ok: false, code: 'missing_signature', message: 'a signature header is malformed' };
  }
  const key = keys.find((k) => k.id === keyId);
  if (!key) return { ok: false, code: 'unknown_key', message: `key id ${keyId} is not valid on this bridge` };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, code: 'stale_timestamp', message: `timestamp ${timestamp} is more than ${toleranceSeconds} s away from the bridge clock ${nowSeconds}` };
  }
  const expected = signBridgeRequest(key.secret, { method: request.method, target: request.target, timestamp, nonce, body: request.body });
  if (!signaturesEqual(expected, signature)) return { ok: false, code: 'bad_signature', message: 'the signature does not match' };
  if (!rememberNonce(nonce)) return { ok: false, code: 'replayed_request', message: 'this nonce was already used' };
  return { ok: true, key, signature };
}
