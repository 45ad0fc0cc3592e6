/**
 * The point-in-time view matches the record (issue 7): a client is driven
 * over real HTTP through registration, profile edits, uploads, a document
 * rejection and resubmission, a risk override, approval, a credited wallet, a
 * live MT5 account, a restriction and its lift, and a change of verified
 * details. After each step the live record is read from the existing detail
 * endpoints with the time; afterwards GET /api/backoffice/clients/:id/as-of
 * is asked for every captured time and must give back exactly what was
 * captured. The clock is a manual one, moved a minute between steps, so each
 * step has its own instant. Plus: input edges (4xx changing nothing), 404,
 * roles and entity scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load-config';
import { createMt5WebApiPlatform } from '../../src/integrations/platforms';
import { startMt5Simulator, type Mt5Simulator } from '../../src/simulators/mt5';
import { ManualClock } from '../../src/usecases/clock';
import { NO_INTEGRATIONS } from '../../src/usecases/integrations';
import { loggedInStaff, registerVerifiedClient, type LoggedInStaff, type RegisteredClient } from '../support/actors';
import type { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import { fundWallet } from '../support/withdrawal-fixtures';
import { claim, decide, individualProfile, patchProfile, submit, upload, freshPng, uploadPassport, uploadProofOfAddress, today, addDays } from '../kyc/kyc-support';

const MANAGER = { login: '1000', password: 'Manager-Pass-1' };
const MINUTE = 60_000;

let app: TestApp;
let mt5: Mt5Simulator;
let platform: ReturnType<typeof createMt5WebApiPlatform>;
const clock = new ManualClock(new Date('2026-03-02T07:00:00Z'));
let compliance: LoggedInStaff;
let supervisor: LoggedInStaff;

beforeAll(async () => {
  const config = loadConfig();
  mt5 = await startMt5Simulator({ managers: [MANAGER], groups: config.platforms[0]!.groups.map((g) => ({ name: g.group, currency: g.currencies[0]! })) });
  platform = createMt5WebApiPlatform({ baseUrl: mt5.url, ...MANAGER, maxAttempts: 2, retryDelayMs: () => 20 });
  app = await startTestApp({ clock, config, integrations: { ...NO_INTEGRATIONS, platforms: { mt5_demo: platform } } });
  compliance = await loggedInStaff(app, ['compliance']);
  supervisor = await loggedInStaff(app, ['supervisor']);
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
  await mt5?.close();
});

const asOf = (staff: LoggedInStaff, clientId: string, at: string) => staff.http.get(`/api/backoffice/clients/${clientId}/as-of?at=${encodeURIComponent(at)}`);

type Json = Record<string, any>;
const pick = (from: Json, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, from[k] ?? null]));
/** Documents in one order whatever the endpoint's: by type, then version. */
const byTypeAndVersion = (docs: Json[]) => [...docs].sort((a, b) => a.documentType.localeCompare(b.documentType) || a.version - b.version);
const CLIENT_KEYS = ['email', 'firstName', 'lastName', 'country', 'clientType', 'entityId', 'status', 'restrictionReason', 'verificationLevel', 'language', 'emailVerifiedAt'] as const;
const DOCUMENT_KEYS = ['id', 'documentType', 'version', 'status', 'fileName', 'mimeType', 'sizeBytes', 'issueDate', 'expiryDate', 'clientMessage'] as const;
const ACCOUNT_KEYS = ['id', 'platformId', 'accountType', 'login', 'group', 'currency', 'leverage', 'status', 'rights'] as const;

interface Snapshot {
  label: string;
  at: string;
  record: Json;
}

