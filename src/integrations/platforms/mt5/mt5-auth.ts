/**
 * MT5 Web API challenge-response (support.metaquotes.net/en/docs/mt5/api/
 * webapi_rest_authentication; PROTOCOLS.md §1), on raw bytes, never on hex text:
 *
 *   password_hash   = MD5( MD5(UTF-16LE(password)) ‖ ASCII "WebAPI" )
 *   srv_rand_answer = hex MD5( password_hash ‖ bytes(srv_rand) )   (client proves it knows the password)
 *   cli_rand_answer = hex MD5( password_hash ‖ bytes(cli_rand) )   (server proves it knows it too)
 *
 * The doc's worked example (Password1, srv_rand 73007dc7…, cli_rand 4db98fec…)
 * is a test vector in test/integrations/platforms/mt5-units.test.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Both random challenges are 16 bytes, sent as 32 hex characters. */
export const MT5_RAND_BYTES = 16;
const HEX_32 = /^[0-9a-fA-F]{32}$/;

export function mt5PasswordHash(password: string): Buffer {
  const inner = createHash('md5').update(Buffer.from(password, 'utf16le')).digest();
  return createHash('md5').update(inner).update(Buffer.from('WebAPI', 'ascii')).digest();
}

/** hex MD5(password_hash ‖ bytes(rand)); `rand` is the 32-hex-character challenge. */
export function mt5RandAnswer(passwordHash: Buffer, randHex: string): string {
  if (!HEX_32.test(randHex)) throw new RangeError('an MT5 random challenge is 16 bytes as 32 hex characters');
  return createHash('md5').update(passwordHash).update(Buffer.from(randHex, 'hex')).digest('hex');
}

export function newMt5Rand(): string {
  return randomBytes(MT5_RAND_BYTES).toString('hex');
}

export function isMt5Rand(value: unknown): value is string {
  return typeof value === 'string' && HEX_32.test(value);
}

/** Constant-time comparison of two hex answers (case-insensitive). */
export function mt5AnswersEqual(expectedHex: string, receivedHex: string): boolean {
  if (!HEX_32.test(expectedHex) || !HEX_32.test(receivedHex)) return false;
  return timingSafeEqual(Buffer.from(expectedHex.toLowerCase(), 'hex'), Buffer.from(receivedHex.toLowerCase(), 'hex'));
}
