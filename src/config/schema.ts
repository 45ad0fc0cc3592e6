/**
 * The broker's operating model (SPEC §2) as one validated document. Every
 * object is strict, so a misspelt key is refused rather than ignored; shapes
 * are checked here, references between sections in `cross-references.ts`.
 */
import { z } from 'zod';
import { STAFF_ROLES } from '../domain/roles';
import { findReferenceProblems } from './cross-references';
import { platformSchema } from './platform-schema';
import type { paymentMethodSchema } from './entity-schema';
import { entitySchema } from './entity-schema';
import {
  amountPerCurrency,
  calendarDate,
  clockTime,
  countryCode,
  slug,
  text,
  timeZone,
  uniqueList,
  whenValid,
} from './schema-primitives';
import {
  type ClientType,
  COUNTRY_ACCESS,
  COUNTRY_RISKS,
  DOCUMENT_CATEGORIES,
  LANGUAGES,
  PAYMENT_METHOD_KINDS,
  PROVIDER_PROTOCOLS,
  RISK_LEVELS,
  SLA_TARGETS,
  UPLOAD_MIME_TYPES,
  WEEKDAYS,
} from './vocabulary';

const MiB = 1024 * 1024;

const countrySchema = z.strictObject({
  code: countryCode,
  name: text(80),
  risk: z.enum(COUNTRY_RISKS),
  /** Entity id → allow|block. An entity left out is blocked. */
  entities: z.record(z.string(), z.enum(COUNTRY_ACCESS)),
});

const documentTypeSchema = z
  .strictObject({
    id: slug,
    name: text(80),
    category: z.enum(DOCUMENT_CATEGORIES),
    expiryRequired: z.boolean(),
    issueDateRequired: z.boolean(),
    /** A document issued longer ago than this is refused (proof of address: 90). */
    maxAgeDays: z.int().min(1).max(3650).optional(),
    acceptedMimeTypes: uniqueList(z.enum(UPLOAD_MIME_TYPES), 'MIME type')
      .min(1)
      .default(() => [...UPLOAD_MIME_TYPES]),
    maxBytes: z
      .int()
      .min(1024)
      .max(50 * MiB)
      .default(10 * MiB),
  })
  .superRefine((doc, ctx) => {
    if (doc.maxAgeDays !== undefined && !doc.issueDateRequired) {
      const message = 'must be true when maxAgeDays is set (the age is counted from the issue date)';
      ctx.addIssue({ code: 'custom', path: ['issueDateRequired'], message });
    }
  }, whenValid);

const paymentProviderSchema = z.strictObject({
  id: slug,
  name: text(80),
  kind: z.enum(PAYMENT_METHOD_KINDS),
  protocol: z.enum(PROVIDER_PROTOCOLS),
});

const riskLevels = uniqueList(z.enum(RISK_LEVELS), 'risk level');

const reviewRulesSchema = z.strictObject({
  deposits: z.strictObject({
    reviewFirstDeposit: z.boolean(),
    reviewOverMinor: amountPerCurrency,
    reviewPayerNameMismatch: z.boolean(),
    velocity: z.strictObject({ maxCount: z.int().min(1).max(1000), windowHours: z.int().min(1).max(720) }),
    reviewRiskLevels: riskLevels,
  }),
  withdrawals: z.strictObject({
    supervisorOverMinor: amountPerCurrency,
    supervisorWhenMethodDiffers: z.boolean(),
    recentDepositNotTradedDays: z.int().min(0).max(365),
    supervisorRiskLevels: riskLevels,
  }),
});

/** What a client's new payout destination must go through before money is paid to it (issue 5). */
const payoutDestinationsSchema = z
  .strictObject({
    /** A new destination stays unverified until finance has checked a proof (bank statement, wallet screenshot). */
    proofRequired: z.boolean(),
    /** Hours after it was added before a new destination may receive a payout; 0: at once. */
    coolingOffHours: z.int().min(0).max(24 * 90),
  })
  .default({ proofRequired: false, coolingOffHours: 0 });

const slaSchema = z.strictObject({
  workingHours: z
    .strictObject({
      timezone: timeZone,
      days: uniqueList(z.enum(WEEKDAYS), 'day').min(1),
      start: clockTime,
      end: clockTime,
    })
    .superRefine((hours, ctx) => {
      if (hours.start >= hours.end) {
        ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start (${hours.start})` });
      }
    }, whenValid),
  holidays: uniqueList(calendarDate, 'holiday').max(1000),
  targets: z.record(z.enum(SLA_TARGETS), z.strictObject({ workingHours: z.number().positive().max(2000) })),
});

const reviewDays = z.int().min(1).max(3650);

const recheckSchema = z.strictObject({
  documentExpiryNoticeDays: z.int().min(0).max(365),
  periodicReviewDays: z
    .strictObject({ low: reviewDays, medium: reviewDays, high: reviewDays })
    .superRefine((days, ctx) => {
      // Higher risk is reviewed at least as often as lower risk.
      if (days.medium > days.low) ctx.addIssue({ code: 'custom', path: ['medium'], message: `must not be longer than low (${days.low})` });
      if (days.high > days.medium) {
        ctx.addIssue({ code: 'custom', path: ['high'], message: `must not be longer than medium (${days.medium})` });
      }
    }, whenValid),
});

const kycSchema = z.strictObject({
  rejectionReasons: z.array(z.strictObject({ code: slug, label: text(120) })).min(1).max(100),
});

const staffSchema = z.strictObject({
  roles: z.record(z.enum(STAFF_ROLES), z.strictObject({ label: text(40), description: text(400) })),
  sessionIdleMinutes: z.int().min(1).max(24 * 60),
  passwordMinLength: z.int().min(10).max(128),
});

const clientsSchema = z.strictObject({
  passwordMinLength: z.int().min(10).max(128).default(10),
  emailVerificationHours: z.int().min(1).max(24 * 30),
  passwordResetMinutes: z.int().min(5).max(24 * 60),
});

const configShape = z.strictObject({
  broker: z.strictObject({ name: text(120), supportEmail: z.email(), defaultLanguage: z.enum(LANGUAGES) }),
  entities: z.array(entitySchema).min(1).max(50),
  countries: z.array(countrySchema).min(1).max(300),
  documentTypes: z.array(documentTypeSchema).min(1).max(100),
  paymentProviders: z.array(paymentProviderSchema).max(50),
  reviewRules: reviewRulesSchema,
  payoutDestinations: payoutDestinationsSchema,
  platforms: z.array(platformSchema).max(20).default([]),
  sla: slaSchema,
  recheck: recheckSchema,
  kyc: kycSchema,
  staff: staffSchema,
  clients: clientsSchema,
});

/**
 * References are checked only once every field is valid, so one mistake gives
 * one line (an unknown currency is not also reported as "missing limits").
 */
export const traderoomConfigSchema = configShape.superRefine(
  (config, ctx) => {
    for (const problem of findReferenceProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
  },
  whenValid,
);

export type TraderoomConfig = z.infer<typeof configShape>;
export type Entity = z.infer<typeof entitySchema>;
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;
export type ClientTypeRules = NonNullable<Entity['clientTypes'][ClientType]>;
export type Country = z.infer<typeof countrySchema>;
export type DocumentType = z.infer<typeof documentTypeSchema>;
export type PaymentProvider = z.infer<typeof paymentProviderSchema>;
export type ReviewRules = z.infer<typeof reviewRulesSchema>;
export type SlaConfig = z.infer<typeof slaSchema>;
export type RecheckConfig = z.infer<typeof recheckSchema>;
