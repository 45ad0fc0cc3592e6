/**
 * The whole permission matrix, through the real use cases: every action ×
 * every role × in/out of entity scope → allowed, or 403. The expected table
 * is written out here from SPEC §3, independently of src/domain/permissions.ts,
 * so a change to the map that nobody meant fails this test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthenticatedError } from '../../src/domain/errors';
import { ACTIONS, type Action } from '../../src/domain/permissions';
import { STAFF_ROLES, type Actor, type StaffRole } from '../../src/domain/roles';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { getClientDetail } from '../../src/usecases/backoffice/get-client-detail';
import { getClientTimeline } from '../../src/usecases/backoffice/get-client-timeline';
import { searchClients } from '../../src/usecases/backoffice/search-clients';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { listStaff } from '../../src/usecases/staff/list-staff';
import { addCaseNote } from '../../src/usecases/kyc/add-case-note';
import { assignKycCase, claimKycCase } from '../../src/usecases/kyc/claim-kyc-case';
import { decideKycCase } from '../../src/usecases/kyc/decide-kyc-case';
import { escalateKycCase } from '../../src/usecases/kyc/escalate-kyc-case';
import { getKycCase } from '../../src/usecases/kyc/get-kyc-case';
import { listKycQueue } from '../../src/usecases/kyc/kyc-queue';
import { overrideRisk } from '../../src/usecases/kyc/override-risk';
import { reviewDocument } from '../../src/usecases/kyc/review-document';
import { readDocumentFileAsStaff } from '../../src/usecases/onboarding/read-document-file';
import { decideScreeningHit } from '../../src/usecases/screening/decide-screening-hit';
import { uniqueEmail } from '../support/actors';
import { seedCase, seedClient, seedDepositUnderReview, seedDocument, seedScreeningHit } from '../support/kyc-fixtures';
import { decideDeposit } from '../../src/usecases/deposits/decide-deposit';
import { depositReviewQueue } from '../../src/usecases/deposits/deposit-review-queue';
import { getClientWallet } from '../../src/usecases/backoffice/get-client-wallet';
import { startTestApp, type TestApp } from '../support/test-app';
import { seedPayoutDestination, seedWithdrawal } from '../support/withdrawal-fixtures';
import { actOnWithdrawal, type StaffWithdrawalEvent } from '../../src/usecases/withdrawals/act-on-withdrawal';
import { listWithdrawalQueue } from '../../src/usecases/withdrawals/list-withdrawals';
import { editPayoutDestination, listClientPayoutDestinations } from '../../src/usecases/withdrawals/payout-destinations';
import { listReconciliationRuns, resolveReconciliationBreak } from '../../src/usecases/reconciliation/reconciliation-views';
import { startReconciliationRun } from '../../src/usecases/reconciliation/run-reconciliation';
import { seedReconciliationBreak } from '../support/reconciliation-fixtures';
import { changeClientStanding } from '../../src/usecases/clients/change-client-standing';
import { getClientTradingAccounts } from '../../src/usecases/trading/get-client-trading-accounts';
import { listPlatformSync, retryPlatformSync } from '../../src/usecases/trading/platform-sync';
import { seedRightsSync } from '../support/platform-sync-fixtures';
import { getOperationsOverview } from '../../src/usecases/operations/get-operations-overview';
import { withdrawalsCsv } from '../../src/usecases/operations/exports/withdrawals-csv';
import { listClientMessages } from '../../src/usecases/messages/list-messages';
import { sendStaffMessage } from '../../src/usecases/messages/send-message';

/** Each role acts on the stage the machine gives it (a role without the permission is refused before the state matters). */
const WITHDRAWAL_PROBE: Partial<Record<StaffRole, [string, StaffWithdrawalEvent]>> = {
  support: ['submitted', 'start_review'],
  compliance: ['compliance_review', 'escalate'],
  finance: ['finance_review', 'escalate'],
  supervisor: ['escalated', 'return_to_support'],
};

