/**
 * The fixed words of the operating model: code branches on these, so the
 * configuration can choose among them but never add to them.
 */
export const LANGUAGES = ['en', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

export const CLIENT_TYPES = ['individual', 'corporate'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

/** A client's risk level. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A country's risk rating; a prohibited country must be blocked by every entity. */
export const COUNTRY_RISKS = ['low', 'medium', 'high', 'prohibited'] as const;
export type CountryRisk = (typeof COUNTRY_RISKS)[number];

export const COUNTRY_ACCESS = ['allow', 'block'] as const;
export type CountryAccess = (typeof COUNTRY_ACCESS)[number];

export const PAYMENT_METHOD_KINDS = ['card', 'local_bank_transfer', 'wire', 'e_wallet', 'crypto'] as const;
export type PaymentMethodKind = (typeof PAYMENT_METHOD_KINDS)[number];

export const PAYMENT_DIRECTIONS = ['deposit', 'withdrawal'] as const;
export type PaymentDirection = (typeof PAYMENT_DIRECTIONS)[number];

/** Weakest first: a method needing `email_verified` is also open to `verified` clients. */
export const VERIFICATION_LEVELS = ['email_verified', 'verified'] as const;
export type VerificationLevel = (typeof VERIFICATION_LEVELS)[number];

export const DOCUMENT_CATEGORIES = ['identity', 'address', 'tax', 'source_of_funds', 'corporate'] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];

/** The MIME types the upload check can recognise by content (magic bytes). */
export const UPLOAD_MIME_TYPES = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type UploadMimeType = (typeof UPLOAD_MIME_TYPES)[number];

export const PROVIDER_PROTOCOLS = ['stripe_signed_webhook', 'praxis_cashier'] as const;
export type ProviderProtocol = (typeof PROVIDER_PROTOCOLS)[number];

/** Queues and withdrawal stages that carry a service target. */
export const SLA_TARGETS = [
  'kyc_review',
  'deposit_review',
  'withdrawal_support',
  'withdrawal_compliance',
  'withdrawal_finance',
  'withdrawal_supervisor',
  'withdrawal_payout',
] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
