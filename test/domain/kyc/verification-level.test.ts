import { describe, expect, it } from 'vitest';
import {
  CLIENT_VERIFICATION_LEVELS,
  type ClientVerificationLevel,
  KYC_OUTCOMES,
  type KycOutcome,
  lowerVerificationLevel,
  meetsVerificationLevel,
  verificationLevelAfterKyc,
} from '../../../src/domain/kyc/verification-level';

describe('verificationLevelAfterKyc', () => {
  const table: [KycOutcome, ClientVerificationLevel, 'email_verified' | 'verified'][] = [
    ['approved', 'none', 'verified'],
    ['approved', 'email_verified', 'verified'],
    ['approved', 'verified', 'verified'],
    ['rejected', 'none', 'email_verified'],
    ['rejected', 'email_verified', 'email_verified'],
    ['rejected', 'verified', 'email_verified'],
    ['more_documents_required', 'none', 'email_verified'],
    ['more_documents_required', 'email_verified', 'email_verified'],
    ['more_documents_required', 'verified', 'verified'],
    ['reopened', 'none', 'email_verified'],
    ['reopened', 'email_verified', 'email_verified'],
    ['reopened', 'verified', 'verified'],
    ['lapsed', 'none', 'email_verified'],
    ['lapsed', 'email_verified', 'email_verified'],
    ['lapsed', 'verified', 'verified'],
  ];

  it('the table covers every outcome × previous level', () => {
    expect(table.length).toBe(KYC_OUTCOMES.length * CLIENT_VERIFICATION_LEVELS.length);
  });

  it.each(table)('%s from %s → %s', (outcome, previous, next) => {
    expect(verificationLevelAfterKyc(outcome, previous)).toBe(next);
  });

  it.each<[KycOutcome, string]>([
    ['approved', 'verified'],
    ['rejected', 'email_verified'],
    ['more_documents_required', 'email_verified'],
    ['reopened', 'email_verified'],
    ['lapsed', 'email_verified'],
  ])('%s during onboarding (no previous level given) → %s', (outcome, next) => {
    expect(verificationLevelAfterKyc(outcome)).toBe(next);
  });
});

describe('verification level order', () => {
  it.each<[ClientVerificationLevel, ClientVerificationLevel, boolean]>([
    ['none', 'none', true],
    ['none', 'email_verified', false],
    ['none', 'verified', false],
    ['email_verified', 'none', true],
    ['email_verified', 'email_verified', true],
    ['email_verified', 'verified', false],
    ['verified', 'none', true],
    ['verified', 'email_verified', true],
    ['verified', 'verified', true],
  ])('%s meets %s: %s', (level, required, meets) => {
    expect(meetsVerificationLevel(level, required)).toBe(meets);
  });

  it.each<[ClientVerificationLevel, ClientVerificationLevel, ClientVerificationLevel]>([
    ['none', 'verified', 'none'],
    ['verified', 'email_verified', 'email_verified'],
    ['verified', 'verified', 'verified'],
  ])('lower of %s and %s is %s', (a, b, lower) => {
    expect(lowerVerificationLevel(a, b)).toBe(lower);
    expect(lowerVerificationLevel(b, a)).toBe(lower);
  });
});
