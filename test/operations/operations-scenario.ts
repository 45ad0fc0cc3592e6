/**
 * A known week of operations, on a ManualClock, for the operations view's
 * tests. Times are UTC; the SLA calendar is Europe/Nicosia (UTC+2 in
 * November), working 09:00–18:00 local = 07:00–16:00 UTC.
 *
 *   T0 = Mon 2026-11-23 07:00Z (09:00 local). NOW = Wed 2026-11-25 08:00Z.
 *
 * KYC (kyc_review, 8 working hours): case A (eu) submitted T0, claimed, rejected
 * by the real use cases 5 h later; case D (eu) approved 30 h after submission,
 * after its due time; case B (eu, client named "=SUM(1,2)") waits since T0
 * (breached); case C (offshore) waits since NOW − 1 h (not breached).
 * Deposits: D2 (eu) in review since T0 (breached), D1 (eu) since NOW − 30 min;
 * on Tue: D3 auto-credited, D4 auto-credited then charged back, D5 failed,
 * D6 credited after review, D7 (offshore) failed; D0 failed in September.
 * Withdrawals: W1 (eu) requested T0, five steps (30 min, 1 h, 2 h, 3 h, 20 h),
 * paid T0 + 26.5 h; W2 (eu) in compliance since T0 (breached); W3 and W4 (eu)
 * back in finance since NOW − 1 h after a failed and a returned payout (Tue);
 * W5 (offshore) submitted at NOW.
 * Also one open reconciliation break and one failed platform sync (eu).
 */
import { slaDueAt } from '../../src/domain/sla/sla-due';
import { newId } from '../../src/persistence/ids';
import { SYSTEM_REQUEST, type AppContext } from '../../src/usecases/app-context';
import type { ManualClock } from '../../src/usecases/clock';
import { claimKycCase } from '../../src/usecases/kyc/claim-kyc-case';
import { decideKycCase } from '../../src/usecases/kyc/decide-kyc-case';
import { createStaff } from '../../src/usecases/staff/create-staff';
import { seedCase, seedClient } from '../support/kyc-fixtures';
import { seedRightsSync } from '../support/platform-sync-fixtures';
import { seedReconciliationBreak } from '../support/reconciliation-fixtures';
import { seedWithdrawal } from '../support/withdrawal-fixtures';

export const HOUR = 3_600_000;
export const T0 = new Date('2026-11-23T07:00:00Z');
export const NOW = new Date('2026-11-25T08:00:00Z');
const at = (hoursAfterT0: number) => new Date(T0.getTime() + hoursAfterT0 * HOUR);

export interface Scenario {
  euClient: string;
  /** The client of case A, whose audit trail holds the rejection. */
  rejectedClient: string;
  formulaClient: string;
  w1: string;
}

interface DepositSeed {
  clientId: string;
  entityId: string;
  status: string;
  created: Date;
  confirmed?: Date;
  credited?: Date;
  decided?: Date;
  ruleHits?: string[];
}

async function seedDeposit(ctx: AppContext, d: DepositSeed): Promise<string> {
  const id = newId();
  await ctx.db
    .insertInto('deposit')
    .values({
      id, client_id: d.clientId, entity_id: d.entityId, method_id: 'eu_card', method_kind: 'card', provider_id: 'demo_card', amount_minor: 10_000n, currency: 'EUR',
      status: d.status, rule_hits: JSON.stringify((d.ruleHits ?? []).map((code) => ({ code, detail: code }))), created_at: d.created, updated_at: d.created,
      confirmed_at: d.confirmed ?? null, credited_at: d.credited ?? null, decided_at: d.decided ?? null, decided_by: d.decided ? 'finance-seeded' : null,
    })
    .execute();
  return id;
}

async function step(ctx: AppContext, withdrawalId: string, from: string, to: string, atTime: Date, elapsedHours: number) {
  await ctx.db
    .insertInto('withdrawal_step')
    .values({ withdrawal_id: withdrawalId, event: `${from}->${to}`, from_status: from, to_status: to, actor_type: 'system', actor_id: 'test', elapsed_ms: BigInt(Math.round(elapsedHours * HOUR)), at: atTime })
    .execute();
}

async function setWithdrawal(ctx: AppContext, id: string, values: { created_at?: Date; stage_entered_at?: Date; paid_at?: Date }) {
  await ctx.db.updateTable('withdrawal').set(values).where('id', '=', id).execute();
}

async function setPayout(ctx: AppContext, withdrawalId: string, status: 'paid' | 'failed' | 'returned', created: Date) {
  await ctx.db.updateTable('withdrawal_payout').set({ status, created_at: created }).where('withdrawal_id', '=', withdrawalId).execute();
}

