/**
 * Reading MT5 Web API records (users, trade accounts, deals, groups). Field
 * names are exact PascalCase from the doc data structures
 * (webapi_user_data_structure, webapi_deal_data_structure, group config);
 * every number arrives as a string. A record that does not fit is a
 * PlatformProtocolError naming the field.
 */
import { PlatformProtocolError } from '../platform-errors';
import { parseMt5Decimal } from './mt5-decimal';
import { parseMt5Rights } from './mt5-rights';

/** EnDealAction: 2 = balance operation (deposit / withdrawal), 3 = credit [doc webapi_trade_balance]. */
export const MT5_DEAL_ACTION_BALANCE = 2;
export const MT5_DEAL_ACTION_CREDIT = 3;

export interface Mt5User {
  login: string;
  group: string;
  rights: bigint;
  name: string;
  email: string;
  comment: string;
  leverage: number;
  registration: number | undefined;
  balanceText: unknown;
  creditText: unknown;
}

export interface Mt5Deal {
  deal: string;
  login: string;
  action: number;
  /** Server time, seconds. */
  time: number;
  /** Server time, ms, when sent. */
  timeMsc: number | undefined;
  profitText: unknown;
  /** Swap, commission and fee of a trade deal (absent on balance operations) [doc webapi_deal_data_structure]. */
  storageText: unknown;
  commissionText: unknown;
  feeText: unknown;
  comment: string;
}

export interface Mt5GroupCurrency {
  currency: string;
  digits: number;
}

export function answerObject(command: string, json: Record<string, unknown>): Record<string, unknown> {
  const answer = json.answer;
  if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) throw new PlatformProtocolError(`MT5 ${command}: "answer" is not an object`);
  return answer as Record<string, unknown>;
}

export function answerArray(command: string, json: Record<string, unknown>): Record<string, unknown>[] {
  const answer = json.answer ?? [];
  if (!Array.isArray(answer)) throw new PlatformProtocolError(`MT5 ${command}: "answer" is not an array`);
  return answer.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new PlatformProtocolError(`MT5 ${command}: answer[${i}] is not an object`);
    return item as Record<string, unknown>;
  });
}

export function readString(command: string, record: Record<string, unknown>, field: string, required = true): string {
  const value = record[field];
  if (value === undefined || value === null) {
    if (required) throw new PlatformProtocolError(`MT5 ${command}: field ${field} is missing`);
    return '';
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw new PlatformProtocolError(`MT5 ${command}: field ${field} is not a string`);
}

/** An integer field ("954402", "100"); digits only, optional minus. */
export function readInteger(command: string, record: Record<string, unknown>, field: string, required = true): string | undefined {
  const value = record[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw new PlatformProtocolError(`MT5 ${command}: field ${field} is missing`);
    return undefined;
  }
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  if (typeof text !== 'string' || !/^-?\d{1,20}$/.test(text.trim())) throw new PlatformProtocolError(`MT5 ${command}: field ${field} is not an integer (${JSON.stringify(value)})`);
  return text.trim();
}

export function readSmallInt(command: string, record: Record<string, unknown>, field: string): number {
  const text = readInteger(command, record, field)!;
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new PlatformProtocolError(`MT5 ${command}: field ${field} is out of range`);
  return n;
}

/** A money field as minor units; a value that is not an exact decimal at `exponent` is a protocol error. */
export function readMoney(command: string, record: Record<string, unknown>, field: string, exponent: number): bigint {
  const value = record[field];
  if (value === undefined || value === null) throw new PlatformProtocolError(`MT5 ${command}: field ${field} is missing`);
  try {
    return parseMt5Decimal(value, exponent);
  } catch (err) {
    throw new PlatformProtocolError(`MT5 ${command}: field ${field}: ${(err as Error).message}`, undefined, { cause: err });
  }
}

export function toMt5User(command: string, record: Record<string, unknown>): Mt5User {
  let rights: bigint;
  try {
    rights = parseMt5Rights(record.Rights);
  } catch (err) {
    throw new PlatformProtocolError(`MT5 ${command}: field Rights: ${(err as Error).message}`, undefined, { cause: err });
  }
  const registration = readInteger(command, record, 'Registration', false);
  return {
    login: readInteger(command, record, 'Login')!,
    group: readString(command, record, 'Group'),
    rights,
    name: readString(command, record, 'Name', false),
    email: readString(command, record, 'Email', false),
    comment: readString(command, record, 'Comment', false),
    leverage: readSmallInt(command, record, 'Leverage'),
    registration: registration === undefined ? undefined : Number(registration),
    balanceText: record.Balance,
    creditText: record.Credit,
  };
}

export function toMt5Deal(command: string, record: Record<string, unknown>): Mt5Deal {
  const timeMsc = readInteger(command, record, 'TimeMsc', false);
  return {
    deal: readInteger(command, record, 'Deal')!,
    login: readInteger(command, record, 'Login')!,
    action: readSmallInt(command, record, 'Action'),
    time: readSmallInt(command, record, 'Time'),
    timeMsc: timeMsc === undefined ? undefined : Number(timeMsc),
    profitText: record.Profit,
    storageText: record.Storage,
    commissionText: record.Commission,
    feeText: record.Fee,
    comment: readString(command, record, 'Comment', false),
  };
}

export function toMt5GroupCurrency(command: string, record: Record<string, unknown>): Mt5GroupCurrency {
  const currency = readString(command, record, 'Currency').trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) throw new PlatformProtocolError(`MT5 ${command}: group currency "${currency}" is not an ISO code`);
  const digits = readSmallInt(command, record, 'CurrencyDigits');
  if (digits < 0 || digits > 8) throw new PlatformProtocolError(`MT5 ${command}: CurrencyDigits ${digits} is out of range`);
  return { currency, digits };
}
