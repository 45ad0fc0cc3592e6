/** The Arabic catalogue covers every English key, with the same placeholders, in Arabic. */
import { describe, expect, it } from 'vitest';
import { ar } from '../../web/src/i18n/ar';
import { en } from '../../web/src/i18n/en';
import { directionOf } from '../../web/src/i18n';

const placeholders = (text: string) => text.match(/\{\w+\}/g)?.sort() ?? [];
/** Values that are the same in every language: names, codes, examples. */
const UNTRANSLATED = new Set(['app.name', 'destination.bank.byIban', 'destination.iban', 'destination.iban.placeholder', 'open.platform.offers', 'transfer.account.option', 'language.en', 'language.ar']);

describe('Arabic catalogue', () => {
  it('has exactly the English keys', () => {
    expect(Object.keys(ar).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en) as (keyof typeof en)[])('%s keeps the placeholders and is written in Arabic', (key) => {
    expect(placeholders(ar[key])).toEqual(placeholders(en[key]));
    if (!UNTRANSLATED.has(key)) expect(ar[key]).toMatch(/[\u0600-\u06FF]/);
  });

  it('is right to left', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('en')).toBe('ltr');
  });
});
