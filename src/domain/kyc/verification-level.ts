/**
 * A client's verification level (the `client.verification_level` column) and
 * how a KYC outcome moves it.
 *
 *   none            registered, email not confirmed
 *   email_verified  email confirmed; KYC not (or no longer) approved
 *   verified        KYC approved
 *
 * The level records what KYC has established; it is not how compliance takes
 * rights away. Decisions:
 * - approved → verified.
 * - rejected → email_verified, also for a client verified before (a re-review
 *   ending in rejection withdraws the verification; restricting or closing
 *   the account is a separate, noted decision on the client record).
 * - more_documents_required, reopened → unchanged. An approved client asked
 *   for fresh documents (periodic review, expiring ID) or reopened for review
 *   (provider RED after GREEN, risk change) keeps their rights until the case
 *   is decided or a document actually lapses.
 * - lapsed (a required document expired) → unchanged, i.e. still verified: the
 *   client ACCOUNT becomes `restricted` (reason `kyc_lapsed`), which stops
 *   deposits, withdrawals and trading; re-approval then `reinstate`s it. The
 *   client is still a verified person whose file needs an update, and keeping
 *   the level avoids re-running full onboarding.
 * - a KYC case needs a confirmed email, so the level after any outcome is at
 *   least email_verified.
 */
import type { VerificationLevel } from '../../config/vocabulary';

export const CLIENT_VERIFICATION_LEVELS = ['none', 'email_verified', 'verified'] as const;
export type ClientVerificationLevel = (typeof CLIENT_VERIFICATION_LEVELS)[number];

export const KYC_OUTCOMES = ['approved', 'rejected', 'more_documents_required', 'reopened', 'lapsed'] as const;
export type KycOutcome = (typeof KYC_OUTCOMES)[number];

/** Whether a client at `level` meets a requirement of `required` (levels are ordered). */
export function meetsVerificationLevel(level: ClientVerificationLevel, required: ClientVerificationLevel): boolean {
  return CLIENT_VERIFICATION_LEVELS.indexOf(level) >= CLIENT_VERIFICATION_LEVELS.indexOf(required);
}

/** The lower of two levels. */
export function lowerVerificationLevel(a: ClientVerificationLevel, b: ClientVerificationLevel): ClientVerificationLevel {
  return meetsVerificationLevel(a, b) ? b : a;
}

export function verificationLevelAfterKyc(outcome: KycOutcome, previous: ClientVerificationLevel = 'email_verified'): VerificationLevel {
  switch (outcome) {
    case 'approved':
      return 'verified';
    case 'rejected':
      return 'email_verified';
    case 'more_documents_required':
    case 'reopened':
    case 'lapsed':
      return previous === 'verified' ? 'verified' : 'email_verified';
  }
}
