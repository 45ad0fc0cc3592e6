/**
 * The point-in-time fold on its own (pure): scripted trails in the shapes the
 * use cases write today, and the older shapes already stored in trails (the
 * trail is append-only, so the fold must read them as they are).
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldClientTrail, HANDLERS, isOutsideRecord } from '../../../src/domain/point-in-time/fold-client-trail';
import type { TrailEvent } from '../../../src/domain/point-in-time/trail-event';

const CLIENT = '0190a000-0000-7000-8000-000000000001';
let seq = 0;

function ev(action: string, values: { subjectType?: string; subjectId?: string; old?: Record<string, unknown> | null; new?: Record<string, unknown> | null; note?: string; actorType?: string } = {}): TrailEvent {
  seq += 1;
  return {
    id: `event-${seq}`,
    seq: String(seq),
    occurredAt: new Date(Date.UTC(2026, 2, 2, 9, seq)).toISOString(),
    actorType: values.actorType ?? 'client',
    actorId: CLIENT,
    action,
    subjectType: values.subjectType ?? 'client',
    subjectId: values.subjectId ?? CLIENT,
    oldValues: values.old ?? null,
    newValues: values.new ?? null,
    note: values.note ?? null,
  };
}

const registered = () =>
  ev('client.registered', { new: { email: 'maria@example.test', firstName: 'Maria', lastName: 'Keller', country: 'DE', clientType: 'individual', entityId: 'eu', status: 'registered', language: 'en' } });
const upload = (id: string, documentType: string, version: number) =>
  ev('document.uploaded', { subjectType: 'document', subjectId: id, new: { documentType, version, sha256: 'ab'.repeat(32), sizeBytes: 1234, mimeType: 'application/pdf', fileName: `${documentType}.pdf`, issueDate: null, expiryDate: '2031-01-01' } });

describe('foldClientTrail', () => {
  it('has no record before the first event', () => {
    expect(foldClientTrail(CLIENT, [])).toEqual({ record: null, effects: [], gaps: [] });
  });

  it('folds registration, verification, profile, documents, a decision and a standing change in stream order', () => {
    const trail = [
      registered(),
      ev('client.email_verified', { new: { status: 'email_verified', verificationLevel: 'email_verified', emailVerifiedAt: '2026-03-02T09:02:00.000Z' } }),
      ev('client.profile_updated', { new: { legal_name: { firstName: 'Maria', lastName: 'Keller' }, nationality: 'DE' } }),
      upload('doc-passport-1', 'passport', 1),
      upload('doc-poa-1', 'proof_of_address', 1),
      ev('kyc_case.submitted', { subjectType: 'kyc_case', subjectId: 'case-1', new: { status: 'pending', riskLevel: 'low', riskScore: 10 } }),
      ev('client.risk_assessed', { actorType: 'system', new: { riskLevel: 'low', riskScore: 10, factors: ['country_low'] } }),
      ev('kyc_case.claimed', { subjectType: 'kyc_case', subjectId: 'case-1', new: { status: 'under_review', assigneeId: 'staff-1' } }),
      ev('document.rejected', { subjectType: 'document', subjectId: 'doc-poa-1', new: { status: 'rejected', reason: 'address_too_old', clientMessage: 'Too old' } }),
      ev('kyc_case.documents_requested', { subjectType: 'kyc_case', subjectId: 'case-1', new: { status: 'more_documents_required' } }),
      upload('doc-poa-2', 'proof_of_address', 2),
      ev('kyc_case.resubmitted', { subjectType: 'kyc_case', subjectId: 'case-1', new: { status: 'pending' } }),
      ev('kyc_case.approved', {
        subjectType: 'kyc_case', subjectId: 'case-1',
        new: { status: 'active', verificationLevel: 'verified', nextReviewOn: '2029-03-02', documentsApproved: ['doc-passport-1', 'doc-poa-2'], caseStatus: 'approved', clientStatus: 'active' },
      }),
      ev('client.risk_overridden', { actorType: 'staff', new: { riskOverride: 'high', effectiveRisk: 'high', reviewCaseId: 'case-2', reviewCase: { id: 'case-2', kind: 'risk_review', status: 'pending' } } }),
      ev('client.restricted', { actorType: 'staff', new: { status: 'restricted', restrictionReason: 'compliance_hold', tradingAccounts: [] } }),
      ev('client.login_succeeded', { new: { userAgent: 'test' } }),
    ];
    const { record, effects, gaps } = foldClientTrail(CLIENT, trail);
    expect(gaps).toEqual([]);
    expect(effects.at(-1)).toBe('outside_record');
    expect(effects.slice(0, -1).every((e) => e === 'applied')).toBe(true);
    expect(record?.client).toMatchObject({
      email: 'maria@example.test', firstName: 'Maria', status: 'restricted', restrictionReason: 'compliance_hold', verificationLevel: 'verified',
      emailVerifiedAt: '2026-03-02T09:02:00.000Z', nextReviewOn: '2029-03-02', kycVerifiedAt: trail[12]!.occurredAt,
    });
    expect(record?.profile).toEqual({ fields: { legal_name: { firstName: 'Maria', lastName: 'Keller' }, nationality: 'DE' }, pendingChange: null });
    expect(record?.documents.map((d) => [d.id, d.version, d.status])).toEqual([
      ['doc-passport-1', 1, 'approved'],
      ['doc-poa-1', 1, 'rejected'],
      ['doc-poa-2', 2, 'approved'],
    ]);
    expect(record?.documents[1]).toMatchObject({ rejectionReason: 'address_too_old', clientMessage: 'Too old' });
    expect(record?.risk).toEqual({ level: 'high', computedLevel: 'low', score: 10, override: 'high', factors: ['country_low'] });
    expect(record?.kycCases.map((c) => [c.id, c.kind, c.status])).toEqual([
      ['case-1', 'onboarding', 'approved'],
      ['case-2', 'risk_review', 'pending'],
    ]);
  });

  it('supersedes a waiting version on upload and an approved one when its replacement is approved', () => {
    const { record } = foldClientTrail(CLIENT, [
      registered(),
      upload('p1', 'passport', 1),
      upload('p2', 'passport', 2),
      ev('document.approved', { subjectType: 'document', subjectId: 'p2', new: { status: 'approved' } }),
      upload('p3', 'passport', 3),
    ]);
    expect(record?.documents.map((d) => [d.id, d.status])).toEqual([['p1', 'superseded'], ['p2', 'approved'], ['p3', 'uploaded']]);
    const later = foldClientTrail(CLIENT, [
      registered(), upload('p1', 'passport', 1), ev('document.approved', { subjectType: 'document', subjectId: 'p1', new: { status: 'approved' } }),
      upload('p2', 'passport', 2), ev('document.approved', { subjectType: 'document', subjectId: 'p2', new: { status: 'approved' } }),
    ]);
    expect(later.record?.documents.map((d) => [d.id, d.status])).toEqual([['p1', 'superseded'], ['p2', 'approved']]);
  });

  it('keeps a change of verified details pending until its case is decided, then applies or drops it', () => {
    const request = ev('client.profile_change_requested', {
      new: { residential_address: { line1: 'Neue Str. 2' }, employment_status: 'retired', changeRequestId: 'cr-1', pendingReview: ['residential_address'], reviewCase: { id: 'case-9', kind: 'profile_change', status: 'more_documents_required' } },
    });
    const base = [registered(), ev('client.profile_updated', { new: { residential_address: { line1: 'Alte Str. 1' }, employment_status: 'employed' } }), request];
    const pending = foldClientTrail(CLIENT, base).record!;
    expect(pending.profile.fields).toEqual({ residential_address: { line1: 'Alte Str. 1' }, employment_status: 'retired' });
    expect(pending.profile.pendingChange).toMatchObject({ changeRequestId: 'cr-1', fields: { residential_address: { line1: 'Neue Str. 2' } } });
    expect(pending.kycCases).toMatchObject([{ id: 'case-9', kind: 'profile_change', status: 'more_documents_required' }]);

    const approved = foldClientTrail(CLIENT, [...base, ev('kyc_case.approved', { subjectType: 'kyc_case', subjectId: 'case-9', new: { status: 'active', verificationLevel: 'verified', changeRequestId: 'cr-1' } })]).record!;
    expect(approved.profile).toEqual({ fields: { residential_address: { line1: 'Neue Str. 2' }, employment_status: 'retired' }, pendingChange: null });
    const rejected = foldClientTrail(CLIENT, [...base, ev('kyc_case.rejected', { subjectType: 'kyc_case', subjectId: 'case-9', new: { status: 'rejected', reason: 'other', changeRequestId: 'cr-1' } })]).record!;
    expect(rejected.profile.fields.residential_address).toEqual({ line1: 'Alte Str. 1' });
    expect(rejected.profile.pendingChange).toBeNull();
    expect(rejected.kycCases[0]).toMatchObject({ status: 'rejected', decisionReason: 'other' });
  });

  it('reads the older decision shape, where the client status overwrote the case status', () => {
    const { record } = foldClientTrail(CLIENT, [
      registered(),
      upload('p1', 'passport', 1),
      ev('kyc_case.submitted', { subjectType: 'kyc_case', subjectId: 'c1', new: { status: 'pending' } }),
      // Before `caseStatus`/`clientStatus`: `status` is the client's, told apart by the verification level beside it; no documentsApproved (the rule applies).
      ev('kyc_case.provider_approved', { actorType: 'provider', subjectType: 'kyc_case', subjectId: 'c1', new: { status: 'active', verificationLevel: 'verified', nextReviewOn: '2029-01-01', verdict: 'green' } }),
      ev('kyc_case.rejected', { subjectType: 'kyc_case', subjectId: 'c1', new: { status: 'restricted', restrictionReason: 'compliance_hold', reason: 'fraud' } }),
    ]);
    expect(record?.kycCases[0]).toMatchObject({ status: 'rejected', decisionReason: 'fraud' });
    expect(record?.client).toMatchObject({ status: 'restricted', restrictionReason: 'compliance_hold', verificationLevel: 'verified' });
    expect(record?.documents[0]?.status).toBe('approved');
  });

  it('tolerates unknown actions, records created outside the flows and missing keys, and says what it could not tell', () => {
    const { record, effects, gaps } = foldClientTrail(CLIENT, [
      ev('client.registered', { actorType: 'system', new: { email: 'seed@example.test', country: 'CY', entityId: 'eu', clientType: 'individual', status: 'active' } }),
      ev('client.teleported', { new: { planet: 'Mars' } }),
      ev('client.teleported', {}),
      ev('document.approved', { subjectType: 'document', subjectId: 'ghost', new: { status: 'approved', documentType: 'passport', version: 1 } }),
      ev('trading_account.restricted', { actorType: 'system', subjectType: 'trading_account', subjectId: 'ta-1', new: { status: 'restricted', desiredRights: 'trading_disabled', login: '5001' } }),
      ev('deposit.created', { subjectType: 'deposit', subjectId: 'd1', new: { amountMinor: '100' } }),
    ]);
    expect(effects).toEqual(['applied', 'unknown', 'unknown', 'applied', 'applied', 'outside_record']);
    expect(record?.client).toMatchObject({ email: 'seed@example.test', status: 'active', firstName: null, verificationLevel: null });
    expect(record?.documents).toMatchObject([{ id: 'ghost', documentType: 'passport', status: 'approved', fileName: null }]);
    expect(record?.tradingAccounts).toMatchObject([{ id: 'ta-1', status: 'restricted', login: '5001', desiredRights: 'trading_disabled', rights: null }]);
    expect(gaps).toEqual([
      expect.stringContaining('does not record: firstName, lastName, language, verificationLevel'),
      expect.stringContaining('Document ghost'),
      expect.stringContaining('Trading account ta-1'),
      '2 events of action "client.teleported" are not known to this view and were not applied; see the timeline.',
    ]);
  });

  it('follows a trading account from request to restricted rights confirmed by the platform', () => {
    const account = (action: string, n: Record<string, unknown>) => ev(action, { actorType: 'system', subjectType: 'trading_account', subjectId: 'ta-9', new: n });
    const trail = [
      registered(),
      account('trading_account.requested', { status: 'requested', platformId: 'mt5_demo', accountType: 'live', group: 'real\\eu', currency: 'EUR', leverage: 30 }),
      account('trading_account.provisioned', { status: 'active', login: '70001', reason: null }),
      account('trading_account.restricted', { status: 'restricted', desiredRights: 'trading_disabled', login: '70001' }),
    ];
    expect(foldClientTrail(CLIENT, trail).record?.tradingAccounts[0]).toMatchObject({ status: 'restricted', rights: 'full', desiredRights: 'trading_disabled', leverage: 30 });
    const confirmed = foldClientTrail(CLIENT, [...trail, account('trading_account.rights_applied', { rights: 'trading_disabled' })]).record!;
    expect(confirmed.tradingAccounts[0]).toMatchObject({ rights: 'trading_disabled', desiredRights: null });
  });

  it('follows a change of language and passes over exports of the trail', () => {
    const fold = foldClientTrail(CLIENT, [
      registered(),
      ev('client.language_changed', { old: { language: 'en' }, new: { language: 'ar' } }),
      ev('operations.exported', { actorType: 'staff', new: { export: 'client_audit_events' } }),
    ]);
    expect(fold.record!.client.language).toBe('ar');
    expect(fold.effects).toEqual(['applied', 'applied', 'outside_record']);
  });

  it('knows every action a use case writes with a literal name: it shapes the record or lies outside it', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
    const actions = new Set(files('src/usecases').flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!)));
    expect(actions.size).toBeGreaterThan(50);
    // Staff accounts have no client stream.
    const unknown = [...actions].filter((a) => !a.startsWith('staff.') && !HANDLERS[a] && !isOutsideRecord(a)).sort();
    expect(unknown).toEqual([]);
  });
});
