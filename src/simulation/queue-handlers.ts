/**
 * What a staff member does with an item of each queue, on the real use
 * cases, as that member (roles and four eyes checked by the engine):
 * compliance claims a KYC case and decides it (approve; refuse an unreadable
 * document and ask for another; reject a forgery); finance decides a deposit
 * under review; each withdrawal stage approves and hands over, finance refers
 * to the supervisor when the plan says so, and an approval to pay runs the
 * payout.
 */
import { SYSTEM_REQUEST } from '../usecases/app-context';
import { decideDeposit } from '../usecases/deposits/decide-deposit';
import { claimKycCase } from '../usecases/kyc/claim-kyc-case';
import { decideKycCase } from '../usecases/kyc/decide-kyc-case';
import { reviewDocument } from '../usecases/kyc/review-document';
import { actOnWithdrawal, type StaffWithdrawalEvent } from '../usecases/withdrawals/act-on-withdrawal';
import { BEHAVIOUR } from './behaviour';
import { credited, deposit as newDeposit, excludedFor, startPayout, type SimDeposit, type SimWithdrawal } from './money-journey';
import { answerDocumentRequest, delay, type Model } from './onboarding-journey';
import type { QueueName } from './scenario';
import type { SimClient, StaffMember } from './sim-world';
import type { QueueHandler, WorkItem } from './staff-pools';

const ID_TYPES = ['passport', 'national_id', 'driving_licence'];

function kycHandler(m: Model): QueueHandler {
  const { world } = m;
  return {
    async start(item, member) {
      const claimed = await world.attempt('claim KYC case', () => claimKycCase(world.ctx, SYSTEM_REQUEST, member.actor, item.subjectId));
      if (!claimed.ok) return false;
      const client = item.data.client as SimClient;
      world.metrics.turnaround('kyc.wait', client.submittedAt!, world.now());
      item.data.startedAt = world.now();
      return true;
    },
    async finish(item, member) {
      const client = item.data.client as SimClient;
      const rng = client.rng;
      const decidedAfter = () => {
        world.metrics.turnaround('kyc.review', item.data.startedAt as number, world.now());
        world.metrics.turnaround('kyc.decision', client.submittedAt!, world.now());
        client.submittedAt = null;
      };
      if (rng.chance(BEHAVIOUR.applicationRejected)) {
        const rejected = await world.attempt('reject KYC case', () =>
          decideKycCase(world.ctx, SYSTEM_REQUEST, member.actor, item.subjectId, { decision: 'reject', reason: 'suspected_fraud', note: 'Simulated: the identity document looks altered.' }),
        );
        if (rejected.ok) {
          world.metrics.count('applications rejected');
          decidedAfter();
        }
        return;
      }
      if (rng.chance(BEHAVIOUR.documentUnreadable)) {
        const doc = await world.ctx.db
          .selectFrom('document')
          .select('id')
          .where('client_id', '=', client.id!)
          .where('document_type', 'in', ID_TYPES)
          .where('status', 'in', ['uploaded', 'under_review'])
          .orderBy('version', 'desc')
          .executeTakeFirst();
        if (doc) {
          const refused = await world.attempt('refuse document', () =>
            reviewDocument(world.ctx, SYSTEM_REQUEST, member.actor, doc.id, {
              decision: 'reject', reason: 'unreadable', clientMessage: 'The photo page cannot be read: upload a sharper scan.', note: 'Simulated: glare over the photo page.',
            }),
          );
          const asked = refused.ok
            ? await world.attempt('request documents', () =>
                decideKycCase(world.ctx, SYSTEM_REQUEST, member.actor, item.subjectId, {
                  decision: 'request_documents', note: 'Simulated: identity document unreadable.', documents: [{ documentTypes: ID_TYPES, reason: 'Your identity document cannot be read: upload a sharper scan.' }],
                }),
              )
            : refused;
          if (asked.ok) {
            world.metrics.count('documents refused as unreadable');
            decidedAfter();
            answerDocumentRequest(m, client);
            return;
          }
        }
      }
      const approved = await world.attempt('approve KYC case', () => decideKycCase(world.ctx, SYSTEM_REQUEST, member.actor, item.subjectId, { decision: 'approve', note: 'Simulated: documents match the profile.' }));
      if (!approved.ok) return;
      decidedAfter();
      if (client.approvedAt !== null) {
        world.metrics.count('re-checks approved');
        return;
      }
      client.approvedAt = world.now();
      world.metrics.count('clients approved');
      world.metrics.turnaround('kyc.onboarding', client.registeredAt, world.now());
      if (rng.chance(BEHAVIOUR.firstDeposit)) world.after(delay(client, BEHAVIOUR.firstDepositDelay), () => newDeposit(m, client));
    },
  };
}