export async function seedScenario(ctx: AppContext, clock: ManualClock): Promise<Scenario> {
  clock.set(T0);
  const { sla } = ctx.config;
  const { staff: reviewer } = await createStaff(ctx, SYSTEM_REQUEST, { type: 'system', id: 'test' }, {
    email: `ops-reviewer-${newId()}@example.test`, displayName: 'Ops Reviewer', roles: ['compliance'], entityIds: 'all',
  });
  const reviewerActor = { type: 'staff' as const, id: reviewer.id, roles: ['compliance' as const], entityIds: 'all' as const };

  // KYC
  const rejectedClient = await seedClient(ctx, 'eu');
  const caseA = await seedCase(ctx, rejectedClient, 'pending');
  await ctx.db.updateTable('kyc_case').set({ sla_due_at: slaDueAt(sla, 'kyc_review', T0) }).where('id', '=', caseA).execute();
  await claimKycCase(ctx, SYSTEM_REQUEST, reviewerActor, caseA, { note: 'Taking it.' });
  clock.set(at(5));
  await decideKycCase(ctx, SYSTEM_REQUEST, reviewerActor, caseA, { decision: 'reject', reason: 'document_unreadable', note: 'Passport photo unreadable.', clientMessage: 'Please upload a sharper photo.' });
  clock.set(T0);

  const formulaClient = await seedClient(ctx, 'eu');
  await ctx.db.updateTable('client').set({ first_name: '=SUM(1,2)' }).where('id', '=', formulaClient).execute();
  const caseB = await seedCase(ctx, formulaClient, 'pending');
  await ctx.db.updateTable('kyc_case').set({ sla_due_at: slaDueAt(sla, 'kyc_review', T0) }).where('id', '=', caseB).execute();

  const approvedClient = await seedClient(ctx, 'eu');
  const caseD = await seedCase(ctx, approvedClient, 'pending');
  await ctx.db.updateTable('kyc_case').set({ status: 'approved', sla_due_at: slaDueAt(sla, 'kyc_review', T0), decided_at: at(30), decided_by: reviewer.id }).where('id', '=', caseD).execute();

  // Deposits
  const euClient = await seedClient(ctx, 'eu');
  const offshoreClient = await seedClient(ctx, 'offshore');
  const tue = at(24);
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'under_review', created: T0, confirmed: T0, ruleHits: ['first_deposit'] });
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'credited', created: tue, confirmed: tue, credited: tue });
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'chargeback', created: tue, confirmed: tue, credited: tue });
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'failed', created: tue });
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'credited', created: tue, confirmed: tue, credited: at(26), decided: at(26), ruleHits: ['amount_over_threshold'] });
  await seedDeposit(ctx, { clientId: offshoreClient, entityId: 'offshore', status: 'failed', created: tue });
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'failed', created: new Date('2026-09-01T10:00:00Z') });

  // Withdrawals
  const w1 = await seedWithdrawal(ctx, euClient, 'paid', { payout: 'manual' });
  await setWithdrawal(ctx, w1, { created_at: T0, stage_entered_at: at(26.5), paid_at: at(26.5) });
  await step(ctx, w1, 'submitted', 'support_review', at(0.5), 0.5);
  await step(ctx, w1, 'support_review', 'compliance_review', at(1.5), 1);
  await step(ctx, w1, 'compliance_review', 'finance_review', at(3.5), 2);
  await step(ctx, w1, 'finance_review', 'payout_pending', at(6.5), 3);
  await step(ctx, w1, 'payout_pending', 'paid', at(26.5), 20);
  await setPayout(ctx, w1, 'paid', at(6.5));
  const w2 = await seedWithdrawal(ctx, euClient, 'compliance_review');
  await setWithdrawal(ctx, w2, { stage_entered_at: T0 });
  const w3 = await seedWithdrawal(ctx, euClient, 'finance_review', { payout: 'manual' });
  const w4 = await seedWithdrawal(ctx, euClient, 'finance_review', { payout: 'manual' });
  await setPayout(ctx, w3, 'failed', tue);
  await setPayout(ctx, w4, 'returned', tue);
  for (const w of [w3, w4]) await setWithdrawal(ctx, w, { created_at: tue, stage_entered_at: new Date(NOW.getTime() - HOUR) });

  await seedReconciliationBreak(ctx, euClient);
  await seedRightsSync(ctx, euClient, 'failed');

  // Now: the last arrivals.
  clock.set(NOW);
  const caseC = await seedCase(ctx, offshoreClient, 'pending');
  const cSubmitted = new Date(NOW.getTime() - HOUR);
  await ctx.db.updateTable('kyc_case').set({ submitted_at: cSubmitted, sla_due_at: slaDueAt(sla, 'kyc_review', cSubmitted) }).where('id', '=', caseC).execute();
  const halfHourAgo = new Date(NOW.getTime() - HOUR / 2);
  await seedDeposit(ctx, { clientId: euClient, entityId: 'eu', status: 'under_review', created: halfHourAgo, confirmed: halfHourAgo, ruleHits: ['first_deposit'] });
  await seedWithdrawal(ctx, offshoreClient, 'submitted');

  return { euClient, rejectedClient, formulaClient, w1 };
}
