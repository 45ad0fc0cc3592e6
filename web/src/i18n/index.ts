import { en, type MessageKey } from './en';

export type { MessageKey };
export type Direction = 'ltr' | 'rtl';

/** Available catalogues; a new language adds one `Record<MessageKey, string>`. */
const catalogs: Record<string, Partial<Record<MessageKey, string>>> = { en };
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
  if (typeof document !== 'undefined') {
    document.documentElement.lang = language;
    document.documentElement.dir = directionOf(language);
  }
}

function lookup(key: string): string | undefined {
  const catalog = catalogs[language] as Record<string, string | undefined> | undefined;
  return catalog?.[key] ?? (en as Record<string, string | undefined>)[key];
}

function interpolate(text: string, vars?: Record<string, string | number>): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
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