const EXPECTED_ROLES: Record<Action, StaffRole[]> = {
  'client.search': ['support', 'compliance', 'finance', 'supervisor'],
  'client.view': ['support', 'compliance', 'finance', 'supervisor'],
  'client.timeline.view': ['support', 'compliance', 'finance', 'supervisor'],
  'client.status.change': ['compliance', 'supervisor'],
  'staff.list': ['admin', 'supervisor'],
  'staff.create': ['admin'],
  'kyc.queue.view': ['support', 'compliance', 'supervisor'],
  'kyc.case.view': ['support', 'compliance', 'supervisor'],
  'kyc.case.note': ['support', 'compliance', 'supervisor'],
  'kyc.case.claim': ['compliance', 'supervisor'],
  'kyc.case.assign': ['supervisor'],
  'kyc.case.decide': ['compliance', 'supervisor'],
  'kyc.case.escalate': ['compliance'],
  'document.view': ['support', 'compliance', 'supervisor'],
  'document.review': ['compliance', 'supervisor'],
  'screening.decide': ['compliance', 'supervisor'],
  'risk.override': ['compliance', 'supervisor'],
  'deposit.view': ['support', 'compliance', 'finance', 'supervisor'],
  'deposit.review': ['finance', 'supervisor'],
  'wallet.view': ['support', 'compliance', 'finance', 'supervisor'],
  'withdrawal.view': ['support', 'compliance', 'finance', 'supervisor'],
  'withdrawal.decide': ['support', 'compliance', 'finance', 'supervisor'],
  'withdrawal.payout.record': ['finance'],
  'payout_destination.view': ['support', 'compliance', 'finance', 'supervisor'],
  'payout_destination.edit': ['finance'],
  'reconciliation.view': ['compliance', 'finance', 'supervisor'],
  'reconciliation.run': ['finance'],
  'reconciliation.resolve': ['finance'],
  'trading_account.view': ['support', 'compliance', 'finance', 'supervisor'],
  'platform.sync.view': ['support', 'compliance', 'finance', 'supervisor'],
  'platform.sync.retry': ['support', 'supervisor'],
  'operations.view': ['compliance', 'finance', 'supervisor'],
  'operations.export': ['compliance', 'finance', 'supervisor'],
  'message.view': ['support', 'compliance', 'finance', 'supervisor'],
  'message.send': ['support', 'compliance', 'finance', 'supervisor'],
};

let app: TestApp;
let euClientId: string;
let euReviewerId: string;
/** Real staff rows (case assignees are foreign keys), one per role × scope. */
const staffIds = new Map<string, string>();
beforeAll(async () => {
  app = await startTestApp({ workers: false });
  euClientId = await seedClient(app.ctx, 'eu');
  for (const role of STAFF_ROLES) {
    for (const scope of [['eu'], ['offshore'], 'all'] as const) {
      const { staff } = await createStaff(app.ctx, SYSTEM_REQUEST, { type: 'system', id: 'test' }, {
        email: uniqueEmail(`${role}-${String(scope)}`), displayName: role, roles: [role], entityIds: scope === 'all' ? 'all' : [...scope],
      });
      staffIds.set(`${role}:${String(scope)}`, staff.id);
    }
  }
  euReviewerId = staffIds.get('compliance:eu')!;
});
afterAll(async () => app?.close());

const note = 'matrix probe';
const freshClient = () => seedClient(app.ctx, 'eu');

