/**
 * What a valid value of each profile field looks like. The configuration
 * chooses which fields an entity requires; the shapes are fixed here because
 * the portal renders an input for each and compliance reads them.
 */
import { z } from 'zod';
import { isCountryCode } from '../../config/country-codes';
import { isCalendarDate } from '../calendar-date';
import type { ProfileField } from '../../config/profile-fields';
import { EMPLOYMENT_STATUSES, SOURCES_OF_FUNDS, TRADING_EXPERIENCE_LEVELS } from '../kyc/profile-answers';

const country = z.string().refine(isCountryCode, 'Use a two-letter ISO country code');
const line = (max: number) => z.string().trim().min(1, 'Required').max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use the format YYYY-MM-DD').refine(isCalendarDate, 'Not a real date');

const address = z.strictObject({
  line1: line(120),
  line2: z.string().trim().max(120).optional(),
  city: line(80),
  postalCode: line(20),
  country,
});

const person = z.strictObject({ fullName: line(120), dateOfBirth: isoDate.optional(), nationality: country });


function yearsBetween(birth: string, today: string): number {
  const [by, bm, bd] = birth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Field schemas; `today` (YYYY-MM-DD) decides the age check, so tests can move time. */
export function profileFieldSchemas(today: string): Record<ProfileField, z.ZodType> {
  return {
    legal_name: z.strictObject({ firstName: line(100), middleName: z.string().trim().max(100).optional(), lastName: line(100) }),
    date_of_birth: isoDate
      .refine((d) => d <= today, 'Cannot be in the future')
      .refine((d) => yearsBetween(d, today) >= 18, 'You must be at least 18 years old')
      .refine((d) => yearsBetween(d, today) <= 120, 'Check the year'),
    nationality: country,
    residential_address: address,
    tax_residence: country,
    tax_number: z.string().trim().min(3, 'Too short').max(40).regex(/^[A-Za-z0-9 ./-]+$/, 'Letters, digits, spaces and . / - only'),
    employment_status: z.enum(EMPLOYMENT_STATUSES),
    source_of_funds: z.enum(SOURCES_OF_FUNDS),
    trading_experience: z.enum(TRADING_EXPERIENCE_LEVELS),
    company_name: line(200),
    registration_number: line(60),
    incorporation_country: country,
    registered_address: address,
    directors: z.array(person).min(1, 'Name at least one director').max(20),
    beneficial_owners: z
      .array(person.extend({ ownershipPercent: z.number().min(0).max(100) }))
      .min(1, 'Name at least one beneficial owner')
      .max(20)
      .refine((owners) => owners.reduce((sum, o) => sum + o.ownershipPercent, 0) <= 100, 'Ownership adds up to more than 100%'),
  };
}

/**
 * Fields that identify the client or say where they live. Once the client is
 * verified, a change to these is a request compliance reviews, not an edit.
 */
export const IDENTITY_FIELDS: ReadonlySet<ProfileField> = new Set<ProfileField>([
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

/** Address changes need a new proof of address. */
export const ADDRESS_FIELDS: ReadonlySet<ProfileField> = new Set<ProfileField>(['residential_address', 'registered_address']);
