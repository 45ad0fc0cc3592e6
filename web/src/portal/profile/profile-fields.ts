/**
 * The profile form's model: how each field is edited (its kind), the draft
 * shape of its inputs (strings), and the value sent to the server
 * (shapes in src/domain/onboarding/profile-field-schemas.ts).
 */
import type { ProfileFieldName, ProfileValues } from '../../api/types';

export type FieldKind = 'text' | 'date' | 'country' | 'enum' | 'name' | 'address' | 'people' | 'owners';

export const FIELD_KINDS: Record<ProfileFieldName, FieldKind> = {
  legal_name: 'name',
  date_of_birth: 'date',
  nationality: 'country',
  residential_address: 'address',
  tax_residence: 'country',
  tax_number: 'text',
  employment_status: 'enum',
  source_of_funds: 'enum',
  trading_experience: 'enum',
  company_name: 'text',
  registration_number: 'text',
  incorporation_country: 'country',
  registered_address: 'address',
  directors: 'people',
  beneficial_owners: 'owners',
};

/** Coded answers (src/domain/kyc/profile-answers.ts); labels in i18n as `<field>.<code>`. */
export const ENUM_OPTIONS: Partial<Record<ProfileFieldName, readonly string[]>> = {
  employment_status: ['employed', 'self_employed', 'unemployed', 'student', 'retired'],
  source_of_funds: ['salary', 'savings', 'business_income', 'investments', 'pension', 'property_sale', 'inheritance', 'gift', 'crypto', 'other'],
  trading_experience: ['none', 'under_1_year', '1_to_3_years', 'over_3_years'],
};

/** Once verified, a change to these is a request compliance reviews (IDENTITY_FIELDS on the server). */
export const IDENTITY_FIELDS: ReadonlySet<ProfileFieldName> = new Set<ProfileFieldName>([
  'legal_name',
  'date_of_birth',
  'nationality',
  'residential_address',
  'company_name',
  'registration_number',
  'incorporation_country',
  'registered_address',
  'directors',
  'beneficial_owners',
]);

export interface NameDraft {
  firstName: string;
  middleName: string;
  lastName: string;
}
export interface AddressDraft {
  line1: string;
  line2: string;
  city: string;
  postalCode: string;
  country: string;
}
export interface PersonDraft {
  fullName: string;
  dateOfBirth: string;
  nationality: string;
  ownershipPercent: string;
}

export type Draft = string | NameDraft | AddressDraft | PersonDraft[];
export type Drafts = Partial<Record<ProfileFieldName, Draft>>;

const str = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const rec = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

export function emptyPerson(): PersonDraft {
  return { fullName: '', dateOfBirth: '', nationality: '', ownershipPercent: '' };
}

export function toDraft(field: ProfileFieldName, stored: unknown): Draft {
  switch (FIELD_KINDS[field]) {
    case 'name': {
      const v = rec(stored);
      return { firstName: str(v.firstName), middleName: str(v.middleName), lastName: str(v.lastName) };
    }
    case 'address': {
      const v = rec(stored);
      return { line1: str(v.line1), line2: str(v.line2), city: str(v.city), postalCode: str(v.postalCode), country: str(v.country) };
    }
    case 'people':
    case 'owners': {
      const list = Array.isArray(stored) ? stored.map(rec) : [];
      const people = list.map((p) => ({ fullName: str(p.fullName), dateOfBirth: str(p.dateOfBirth), nationality: str(p.nationality), ownershipPercent: str(p.ownershipPercent) }));
      return people.length > 0 ? people : [emptyPerson()];
    }
    default:
      return str(stored);
  }
}

export function toDrafts(fields: readonly ProfileFieldName[], values: ProfileValues): Drafts {
  return Object.fromEntries(fields.map((field) => [field, toDraft(field, values[field])]));
}

const trimmed = (value: string): string => value.trim();
const optional = (value: string): string | undefined => (value.trim() ? value.trim() : undefined);

/** The value to send, or undefined when the client left the field entirely empty. */
export function fromDraft(field: ProfileFieldName, draft: Draft | undefined): unknown {
  if (draft === undefined) return undefined;
  const kind = FIELD_KINDS[field];
  if (typeof draft === 'string') return draft.trim() ? (kind === 'text' ? draft.trim() : draft) : undefined;
  if (Array.isArray(draft)) {
    const people = draft.filter((p) => Object.values(p).some((v) => v.trim()));
    if (people.length === 0) return undefined;
    return people.map((p) => {
      const person: Record<string, unknown> = { fullName: trimmed(p.fullName), nationality: p.nationality };
      if (optional(p.dateOfBirth)) person.dateOfBirth = p.dateOfBirth;
      if (kind === 'owners') person.ownershipPercent = p.ownershipPercent.trim() === '' ? undefined : Number(p.ownershipPercent);
      return person;
    });
  }
  if (!Object.values(draft).some((v) => v.trim())) return undefined;
  if ('firstName' in draft) {
    return { firstName: trimmed(draft.firstName), ...(optional(draft.middleName) ? { middleName: optional(draft.middleName) } : {}), lastName: trimmed(draft.lastName) };
  }
  return {
    line1: trimmed(draft.line1),
    ...(optional(draft.line2) ? { line2: optional(draft.line2) } : {}),
    city: trimmed(draft.city),
    postalCode: trimmed(draft.postalCode),
    country: draft.country,
  };
}

/** JSON with sorted keys: the server's JSONB does not keep key order. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** The fields whose value differs from what is stored. */
export function changedFields(fields: readonly ProfileFieldName[], drafts: Drafts, stored: ProfileValues): ProfileValues {
  const patch: ProfileValues = {};
  for (const field of fields) {
    const value = fromDraft(field, drafts[field]);
    if (value === undefined) continue;
    if (canonical(value) !== canonical(stored[field])) patch[field] = value;
  }
  return patch;
}
