/**
 * Stripe-style signatures: `t=…,v1=…` = HMAC-SHA256(secret, `${t}.` ‖ raw body),
 * several v1 during rotation, 300 s tolerance both ways, raw bytes only.
 */
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  PspSignatureError,
  computeStripeSignature,
  parseStripeSignatureHeader,
  signStripePayload,
  verifyStripeSignature,
  type PspSignatureFailure,
} from '../../../src/integrations/psp/stripe-signature';

const OLD = 'whsec_old_secret';
const NEW = 'whsec_new_secret';
const T = 1_767_225_600; // 2026-01-01T00:00:00Z
const BODY = Buffer.from('{"id":"evt_1","object":"event","type":"payment_intent.succeeded","data":{"object":{"amount_minor":1000}}}');

function reasonOf(fn: () => unknown): PspSignatureFailure | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof PspSignatureError) return err.reason;
    throw err;
  }
  return undefined;
}

describe('signStripePayload', () => {
  it('is HMAC-SHA256 of `${t}.${rawBody}` computed by hand', () => {
    const byHand = createHmac('sha256', NEW).update(`${T}.${BODY.toString('utf8')}`).digest('hex');
    expect(computeStripeSignature(BODY, NEW, T)).toBe(byHand);
    expect(signStripePayload(BODY, NEW, T)).toBe(`t=${T},v1=${byHand}`);
  });

  it('a known vector (computed with: echo -n \'1700000000.{"a":1}\' | openssl dgst -sha256 -hmac whsec_test)', () => {
    expect(signStripePayload('{"a":1}', 'whsec_test', 1_700_000_000)).toBe('t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789');
  });

  it('signs with every secret during a rotation: one v1 each, in order', () => {
    const header = signStripePayload(BODY, [NEW, OLD], T);
    expect(parseStripeSignatureHeader(header)).toEqual({ timestamp: T, signatures: [computeStripeSignature(BODY, NEW, T), computeStripeSignature(BODY, OLD, T)] });
  });
});

