/** A stored or requested profile value in the client's words (shapes in src/domain/onboarding/profile-field-schemas.ts). */
import type { ProfileFieldName } from '../../api/types';
import { tOptional } from '../../i18n';
import { countryName } from '../../lib/countries';
import { formatDate, humanize } from '../../lib/format';
import { FIELD_KINDS } from './profile-fields';

type Rec = Record<string, unknown>;
const isRec = (value: unknown): value is Rec => typeof value === 'object' && value !== null && !Array.isArray(value);
const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');

function person(value: unknown): string {
  if (!isRec(value)) return str(value);
  const extras = [value.nationality ? countryName(str(value.nationality)) : '', value.dateOfBirth ? formatDate(str(value.dateOfBirth)) : ''].filter(Boolean).join(', ');
  const share = value.ownershipPercent !== undefined && value.ownershipPercent !== null ? ` — ${str(value.ownershipPercent)}%` : '';
  return `${str(value.fullName)}${extras ? ` (${extras})` : ''}${share}`;
}

export function formatFieldValue(field: ProfileFieldName, value: unknown): string {
  if (value === undefined || value === null || value === '') return '—';
  switch (FIELD_KINDS[field]) {
    case 'name':
      return isRec(value) ? [value.firstName, value.middleName, value.lastName].map(str).filter(Boolean).join(' ') : str(value);
    case 'date':
      return formatDate(str(value));
    case 'country':
      return countryName(str(value));
    case 'enum':
      return tOptional(`${field}.${str(value)}`) ?? humanize(str(value));
    case 'address':
      return isRec(value)
        ? [str(value.line1), str(value.line2), [str(value.postalCode), str(value.city)].filter(Boolean).join(' '), value.country ? countryName(str(value.country)) : ''].filter(Boolean).join(', ')
        : str(value);
    case 'people':
    case 'owners':
      return Array.isArray(value) ? value.map(person).join('; ') : str(value);
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
}
