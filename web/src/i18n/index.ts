import { ar } from './ar';
import { en, type MessageKey } from './en';

export type { MessageKey };
export type Direction = 'ltr' | 'rtl';

/** Available catalogues; a new language adds one `Record<MessageKey, string>`. */
const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en, ar };
/** The portal's languages, as the server knows them (src/config/vocabulary.ts LANGUAGES). */
export const PORTAL_LANGUAGES = ['en', 'ar'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];
const STORAGE_KEY = 'traderoom.language';
/** What this module uses of the browser, typed here so it also compiles (and runs) under Node for the unit tests. */
const browser = globalThis as {
  document?: { documentElement: { lang: string; dir: string } };
  localStorage?: { getItem(key: string): string | null; setItem(key: string, value: string): void };
};
const RTL_LANGUAGES = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi']);

let language = 'en';

export function getLanguage(): string {
  return language;
}

export function directionOf(lang: string): Direction {
  return RTL_LANGUAGES.has(lang.split('-')[0] ?? lang) ? 'rtl' : 'ltr';
}

/** Sets the language and mirrors it on <html lang dir>. */
export function setLanguage(lang: string): void {
  language = catalogs[lang] ? lang : 'en';
  const root = browser.document?.documentElement;
  if (root) {
    root.lang = language;
    root.dir = directionOf(language);
  }
}

function lookup(key: string): string | undefined {
  const catalog = catalogs[language] as Record<string, string | undefined> | undefined;
  return catalog?.[key] ?? (en as Record<string, string | undefined>)[key];
}

function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  // In right-to-left text each value is a first-strong isolate (U+2068 … U+2069): a Latin name, a login or
  // "CySEC (licence 000/00)" keeps its own order and punctuation instead of being reordered with the sentence.
  const rtl = directionOf(language) === 'rtl';
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? (rtl ? `\u2068${String(vars[name])}\u2069` : String(vars[name])) : match));
}

/** Translates a known key. */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return interpolate(lookup(key) ?? key, vars);
}

/** Translates a key built at runtime (e.g. `error.<code>`); undefined when missing. */
export function tOptional(key: string, vars?: Record<string, string | number>): string | undefined {
  const text = lookup(key);
  return text === undefined ? undefined : interpolate(text, vars);
}

export function isPortalLanguage(value: unknown): value is PortalLanguage {
  return typeof value === 'string' && (PORTAL_LANGUAGES as readonly string[]).includes(value);
}

/** The language chosen in this browser (before login), if any. */
export function storedLanguage(): PortalLanguage | null {
  try {
    const value = browser.localStorage?.getItem(STORAGE_KEY);
    return isPortalLanguage(value) ? value : null;
  } catch {
    return null; // storage disabled: the default language
  }
}

export function storeLanguage(lang: PortalLanguage): void {
  try {
    browser.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
}