describe('verifyStripeSignature', () => {
  it('accepts a fresh, authentic header and returns its timestamp', () => {
    expect(verifyStripeSignature(BODY, signStripePayload(BODY, NEW, T), [NEW], T + 10)).toEqual({ timestamp: T });
  });

  it('rotation: the receiver has both secrets, the sender signs with either', () => {
    expect(reasonOf(() => verifyStripeSignature(BODY, signStripePayload(BODY, OLD, T), [NEW, OLD], T))).toBeUndefined();
    expect(reasonOf(() => verifyStripeSignature(BODY, signStripePayload(BODY, NEW, T), [NEW, OLD], T))).toBeUndefined();
  });

  it('rotation: the sender signs with both secrets, the receiver knows only one', () => {
    const header = signStripePayload(BODY, [OLD, NEW], T);
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T))).toBeUndefined();
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [OLD], T))).toBeUndefined();
    expect(reasonOf(() => verifyStripeSignature(BODY, header, ['whsec_other'], T))).toBe('mismatch');
  });

  it('tolerance is 300 s: 300 s old passes, 301 s old is stale', () => {
    const header = signStripePayload(BODY, NEW, T);
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T + 300))).toBeUndefined();
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T + 301))).toBe('stale');
  });

  it('a timestamp in the future beyond the tolerance is stale too', () => {
    const header = signStripePayload(BODY, NEW, T + 301);
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T))).toBe('stale');
    expect(reasonOf(() => verifyStripeSignature(BODY, signStripePayload(BODY, NEW, T + 300), [NEW], T))).toBeUndefined();
  });

  it('a custom tolerance applies', () => {
    const header = signStripePayload(BODY, NEW, T);
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T + 61, 60))).toBe('stale');
  });

  it('the stale error says how old, and is distinct from a mismatch', () => {
    try {
      verifyStripeSignature(BODY, signStripePayload(BODY, NEW, T), [NEW], T + 1000);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(PspSignatureError);
      expect((err as PspSignatureError).reason).toBe('stale');
      expect((err as Error).message).toMatch(/1000 s old/);
    }
  });

  it('a forged header with an old timestamp is a mismatch (signature checked first)', () => {
    const forged = `t=${T - 5000},v1=${'ab'.repeat(32)}`;
    expect(reasonOf(() => verifyStripeSignature(BODY, forged, [NEW], T))).toBe('mismatch');
  });

  it('a tampered body is a mismatch — one byte appended, or an amount changed', () => {
    const header = signStripePayload(BODY, NEW, T);
    expect(reasonOf(() => verifyStripeSignature(Buffer.concat([BODY, Buffer.from(' ')]), header, [NEW], T))).toBe('mismatch');
    const changed = Buffer.from(BODY.toString('utf8').replace('1000', '9000'));
    expect(reasonOf(() => verifyStripeSignature(changed, header, [NEW], T))).toBe('mismatch');
  });

  it('verifies the raw bytes: the same JSON re-serialised does not verify', () => {
    const pretty = Buffer.from('{ "a": 1 }');
    const header = signStripePayload(pretty, NEW, T);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(pretty.toString('utf8'))));
    expect(reasonOf(() => verifyStripeSignature(pretty, header, [NEW], T))).toBeUndefined();
    expect(reasonOf(() => verifyStripeSignature(reserialised, header, [NEW], T))).toBe('mismatch');
  });

  it('a changed timestamp with the old v1 is a mismatch', () => {
    const v1 = computeStripeSignature(BODY, NEW, T);
    expect(reasonOf(() => verifyStripeSignature(BODY, `t=${T + 1},v1=${v1}`, [NEW], T))).toBe('mismatch');
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['   ', 'missing'],
  ] as const)('header %j → %s', (header, reason) => {
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T))).toBe(reason);
  });

  it.each([
    ['v1=' + 'a'.repeat(64), 'no timestamp'],
    [`t=${T}`, 'no v1'],
    [`t=abc,v1=${'a'.repeat(64)}`, 'non-numeric t'],
    [`t=${T},t=${T},v1=${'a'.repeat(64)}`, 'two timestamps'],
    [`t=${T},v1=xyz`, 'v1 not hex'],
    [`t=${T},v1=${'a'.repeat(63)}`, 'v1 too short'],
    [`t=${T},v0=${'a'.repeat(64)}`, 'only v0'],
    ['garbage', 'no key=value'],
  ])('malformed header %j (%s)', (header) => {
    expect(reasonOf(() => verifyStripeSignature(BODY, header, [NEW], T))).toBe('malformed');
  });

  it('ignores unknown schemes and whitespace around elements', () => {
    const v1 = computeStripeSignature(BODY, NEW, T);
    expect(reasonOf(() => verifyStripeSignature(BODY, ` t=${T} , v0=${'0'.repeat(64)} , v1=${v1.toUpperCase()} `, [NEW], T))).toBeUndefined();
  });

  it('a v1 among several that matches is enough; none matching is a mismatch', () => {
    const good = computeStripeSignature(BODY, NEW, T);
    expect(reasonOf(() => verifyStripeSignature(BODY, `t=${T},v1=${'0'.repeat(64)},v1=${good}`, [NEW], T))).toBeUndefined();
    expect(reasonOf(() => verifyStripeSignature(BODY, `t=${T},v1=${'0'.repeat(64)},v1=${'1'.repeat(64)}`, [NEW], T))).toBe('mismatch');
  });

  it('refuses to run without a secret (configuration error, not a signature failure)', () => {
    expect(() => verifyStripeSignature(BODY, signStripePayload(BODY, NEW, T), [], T)).toThrow(TypeError);
    expect(() => verifyStripeSignature(BODY, signStripePayload(BODY, NEW, T), [''], T)).toThrow(TypeError);
  });
});
