/**
 * ISO 3166-1 alpha-2 country codes, the same list the server accepts
 * (src/config/country-codes.ts), named in the UI language by Intl.DisplayNames.
 */
import { COUNTRY_CODES as SERVER_COUNTRY_CODES } from '../../../src/config/country-codes';
import { getLanguage } from '../i18n';

/** One list for server and browser: the server's own. */
export const COUNTRY_CODES: readonly string[] = [...SERVER_COUNTRY_CODES];

const namers = new Map<string, Intl.DisplayNames | null>();

function namer(): Intl.DisplayNames | null {
  const lang = getLanguage();
  if (!namers.has(lang)) {
    try {
      namers.set(lang, new Intl.DisplayNames([lang], { type: 'region' }));
    } catch {
      namers.set(lang, null);
    }
  }
  return namers.get(lang) ?? null;
}

/** `DE` → `Germany` (the code itself when the browser has no name for it). */
export function countryName(code: string | null | undefined): string {
  if (!code) return '—';
  try {
    return namer()?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** Select options, sorted by name. */
export function countryOptions(): { value: string; label: string }[] {
  return COUNTRY_CODES.map((code) => ({ value: code, label: countryName(code) })).sort((a, b) => a.label.localeCompare(b.label));
}
