import { countryName } from '../../lib/countries';
import { humanize } from '../../lib/format';

const COUNTRY_FIELDS = new Set(['nationality', 'tax_residence', 'incorporation_country']);
const ENUM_FIELDS = new Set(['employment_status', 'source_of_funds', 'trading_experience']);

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const s = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

export function country(code: unknown): string {
  const c = s(code);
  return c ? `${countryName(c)} (${c})` : '—';
}

function person(p: unknown): string {
  if (!isRec(p)) return JSON.stringify(p);
  const extras = [p.nationality ? country(p.nationality) : null, p.dateOfBirth ? `born ${s(p.dateOfBirth)}` : null].filter(Boolean).join(', ');
  const share = p.ownershipPercent !== undefined ? ` — ${s(p.ownershipPercent)}%` : '';
  return `${s(p.fullName)}${extras ? ` (${extras})` : ''}${share}`;
}

/** A stored profile value in words a reviewer reads at a glance. */
export function formatProfileValue(field: string, value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (COUNTRY_FIELDS.has(field)) return country(value);
  if (ENUM_FIELDS.has(field)) return humanize(s(value));
  if (field === 'legal_name' && isRec(value)) return [value.firstName, value.middleName, value.lastName].map(s).filter(Boolean).join(' ');
  if ((field === 'residential_address' || field === 'registered_address') && isRec(value)) {
    return [s(value.line1), s(value.line2), [s(value.postalCode), s(value.city)].filter(Boolean).join(' '), country(value.country)].filter(Boolean).join(', ');
  }
  if (Array.isArray(value)) return value.map(person).join('; ');
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  return JSON.stringify(value);
}
