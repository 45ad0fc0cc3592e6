/**
 * Reading the MT4 bridge's JSON records (docs/mt4-bridge-protocol.md §4):
 * accounts, balance operations, balances, info. Logins and tickets are digit
 * strings, money is a decimal string converted exactly to minor units
 * (never a JSON number), times are Unix seconds UTC. A record that does not
 * fit is a PlatformProtocolError naming the field.
 */
import { PlatformProtocolError } from '../platform-errors';
import { parseMt5Decimal } from '../mt5/mt5-decimal';
import type { Mt4RightsFlags } from './mt4-bridge-rights';

export const BRIDGE_PROTOCOL_NAME = 'traderoom-mt4-bridge';
export const BRIDGE_PROTOCOL_MAJOR = 1;
/** MT4 keeps money as doubles: 0–4 digits keep every amount up to 1e9 exact (< 2^53). */
export const BRIDGE_MAX_DIGITS = 4;
/** Largest amount of one balance operation, in major units [ours, §3]. */
export const BRIDGE_MAX_AMOUNT_MAJOR = 1_000_000_000n;

const DIGITS_ONLY = /^[1-9]\d{0,19}$/;
const MONEY = /^-?\d{1,30}(?:\.\d{1,8})?$/;

export interface BridgeAccount extends Mt4RightsFlags {
  login: string;
  group: string;
  currency: string;
  digits: number;
  name: string;
  email: string;
  country: string;
  leverage: number;
  comment: string;
  registeredAt: number | undefined;
  balanceText: string;
  creditText: string;
}

export interface BridgeOperation {
  ticket: string;
  login: string;
  amountText: string;
  currency: string;
  comment: string;
  /** Unix seconds, UTC. */
  time: number;
}

export interface BridgeBalances {
  login: string;
  currency: string;
  digits: number;
  balanceText: string;
  creditText: string;
  equityText: string;
  marginText: string;
  freeMarginText: string;
  floatingText: string;
}

export interface BridgeInfo {
  protocol: string;
  version: string;
  bridge: string;
  serverTime: number;
  mt4Connected: boolean;
}

function fail(where: string, message: string): never {
  throw new PlatformProtocolError(`MT4 bridge ${where}: ${message}`);
}

export function objectField(where: string, json: Record<string, unknown>, field: string): Record<string, unknown> {
  const v = json[field];
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, `"${field}" is not an object`);
  return v as Record<string, unknown>;
}

export function arrayField(where: string, json: Record<string, unknown>, field: string): Record<string, unknown>[] {
  const v = json[field];
  if (!Array.isArray(v)) fail(where, `"${field}" is not an array`);
  return v.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(where, `${field}[${i}] is not an object`);
    return item as Record<string, unknown>;
  });
}

function str(where: string, r: Record<string, unknown>, field: string, required = true): string {
  const v = r[field];
  if (v === undefined || v === null) {
    if (required) fail(where, `field ${field} is missing`);
    return '';
  }
  if (typeof v !== 'string') fail(where, `field ${field} is not a string`);
  return v;
}

function digitString(where: string, r: Record<string, unknown>, field: string): string {
  const v = str(where, r, field);
  if (!DIGITS_ONLY.test(v)) fail(where, `field ${field} is not a positive integer string (${JSON.stringify(v)})`);
  return v;
}

function int(where: string, r: Record<string, unknown>, field: string, min: number, max: number, required = true): number | undefined {
  const v = r[field];
  if (v === undefined || v === null) {
    if (required) fail(where, `field ${field} is missing`);
    return undefined;
  }
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(where, `field ${field} is not an integer in ${min}..${max}`);
  return v;
}

function bool(where: string, r: Record<string, unknown>, field: string): boolean {
  const v = r[field];
  if (typeof v !== 'boolean') fail(where, `field ${field} is not a boolean`);
  return v;
}

function money(where: string, r: Record<string, unknown>, field: string): string {
  const v = str(where, r, field);
  if (!MONEY.test(v)) fail(where, `field ${field} is not a decimal string (${JSON.stringify(v)})`);
  return v;
}

function currency(where: string, r: Record<string, unknown>): string {
  const v = str(where, r, 'currency');
  if (!/^[A-Z]{3}$/.test(v)) fail(where, `currency "${v}" is not an ISO code`);
  return v;
}

/** A money string as minor units at `exponent`; more significant decimals than that is a protocol error. */
export function moneyToMinor(where: string, field: string, text: string, exponent: number): bigint {
  try {
    return parseMt5Decimal(text, exponent);
  } catch (err) {
    throw new PlatformProtocolError(`MT4 bridge ${where}: field ${field}: ${(err as Error).message}`, undefined, { cause: err });
  }
}

export function toBridgeAccount(where: string, r: Record<string, unknown>): BridgeAccount {
  return {
    login: digitString(where, r, 'login'),
    group: str(where, r, 'group'),
    currency: currency(where, r),
    digits: int(where, r, 'digits', 0, BRIDGE_MAX_DIGITS)!,
    name: str(where, r, 'name', false),
    email: str(where, r, 'email', false),
    country: str(where, r, 'country', false),
    leverage: int(where, r, 'leverage', 1, 100_000)!,
    comment: str(where, r, 'comment', false),
    enable: bool(where, r, 'enable'),
    enable_read_only: bool(where, r, 'enable_read_only'),
    registeredAt: int(where, r, 'registered_at', 0, 2 ** 40, false),
    balanceText: money(where, r, 'balance'),
    creditText: money(where, r, 'credit'),
  };
}

export function toBridgeOperation(where: string, r: Record<string, unknown>): BridgeOperation {
  return {
    ticket: digitString(where, r, 'ticket'),
    login: digitString(where, r, 'login'),
    amountText: money(where, r, 'amount'),
    currency: currency(where, r),
    comment: str(where, r, 'comment', false),
    time: int(where, r, 'time', 0, 2 ** 40)!,
  };
}

export function toBridgeBalances(where: string, r: Record<string, unknown>): BridgeBalances {
  return {
    login: digitString(where, r, 'login'),
    currency: currency(where, r),
    digits: int(where, r, 'digits', 0, BRIDGE_MAX_DIGITS)!,
    balanceText: money(where, r, 'balance'),
    creditText: money(where, r, 'credit'),
    equityText: money(where, r, 'equity'),
    marginText: money(where, r, 'margin'),
    freeMarginText: money(where, r, 'free_margin'),
    floatingText: money(where, r, 'floating'),
  };
}

export function toBridgeInfo(where: string, r: Record<string, unknown>): BridgeInfo {
  return {
    protocol: str(where, r, 'protocol'),
    version: str(where, r, 'version'),
    bridge: str(where, r, 'bridge', false),
    serverTime: int(where, r, 'server_time', 0, 2 ** 40)!,
    mt4Connected: r.mt4_connected === true,
  };
}

/** True for "1.0", "1.7"…: the major version this adapter speaks. */
export function isSupportedBridgeVersion(version: string): boolean {
  const match = /^(\d{1,4})\.(\d{1,4})$/.exec(version);
  return match !== null && Number(match[1]) === BRIDGE_PROTOCOL_MAJOR;
}