function depositHandler(m: Model): QueueHandler {
  const { world } = m;
  return {
    async finish(item, member) {
      const d = item.data.deposit as SimDeposit;
      const reject = d.thirdParty ? 'payer_name_mismatch' : d.client.rng.chance(BEHAVIOUR.depositRejectedOtherwise) ? 'suspected_fraud' : null;
      const decided = await world.attempt(reject ? 'reject deposit' : 'approve deposit', () =>
        decideDeposit(world.ctx, SYSTEM_REQUEST, member.actor, d.id, reject
          ? { decision: 'reject', reason: reject, note: `Simulated: ${reject.replace(/_/g, ' ')}.` }
          : { decision: 'approve', note: 'Simulated: payer and amount check out.' }),
      );
      if (!decided.ok) return;
      world.metrics.turnaround('deposit.review', item.enteredAt, world.now());
      world.metrics.count(reject ? 'deposits rejected by finance' : 'deposits approved by finance');
      if (!reject) credited(m, d);
    },
  };
}

const NEXT_QUEUE: Partial<Record<string, QueueName>> = {
  compliance_review: 'withdrawal_compliance',
  finance_review: 'withdrawal_finance',
  supervisor_review: 'withdrawal_supervisor',
};

function withdrawalHandler(m: Model, stage: 'support' | 'compliance' | 'finance' | 'supervisor'): QueueHandler {
  const { world } = m;
  const act = (w: SimWithdrawal, member: StaffMember, event: StaffWithdrawalEvent, extra: { note?: string; reason?: string } = {}) =>
    world.attempt(`withdrawal ${event}`, () => actOnWithdrawal(world.ctx, SYSTEM_REQUEST, member.actor, w.id, { event, ...extra }));
  return {
    ...(stage === 'support'
      ? {
          async start(item: WorkItem, member: StaffMember) {
            const started = await act(item.data.withdrawal as SimWithdrawal, member, 'start_review');
            return started.ok;
          },
        }
      : {}),
    async finish(item, member) {
      const w = item.data.withdrawal as SimWithdrawal;
      let event: StaffWithdrawalEvent = `${stage}_approve` as StaffWithdrawalEvent;
      if (stage === 'finance' && w.stages.includes('supervisor')) event = 'finance_refer';
      const note = event === 'finance_refer' || event === 'supervisor_approve' ? `Simulated: ${w.stages.includes('supervisor') ? 'supervisor step required by the plan' : 'checked'}.` : undefined;
      let done = await act(w, member, event, note ? { note } : {});
      if (!done.ok && stage === 'compliance' && done.code === 'guard_failed') {
        done = await act(w, member, 'decline', { reason: 'kyc_not_approved', note: 'Simulated: the client is not verified now.' });
        if (done.ok) world.metrics.count('withdrawals declined (client not verified)');
        return;
      }
      if (!done.ok) return;
      w.approvals.set(member.id, stage);
      world.metrics.turnaround(`withdrawal.${stage}`, item.enteredAt, world.now());
      const status = done.value.withdrawal.status as string;
      const next = NEXT_QUEUE[status];
      if (next) await m.pools.enqueue(next, w.id, { withdrawal: w }, excludedFor(w, next.replace('withdrawal_', '')));
      else if (status === 'payout_pending') await startPayout(m, w, done.jobs);
    },
  };
}

export function queueHandlers(m: Model): Record<QueueName, QueueHandler> {
  return {
    kyc_review: kycHandler(m),
    deposit_review: depositHandler(m),
    withdrawal_support: withdrawalHandler(m, 'support'),
    withdrawal_compliance: withdrawalHandler(m, 'compliance'),
    withdrawal_finance: withdrawalHandler(m, 'finance'),
    withdrawal_supervisor: withdrawalHandler(m, 'supervisor'),
  };
}
