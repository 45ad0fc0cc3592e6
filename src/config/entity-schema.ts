/** Schema of one legal entity: its client types' requirements and its payment methods. */
import { z } from 'zod';
import { CORPORATE_PROFILE_FIELDS, INDIVIDUAL_PROFILE_FIELDS } from './profile-fields';
import { amountMinor, countryCode, countryList, currencyList, slug, text, uniqueList, whenValid } from './schema-primitives';
import { CLIENT_TYPES, PAYMENT_DIRECTIONS, PAYMENT_METHOD_KINDS, RISK_LEVELS, VERIFICATION_LEVELS } from './vocabulary';

function profileField<const F extends readonly [string, ...string[]]>(fields: F, clientType: string) {
  return z.enum(fields, {
    error: (iss) => `unknown ${clientType} profile field ${JSON.stringify(iss.input)} (one of: ${fields.join(', ')})`,
  });
}

/** One required document slot, satisfied by any one of the listed document types. */
const requiredDocument = z.strictObject({
  anyOf: uniqueList(slug, 'document type').min(1).max(20),
  label: text(120),
});

function clientTypeRules<const F extends readonly [string, ...string[]]>(fields: F, clientType: string) {
  return z.strictObject({
    requiredFields: uniqueList(profileField(fields, clientType), 'profile field').max(fields.length),
    requiredDocuments: z.array(requiredDocument).max(30),
  });
}

const amountLimit = z
  .strictObject({ minMinor: amountMinor.min(1), maxMinor: amountMinor.min(1) })
  .superRefine((limit, ctx) => {
    if (limit.minMinor > limit.maxMinor) {
      ctx.addIssue({ code: 'custom', message: `minMinor (${limit.minMinor}) is greater than maxMinor (${limit.maxMinor})` });
    }
  }, whenValid);

export const paymentMethodSchema = z.strictObject({
  id: slug,
  /** What the client sees in the portal ("Bank transfer (SEPA)"). */
  name: text(80),
  provider: slug,
  kind: z.enum(PAYMENT_METHOD_KINDS),
  directions: uniqueList(z.enum(PAYMENT_DIRECTIONS), 'direction').min(1),
  currencies: currencyList,
  /** Per currency, per transaction, in minor units; the same for deposits and withdrawals. */
  limits: z.record(z.string(), amountLimit),
  /** Narrows the entity's countries: only `allow` (if given), never `block`. */
  countries: z.strictObject({ allow: countryList.min(1).optional(), block: countryList.optional() }).optional(),
  /** Absent: every client type the entity has. */
  clientTypes: uniqueList(z.enum(CLIENT_TYPES), 'client type').min(1).optional(),
  /** Absent: every risk level. */
  riskLevels: uniqueList(z.enum(RISK_LEVELS), 'risk level').min(1).optional(),
  minVerificationLevel: z.enum(VERIFICATION_LEVELS),
});

const leverage = z.int().min(1).max(5000);

export const entitySchema = z.strictObject({
  id: slug,
  name: text(120),
  regulator: text(120),
  jurisdiction: countryCode,
  baseCurrencies: currencyList,
  leverageCaps: z.strictObject({ individual: leverage, corporate: leverage }),
  clientTypes: z
    .strictObject({
      individual: clientTypeRules(INDIVIDUAL_PROFILE_FIELDS, 'individual').optional(),
      corporate: clientTypeRules(CORPORATE_PROFILE_FIELDS, 'corporate').optional(),
    })
    .refine((types) => types.individual !== undefined || types.corporate !== undefined, {
      error: 'at least one client type (individual or corporate) is required',
    }),
  paymentMethods: z.array(paymentMethodSchema).max(100),
});
