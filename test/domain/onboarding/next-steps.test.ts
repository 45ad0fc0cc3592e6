import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { nextSteps, type DocumentFact, type OnboardingFacts } from '../../../src/domain/onboarding/next-steps';

const config = loadConfig();
const INDIVIDUAL_FIELDS = ['legal_name', 'date_of_birth', 'nationality', 'residential_address', 'tax_residence', 'tax_number', 'employment_status', 'source_of_funds', 'trading_experience'];
const TODAY = '2026-11-25';

const doc = (documentType: string, over: Partial<DocumentFact> = {}): DocumentFact => ({
  documentType,
  status: 'uploaded',
  issueDate: null,
  expiryDate: null,
  clientMessage: null,
  ...over,
});
const PASSPORT = doc('passport', { expiryDate: '2030-01-01' });
const ADDRESS = doc('proof_of_address', { issueDate: '2026-10-01' });

const facts = (overrides: Partial<OnboardingFacts>): OnboardingFacts => ({
  entityId: 'eu',
  clientType: 'individual',
  status: 'email_verified',
  today: TODAY,
  providedFields: new Set(INDIVIDUAL_FIELDS),
  documents: [PASSPORT, ADDRESS],
  openCase: null,
  lastDecision: null,
  pendingChangeRequest: false,
  ...overrides,
});

const codes = (input: OnboardingFacts) => nextSteps(config, input).map((s) => s.code);
const only = (input: OnboardingFacts) => {
  const steps = nextSteps(config, input);
  expect(steps).toHaveLength(1);
  return steps[0]!;
};

describe('next steps', () => {
  it.each([
    ['unverified email', facts({ status: 'registered' }), ['verify_email']],
    ['nothing on file', facts({ providedFields: new Set(), documents: [] }), ['complete_profile', 'upload_document:passport|national_id|driving_licence', 'upload_document:proof_of_address']],
    ['profile done, no documents', facts({ documents: [] }), ['upload_document:passport|national_id|driving_licence', 'upload_document:proof_of_address']],
    ['identity on file only', facts({ documents: [PASSPORT] }), ['upload_document:proof_of_address']],
    ['everything on file: submit', facts({}), ['submit_for_review']],
    ['under review', facts({ openCase: { status: 'pending', requestedDocuments: null, clientMessage: null, requestedAt: null } }), ['under_review']],
    ['claimed by a reviewer', facts({ openCase: { status: 'under_review', requestedDocuments: null, clientMessage: null, requestedAt: null } }), ['under_review']],
    ['verified and active', facts({ status: 'active' }), ['deposit']],
    ['verified, active and funded: nothing left to do', facts({ status: 'active', funded: true }), []],
    ['closed account', facts({ status: 'closed' }), ['account_closed']],
    ['final rejection', facts({ lastDecision: { status: 'rejected', clientMessage: 'We cannot serve you.' } }), ['application_rejected']],
    ['restricted after lapse', facts({ status: 'restricted', documents: [doc('passport', { expiryDate: '2026-03-01', status: 'approved' }), ADDRESS] }), ['restricted', 'replace_document:passport']],
  ])('%s', (_name, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('names the expired document and its date', () => {
    const step = only(facts({ documents: [doc('passport', { expiryDate: '2026-03-01' }), ADDRESS] }));
    expect(step.detail).toBe('Your passport expired on 2026-03-01: upload a valid one.');
  });

  it('refuses a proof of address older than the configured maximum age', () => {
    const step = only(facts({ documents: [PASSPORT, doc('proof_of_address', { issueDate: '2026-07-01' })] }));
    expect(step.detail).toBe('Your proof of address (utility bill or bank statement) was issued on 2026-07-01: upload one issued within the last 90 days.');
  });

  it('passes on the reviewer’s reason for a rejected document', () => {
    const step = only(facts({ documents: [PASSPORT, doc('proof_of_address', { status: 'rejected', clientMessage: 'the page is cut off' })] }));
    expect(step).toMatchObject({ title: 'Upload a new proof of address (utility bill or bank statement)', detail: 'We could not accept your proof of address (utility bill or bank statement): the page is cut off' });
  });

  it('shows exactly what compliance asked for, then the resubmission once it is uploaded', () => {
    const openCase = { status: 'more_documents_required', requestedDocuments: [{ documentTypes: ['passport', 'national_id'], reason: 'We could not read your ID: the photo is blurred.' }], clientMessage: null, requestedAt: '2026-11-24T10:00:00Z' };
    const asked = only(facts({ openCase }));
    expect(asked).toEqual({ code: 'provide_documents:passport|national_id', title: 'Upload your passport or national identity card', detail: 'We could not read your ID: the photo is blurred.' });
    expect(codes(facts({ openCase, uploadedSinceRequest: new Set(['national_id']) }))).toEqual(['submit_for_review']);
  });

  it('says precisely which profile fields are missing', () => {
    const steps = nextSteps(config, facts({ providedFields: new Set(INDIVIDUAL_FIELDS.filter((f) => f !== 'date_of_birth' && f !== 'tax_number')) }));
    expect(steps[0]).toEqual({ code: 'complete_profile', title: 'Complete your profile', detail: 'Add your date of birth, tax identification number.' });
  });

  it('keeps the restriction in front while the client answers a request for documents', () => {
    const openCase = { status: 'more_documents_required', requestedDocuments: [{ documentTypes: ['passport'], reason: 'Your passport expired on 2026-03-01: upload a valid one.' }], clientMessage: null, requestedAt: '2026-11-24T10:00:00Z' };
    expect(codes(facts({ status: 'restricted', openCase }))).toEqual(['restricted', 'provide_documents:passport']);
  });

  it('mentions a pending change of details alongside the other steps', () => {
    expect(codes(facts({ status: 'active', pendingChangeRequest: true }))).toEqual(['change_request_pending', 'deposit']);
  });
});