/** The live record, from the endpoints staff and the client use today. */
async function liveRecord(client: RegisteredClient, caseId: string | null): Promise<Json> {
  const [detail, profile, documents, accounts, wallet] = await Promise.all([
    compliance.http.get(`/api/backoffice/clients/${client.id}`),
    client.http.get('/api/portal/profile'),
    client.http.get('/api/portal/documents'),
    compliance.http.get(`/api/backoffice/clients/${client.id}/trading-accounts`),
    compliance.http.get(`/api/backoffice/clients/${client.id}/wallet`),
  ]);
  for (const res of [detail, profile, documents, accounts, wallet]) expect(res.status, JSON.stringify(res.body)).toBe(200);
  const record: Json = {
    client: pick(detail.body.client, CLIENT_KEYS),
    profile: profile.body.fields,
    documents: byTypeAndVersion(documents.body.items.map((d: Json) => pick(d, DOCUMENT_KEYS))),
    tradingAccounts: accounts.body.accounts.map((a: Json) => pick(a, ACCOUNT_KEYS)),
    wallet: wallet.body.balances.map((b: Json) => pick(b, ['currency', 'availableMinor', 'onHoldMinor', 'debtMinor'])),
  };
  if (caseId) {
    const kyc = await compliance.http.get(`/api/backoffice/kyc/cases/${caseId}`);
    expect(kyc.status).toBe(200);
    const risk = kyc.body.client.risk;
    record.risk = { level: risk.level, computedLevel: risk.computedLevel, score: risk.score, overridden: risk.overridden, factors: risk.factors.map((f: Json) => f.code) };
    record.caseStatus = kyc.body.case.status;
    record.rejectionReasons = Object.fromEntries(kyc.body.documents.map((d: Json) => [d.id, d.rejectionReason]));
  }
  return record;
}

/** The same shape read from the point-in-time view. */
function rebuilt(body: Json, caseId: string | null): Json {
  const r = body.record;
  const record: Json = {
    client: pick(r.client, CLIENT_KEYS),
    profile: r.profile.fields,
    documents: byTypeAndVersion(r.documents.map((d: Json) => pick(d, DOCUMENT_KEYS))),
    tradingAccounts: r.tradingAccounts.map((a: Json) => pick(a, ACCOUNT_KEYS)),
    wallet: body.walletBalances,
  };
  if (caseId) {
    record.risk = { level: r.risk.level, computedLevel: r.risk.computedLevel, score: r.risk.score, overridden: r.risk.override !== null, factors: r.risk.factors };
    record.caseStatus = r.kycCases.find((c: Json) => c.id === caseId)?.status;
    record.rejectionReasons = Object.fromEntries(r.documents.map((d: Json) => [d.id, d.rejectionReason]));
  }
  return record;
}

