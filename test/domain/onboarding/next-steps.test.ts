import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { nextSteps, type OnboardingFacts } from '../../../src/domain/onboarding/next-steps';

const config = loadConfig();
const INDIVIDUAL_FIELDS = ['legal_name', 'date_of_birth', 'nationality', 'residential_address', 'tax_residence', 'tax_number', 'employment_status', 'source_of_funds', 'trading_experience'];

const facts = (overrides: Partial<OnboardingFacts>): OnboardingFacts => ({
  entityId: 'eu',
  clientType: 'individual',
  status: 'email_verified',
  providedFields: new Set(),
  documentsOnFile: new Set(),
  ...overrides,
});

describe('next steps', () => {
  it.each([
    ['unverified email', facts({ status: 'registered' }), ['verify_email']],
    ['nothing on file', facts({}), ['complete_profile', 'upload_document:passport|national_id|driving_licence', 'upload_document:proof_of_address']],
    ['profile done', facts({ providedFields: new Set(INDIVIDUAL_FIELDS) }), ['upload_document:passport|national_id|driving_licence', 'upload_document:proof_of_address']],
    ['profile done, id on file', facts({ providedFields: new Set(INDIVIDUAL_FIELDS), documentsOnFile: new Set(['driving_licence']) }), ['upload_document:proof_of_address']],
    ['everything on file', facts({ providedFields: new Set(INDIVIDUAL_FIELDS), documentsOnFile: new Set(['passport', 'proof_of_address']) }), []],
    ['active client', facts({ status: 'active' }), []],
    ['closed account', facts({ status: 'closed' }), ['account_closed']],
  ])('%s', (_name, input, codes) => {
    expect(nextSteps(config, input).map((step) => step.code)).toEqual(codes);
  });

  it('says precisely what is missing, with the configured maximum age', () => {
    const steps = nextSteps(config, facts({ providedFields: new Set(INDIVIDUAL_FIELDS.filter((f) => f !== 'date_of_birth' && f !== 'tax_number')) }));
    expect(steps[0]).toEqual({ code: 'complete_profile', title: 'Complete your profile', detail: 'Add your date of birth, tax identification number.' });
    const address = steps.find((s) => s.code === 'upload_document:proof_of_address')!;
    expect(address.detail).toMatch(/issued within the last 90 days/);
    const identity = steps.find((s) => s.code.startsWith('upload_document:passport'))!;
    expect(identity.detail).toMatch(/passport, .* or .*driving licence/i);
  });
});