/** Runs the real use case behind each action, on a fresh record of entity "eu" in a state that allows it. */
const PROBES: Record<Action, (actor: Actor) => Promise<unknown>> = {
  'client.search': (actor) => searchClients(app.ctx, actor, { entity: 'eu' }),
  'client.view': (actor) => getClientDetail(app.ctx, actor, euClientId),
  'client.timeline.view': (actor) => getClientTimeline(app.ctx, actor, euClientId, {}),
  'client.status.change': async (actor) => changeClientStanding(app.ctx, SYSTEM_REQUEST, actor, await freshClient(), { event: 'close', reason: 'duplicate_account', note }),
  'staff.list': (actor) => listStaff(app.ctx, actor),
  'staff.create': (actor) =>
    createStaff(app.ctx, SYSTEM_REQUEST, actor, { email: uniqueEmail('made'), displayName: 'Made', roles: ['support'], entityIds: ['eu'] }),
  'kyc.queue.view': (actor) => listKycQueue(app.ctx, actor, { entity: 'eu' }),
  'kyc.case.view': async (actor) => getKycCase(app.ctx, actor, await seedCase(app.ctx, await freshClient(), 'pending')),
  'kyc.case.note': async (actor) => addCaseNote(app.ctx, SYSTEM_REQUEST, actor, await seedCase(app.ctx, await freshClient(), 'pending'), { body: note }),
  'kyc.case.claim': async (actor) => claimKycCase(app.ctx, SYSTEM_REQUEST, actor, await seedCase(app.ctx, await freshClient(), 'pending'), { note }),
  'kyc.case.assign': async (actor) =>
    assignKycCase(app.ctx, SYSTEM_REQUEST, actor, await seedCase(app.ctx, await freshClient(), 'pending'), { assigneeId: euReviewerId, note }),
  'kyc.case.decide': async (actor) =>
    decideKycCase(app.ctx, SYSTEM_REQUEST, actor, await seedCase(app.ctx, await freshClient(), 'under_review', actor.type === 'staff' ? actor.id : null), {
      decision: 'request_documents',
      note,
      documents: [{ documentTypes: ['passport'], reason: 'The photo is blurred.' }],
    }),
  'kyc.case.escalate': async (actor) =>
    escalateKycCase(app.ctx, SYSTEM_REQUEST, actor, await seedCase(app.ctx, await freshClient(), 'under_review', actor.type === 'staff' ? actor.id : null), { note }),
  'document.view': async (actor) => readDocumentFileAsStaff(app.ctx, SYSTEM_REQUEST, actor, await seedDocument(app.ctx, await freshClient())),
  'document.review': async (actor) =>
    reviewDocument(app.ctx, SYSTEM_REQUEST, actor, await seedDocument(app.ctx, await freshClient()), { decision: 'reject', reason: 'unreadable', clientMessage: 'Blurred.', note }),
  'screening.decide': async (actor) => decideScreeningHit(app.ctx, SYSTEM_REQUEST, actor, await seedScreeningHit(app.ctx, await freshClient()), { decision: 'clear', note }),
  'risk.override': async (actor) => overrideRisk(app.ctx, SYSTEM_REQUEST, actor, await freshClient(), { level: 'medium', note }),
  'deposit.view': (actor) => depositReviewQueue(app.ctx, actor, { entity: 'eu' }),
  'deposit.review': async (actor) => decideDeposit(app.ctx, SYSTEM_REQUEST, actor, await seedDepositUnderReview(app.ctx, await freshClient()), { decision: 'approve', note }),
  'wallet.view': (actor) => getClientWallet(app.ctx, actor, euClientId, {}),
  'withdrawal.view': (actor) => listWithdrawalQueue(app.ctx, actor, { entity: 'eu' }),
  'withdrawal.decide': async (actor) => {
    const [status, event] = WITHDRAWAL_PROBE[actor.type === 'staff' ? actor.roles[0]! : 'support'] ?? ['submitted', 'start_review'];
    return actOnWithdrawal(app.ctx, SYSTEM_REQUEST, actor, await seedWithdrawal(app.ctx, await freshClient(), status), { event, note });
  },
  'withdrawal.payout.record': async (actor) =>
    actOnWithdrawal(app.ctx, SYSTEM_REQUEST, actor, await seedWithdrawal(app.ctx, await freshClient(), 'payout_pending', { payout: 'manual' }), {
      event: 'payout_failed', reason: 'bank_rejected', note,
    }),
  'payout_destination.view': (actor) => listClientPayoutDestinations(app.ctx, actor, euClientId),
  'payout_destination.edit': async (actor) =>
    editPayoutDestination(app.ctx, SYSTEM_REQUEST, actor, await seedPayoutDestination(app.ctx, await freshClient()), { note, markVerified: true }),
  'reconciliation.view': (actor) => listReconciliationRuns(app.ctx, actor),
  'reconciliation.run': (actor) => startReconciliationRun(app.ctx, SYSTEM_REQUEST, actor, {}),
  'reconciliation.resolve': async (actor) => resolveReconciliationBreak(app.ctx, SYSTEM_REQUEST, actor, await seedReconciliationBreak(app.ctx, await freshClient()), { note }),
  'trading_account.view': (actor) => getClientTradingAccounts(app.ctx, actor, euClientId),
  'platform.sync.view': (actor) => listPlatformSync(app.ctx, actor, { entity: 'eu' }),
  'platform.sync.retry': async (actor) => retryPlatformSync(app.ctx, SYSTEM_REQUEST, actor, await seedRightsSync(app.ctx, await freshClient()), { note }),
  'operations.view': (actor) => getOperationsOverview(app.ctx, actor, { entity: 'eu' }),
  // An export every role with withdrawal.view may see, so only operations.export decides.
  'operations.export': (actor) => withdrawalsCsv(app.ctx, SYSTEM_REQUEST, actor, { entity: 'eu' }),
  'message.view': (actor) => listClientMessages(app.ctx, actor, euClientId, {}),
  'message.send': async (actor) => sendStaffMessage(app.ctx, SYSTEM_REQUEST, actor, await freshClient(), { body: note }),
};