async function openLiveAccount(http: HttpClient): Promise<{ id: string; login: string }> {
  const res = await http.post('/api/portal/trading-accounts', { platformId: 'mt5_demo', accountType: 'live', currency: 'EUR', leverage: 30, password: 'Trade-Pass-1' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.account;
}

async function rightsApplied(tradingAccountId: string) {
  await waitFor(async () => {
    const row = await app.ctx.db.selectFrom('platform_rights_sync').select('state').where('trading_account_id', '=', tradingAccountId).executeTakeFirst();
    return row?.state === 'applied';
  }, 15_000);
}

describe('GET /api/backoffice/clients/:id/as-of', () => {
  const snapshots: Snapshot[] = [];
  let client: RegisteredClient;
  let caseId: string | null = null;
  let beforeRegistration: string;

  beforeAll(async () => {
    beforeRegistration = clock.now().toISOString();
    clock.advance(MINUTE);
    const capture = async (label: string) => {
      snapshots.push({ label, at: clock.now().toISOString(), record: await liveRecord(client, caseId) });
      clock.advance(MINUTE);
    };

    client = await registerVerifiedClient(app);
    await capture('registered, email verified');
    expect((await patchProfile(client.http, individualProfile())).status).toBe(200);
    await capture('profile filled in');
    expect((await patchProfile(client.http, { employment_status: 'self_employed', source_of_funds: 'business_income' })).status).toBe(200);
    await capture('profile edited before verification');
    await uploadPassport(app, client.http);
    const firstProof = await uploadProofOfAddress(app, client.http);
    await capture('documents uploaded');
    const submitted = await submit(client.http);
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    caseId = submitted.body.caseId as string;
    await capture('submitted');

    expect((await claim(compliance, caseId)).status).toBe(200);
    const rejected = await compliance.http.post(`/api/backoffice/documents/${firstProof.id}/review`, {
      decision: 'reject', reason: 'address_too_old', clientMessage: 'The bill is older than 90 days.', note: 'Dated last year.',
    });
    expect(rejected.status, JSON.stringify(rejected.body)).toBe(200);
    const requested = await decide(compliance, caseId, { decision: 'request_documents', note: 'Needs a recent bill.', documents: [{ documentTypes: ['proof_of_address'], reason: 'Upload a bill from the last 90 days.' }] });
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    await capture('proof of address rejected, documents requested');

    const second = await upload(client.http, { documentType: 'proof_of_address', bytes: freshPng(), fileName: 'bill-2.png', mimeType: 'image/png', issueDate: addDays(today(app), -3) });
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    expect((await submit(client.http)).status).toBe(200);
    await capture('resubmitted');

    const override = await compliance.http.post(`/api/backoffice/clients/${client.id}/risk-override`, { level: 'medium', note: 'Cash-intensive business.' });
    expect(override.status, JSON.stringify(override.body)).toBe(200);
    await capture('risk overridden');

    expect((await claim(compliance, caseId)).status).toBe(200);
    expect((await decide(compliance, caseId, { decision: 'approve', note: 'All documents match.' })).status).toBe(200);
    await capture('approved');

    await fundWallet(app.ctx, client.id, 125_000n);
    await capture('wallet credited');

    const account = await openLiveAccount(client.http);
    await capture('live account opened');

    const restricted = await compliance.http.post(`/api/backoffice/clients/${client.id}/status`, { event: 'restrict', reason: 'compliance_hold', note: 'Source of funds to be checked.' });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    await rightsApplied(account.id);
    await capture('restricted (compliance hold), platform rights applied');

    const lifted = await compliance.http.post(`/api/backoffice/clients/${client.id}/status`, { event: 'lift_restriction', note: 'Source of funds confirmed.' });
    expect(lifted.status, JSON.stringify(lifted.body)).toBe(200);
    await rightsApplied(account.id);
    await capture('restriction lifted');

    const change = await patchProfile(client.http, { residential_address: { line1: 'Neue Strasse 5', city: 'Hamburg', postalCode: '20095', country: 'DE' }, trading_experience: 'over_3_years' });
    expect(change.status, JSON.stringify(change.body)).toBe(200);
    expect(change.body.changeRequest).toMatchObject({ fields: ['residential_address'], proofOfAddressRequired: true });
    await capture('address change requested after verification');
  }, 120_000);

  it('gives back, for every captured moment, exactly the record that was live then', async () => {
    expect(snapshots).toHaveLength(14);
    for (const snapshot of snapshots) {
      const res = await asOf(supervisor, client.id, snapshot.at);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(rebuilt(res.body, snapshot.record.caseStatus === undefined ? null : caseId), snapshot.label).toEqual(snapshot.record);
      // Every event of these flows is understood: nothing unknown, no gap beyond the standing notes.
      expect(res.body.trail.unknown, snapshot.label).toBe(0);
      expect(res.body.gaps, snapshot.label).toHaveLength(3);
      expect(res.body.existed).toBe(true);
    }
  });

  it('shows the steps a reader needs to see between captures', async () => {
    const at = (label: string) => snapshots.find((s) => s.label.startsWith(label))!.at;
    const rejected = (await asOf(supervisor, client.id, at('proof of address rejected'))).body.record;
    expect(rejected.documents.map((d: Json) => [d.documentType, d.version, d.status])).toEqual([['passport', 1, 'uploaded'], ['proof_of_address', 1, 'rejected']]);
    expect(rejected.documents[1]).toMatchObject({ rejectionReason: 'address_too_old', clientMessage: 'The bill is older than 90 days.' });
    expect(rejected.kycCases).toMatchObject([{ id: caseId, kind: 'onboarding', status: 'more_documents_required' }]);

    const approved = (await asOf(supervisor, client.id, at('approved'))).body;
    expect(approved.record.client).toMatchObject({ status: 'active', verificationLevel: 'verified', kycVerifiedAt: at('approved') });
    expect(approved.record.risk).toMatchObject({ level: 'medium', override: 'medium' });
    expect(approved.walletBalances).toEqual([]);

    const restricted = (await asOf(supervisor, client.id, at('restricted'))).body.record;
    expect(restricted.client).toMatchObject({ status: 'restricted', restrictionReason: 'compliance_hold' });
    expect(restricted.tradingAccounts[0].rights).not.toBe('full');

    const changed = (await asOf(supervisor, client.id, at('address change'))).body.record;
    expect(changed.profile.fields.residential_address).toMatchObject({ city: 'Berlin' });
    expect(changed.profile.fields.trading_experience).toBe('over_3_years');
    expect(changed.profile.pendingChange).toMatchObject({ fields: { residential_address: { city: 'Hamburg' } } });
    expect(changed.kycCases.at(-1)).toMatchObject({ kind: 'profile_change', status: 'more_documents_required' });
  });

  it('returns the events up to the moment, newest first, an event at that very instant included, with the chain head', async () => {
    const at = snapshots[0]!.at;
    const res = await asOf(supervisor, client.id, at);
    const items = res.body.events.items as Json[];
    expect(items.map((e) => e.action)).toEqual(['client.login_succeeded', 'client.email_verified', 'client.registered']);
    expect(items.map((e) => e.effect)).toEqual(['outside_record', 'applied', 'applied']);
    expect(items.every((e) => e.occurredAt <= at)).toBe(true);
    expect(res.body.trail).toMatchObject({ eventCount: 3, applied: 2, outsideRecord: 1, unknown: 0, lastSeq: '3' });
    const head = await app.ctx.db.selectFrom('audit_event').select(['hash', 'occurred_at']).where('client_id', '=', client.id).where('seq', '=', 3n).executeTakeFirstOrThrow();
    expect(res.body.trail.lastHash).toBe(head.hash);
    // The exact instant of an event includes that event.
    const exact = await asOf(supervisor, client.id, head.occurred_at.toISOString());
    expect(exact.body.trail.eventCount).toBe(3);
  });

  it('has no record before the client registered', async () => {
    const res = await asOf(supervisor, client.id, beforeRegistration);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ existed: false, record: null, walletBalances: [], events: { items: [], truncated: false } });
  });

  it('refuses bad and future moments (422), unknown clients (404), and staff without the permission or out of scope (403)', async () => {
    for (const bad of ['yesterday', '2026-03-02', '2026-03-02T09:00:00', '2026-13-40T09:00:00Z', '']) {
      const res = await asOf(supervisor, client.id, bad);
      expect(res.status, bad).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const noAt = await supervisor.http.get(`/api/backoffice/clients/${client.id}/as-of`);
    expect(noAt.status).toBe(422);
    const future = await asOf(supervisor, client.id, new Date(clock.now().getTime() + MINUTE).toISOString());
    expect(future.status).toBe(422);
    expect(future.body.error).toMatchObject({ code: 'at_in_future', details: { fields: { at: expect.any(String) } } });
    expect((await asOf(supervisor, '0190a000-0000-7000-8000-00000000dead', clock.now().toISOString())).status).toBe(404);
    expect((await asOf(supervisor, 'not-a-uuid', clock.now().toISOString())).status).toBe(404);

    const now = clock.now().toISOString();
    const support = await loggedInStaff(app, ['support']);
    expect((await asOf(support, client.id, now)).status).toBe(200);
    const finance = await loggedInStaff(app, ['finance']);
    const seenByFinance = await asOf(finance, client.id, now);
    expect(seenByFinance.status).toBe(200);
    expect(seenByFinance.body.walletBalances).toEqual([{ currency: 'EUR', availableMinor: '125000', onHoldMinor: '0', debtMinor: '0' }]);
    const admin = await loggedInStaff(app, ['admin']);
    expect((await asOf(admin, client.id, now)).status).toBe(403);
    const offshore = await loggedInStaff(app, ['compliance'], ['offshore']);
    const outOfScope = await asOf(offshore, client.id, now);
    expect(outOfScope.status).toBe(403);
    expect(outOfScope.body.error.code).toBe('out_of_scope');
    // A client session never reaches it.
    expect((await client.http.get(`/api/backoffice/clients/${client.id}/as-of?at=${encodeURIComponent(now)}`)).status).toBe(401);
  });
});
