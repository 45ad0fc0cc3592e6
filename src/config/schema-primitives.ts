/** Building blocks shared by the configuration schema: ids, codes, bounded text, lists. */
import { z } from 'zod';
import { isCountryCode } from './country-codes';
import { isKnownCurrency } from './currencies';

/** Trimmed, non-empty text with an upper bound (every string gets a limit). */
export function text(maxLength = 200) {
  return z.string().trim().min(1).max(maxLength);
}

/** An identifier other parts of the configuration and the database refer to. */
export const slug = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, 'must be a lowercase id: a letter, then letters, digits or _ (at most 64)');

/**
 * For a refinement that compares fields of an object: run it only when those
 * fields are themselves valid, so a bad value is reported once, not twice.
 */
export const whenValid = { when: (payload: { issues: readonly unknown[] }) => payload.issues.length === 0 };

/** An array whose items must be distinct; `what` names an item in the error. */
export function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).superRefine((items, ctx) => {
    const seen = new Set<unknown>();
    for (const value of items) {
      if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `duplicate ${what} ${JSON.stringify(value)}` });
      seen.add(value);
    }
  });
}

export const countryCode = z
  .string()
  .refine(isCountryCode, { error: (iss) => `unknown country code ${JSON.stringify(iss.input)} (ISO 3166-1 alpha-2, upper case)` });

/** Country codes, reported on the list itself so the message names the code. */
export const countryList = uniqueList(z.string(), 'country').superRefine((codes, ctx) => {
  for (const code of codes) {
    if (!isCountryCode(code)) ctx.addIssue({ code: 'custom', message: `unknown country code ${JSON.stringify(code)}` });
  }
});

/** Known ISO 4217 codes, at least one; reported on the list itself so the message names the code. */
export const currencyList = uniqueList(z.string(), 'currency')
  .min(1)
  .superRefine((codes, ctx) => {
    for (const code of codes) {
      if (!isKnownCurrency(code)) ctx.addIssue({ code: 'custom', message: `unknown currency ${JSON.stringify(code)}` });
    }
  });

/** An amount in integer minor units of its currency (cents, yen…). */
export const amountMinor = z.int().min(0);

/** `{ [currency]: amount in minor units }`, keys must be known currencies. */
export const amountPerCurrency = z.record(z.string(), amountMinor).superRefine((amounts, ctx) => {
  for (const code of Object.keys(amounts)) {
    if (!isKnownCurrency(code)) ctx.addIssue({ code: 'custom', path: [code], message: `unknown currency ${JSON.stringify(code)}` });
  }
});

export const timeZone = z.string().refine(isTimeZone, { error: (iss) => `unknown time zone ${JSON.stringify(iss.input)}` });

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** 'HH:MM', 24-hour clock. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time HH:MM (00:00–23:59)');

/** 'YYYY-MM-DD' that names a real calendar day. */
export const calendarDate = z.string().refine(isCalendarDate, { error: (iss) => `${JSON.stringify(iss.input)} is not a date YYYY-MM-DD` });

function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