/** Actions that concern one entity's records; the others ignore scope. */
const SCOPED: Record<Action, boolean> = {
  'client.search': true,
  'client.view': true,
  'client.timeline.view': true,
  'client.status.change': true,
  'staff.list': false,
  'staff.create': true,
  'kyc.queue.view': true,
  'kyc.case.view': true,
  'kyc.case.note': true,
  'kyc.case.claim': true,
  'kyc.case.assign': true,
  'kyc.case.decide': true,
  'kyc.case.escalate': true,
  'document.view': true,
  'document.review': true,
  'screening.decide': true,
  'risk.override': true,
  'deposit.view': true,
  'deposit.review': true,
  'wallet.view': true,
  'withdrawal.view': true,
  'withdrawal.decide': true,
  'withdrawal.payout.record': true,
  'payout_destination.view': true,
  'payout_destination.edit': true,
  // Broker-wide run lists and runs; a break of a client is resolved within the staff member's entities.
  'reconciliation.view': false,
  'reconciliation.run': false,
  'reconciliation.resolve': true,
  'trading_account.view': true,
  'platform.sync.view': true,
  'platform.sync.retry': true,
  'operations.view': true,
  'operations.export': true,
  'message.view': true,
  'message.send': true,
};

function staffActor(role: StaffRole, entityIds: string[] | 'all'): Actor {
  return { type: 'staff', id: staffIds.get(`${role}:${String(entityIds)}`)!, roles: [role], entityIds };
}

describe('permission matrix', () => {
  it('declares exactly the actions this test knows', () => {
    expect([...ACTIONS].sort()).toEqual(Object.keys(EXPECTED_ROLES).sort());
  });

  const cases = ACTIONS.flatMap((action) =>
    STAFF_ROLES.flatMap((role) =>
      (['all', 'in scope', 'out of scope'] as const).map((scope) => ({ action, role, scope })),
    ),
  );

  it.each(cases)('$action by $role ($scope)', async ({ action, role, scope }) => {
    const entityIds = scope === 'all' ? 'all' : scope === 'in scope' ? ['eu'] : ['offshore'];
    const allowed = EXPECTED_ROLES[action].includes(role) && (scope !== 'out of scope' || !SCOPED[action]);
    const run = PROBES[action](staffActor(role, entityIds));
    if (allowed) await expect(run).resolves.toBeDefined();
    else await expect(run).rejects.toBeInstanceOf(ForbiddenError);
  });

  it.each(ACTIONS)('%s refuses clients and the system with 401', async (action) => {
    if (action === 'staff.create') return; // the system (CLI) may create the first admin by design
    await expect(PROBES[action]({ type: 'client', id: euClientId, entityId: 'eu' })).rejects.toBeInstanceOf(UnauthenticatedError);
    await expect(PROBES[action]({ type: 'system', id: 'x' })).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('filters search results to the staff member’s entities', async () => {
    const offshoreClient = await seedClient(app.ctx, 'offshore');
    const euOnly = await searchClients(app.ctx, staffActor('support', ['eu']), {});
    expect(euOnly.items.every((c) => c.entityId === 'eu')).toBe(true);
    expect(euOnly.items.map((c) => c.id)).not.toContain(offshoreClient);
  });
});
