/**
 * A KYC provider's verdict (Sumsub webhook, signature already verified) moves
 * the case like a reviewer's decision, with the provider as actor. Each event
 * is applied exactly once (the inbox's unique key), and an event older than
 * the last one applied for that applicant is kept as evidence but not applied:
 * a later RED after GREEN reopens review; a late, older GREEN changes nothing.
 */
import { ConflictError } from '../../domain/errors';
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import { sumsubVerdict, webhookDedupKey, webhookOccurredAt, type SumsubWebhook } from '../../integrations/kyc-provider';
import { newId } from '../../persistence/ids';
import { findOpenCase, latestCase } from '../../persistence/repositories/onboarding-repository';
import type { AppContext, RequestMeta } from '../app-context';
import { approvalBlocker } from '../kyc/approval-blockers';
import { applyApproval, applyRejection } from '../kyc/kyc-outcomes';
import { kycSlaDueAt } from '../onboarding/kyc-sla';
import { notifyClient } from '../notifications/notify-client';
import { inTransaction } from '../unit-of-work';

export const SUMSUB = 'sumsub';

export type WebhookOutcome = 'applied' | 'duplicate' | 'stale' | 'ignored' | 'held' | 'no_case';

/** Cases a provider verdict may decide; the others (a change of details, a risk review…) stay with compliance. */
const PROVIDER_DECIDES = new Set(['onboarding', 'document_recheck', 'provider_reopen']);

export async function applyKycProviderWebhook(
  ctx: AppContext,
  meta: RequestMeta,
  webhook: SumsubWebhook,
  evidence: { rawBody: string; headers: Record<string, unknown> },
): Promise<WebhookOutcome> {
  const occurredAt = webhookOccurredAt(webhook);
  return inTransaction(ctx, meta, async (uow) => {
    const inserted = await uow.trx
      .insertInto('provider_event')
      .values({
        id: newId(uow.now.getTime()),
        provider: SUMSUB,
        dedup_key: webhookDedupKey(webhook),
        subject_id: webhook.applicantId,
        occurred_at: occurredAt,
        received_at: uow.now,
        raw_body: evidence.rawBody,
        headers: JSON.stringify(evidence.headers),
        outcome: 'received',
      })
      .onConflict((oc) => oc.columns(['provider', 'dedup_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return 'duplicate';
    const settle = async (outcome: WebhookOutcome): Promise<WebhookOutcome> => {
      await uow.trx.updateTable('provider_event').set({ outcome }).where('id', '=', inserted.id).execute();
      return outcome;
    };

    const applicant = await uow.trx.selectFrom('kyc_provider_applicant').selectAll().where('applicant_id', '=', webhook.applicantId).forUpdate().executeTakeFirst();
    if (!applicant) {
      // We may not have recorded the applicant yet (its creation reply still in flight):
      // refuse, so the provider delivers again, and keep nothing (the inbox row rolls back).
      throw new ConflictError('Unknown applicant; deliver again later.', { applicantId: webhook.applicantId }, 'unknown_applicant');
    }
    const verdict = sumsubVerdict(webhook);
    if (verdict.kind === 'ignored' || verdict.kind === 'pending') return settle('ignored');
    if (applicant.last_verdict_at && occurredAt <= applicant.last_verdict_at) return settle('stale');

    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', applicant.client_id).forUpdate().executeTakeFirstOrThrow();
    const open = await findOpenCase(uow.trx, client.id, true);
    const target = open ?? (await latestCase(uow.trx, client.id));
    if (!target) return settle('no_case');
    const from = target.status as KycCaseState;
    const providerComment = verdict.kind === 'red' ? (verdict.moderationComment ?? null) : null;

    const lastVerdict = verdict.kind === 'red' ? (verdict.final ? 'red_final' : 'red_retry') : 'green';
    let event: 'provider_verdict_green' | 'provider_verdict_red' | 'provider_retry' | 'reopen';
    if (verdict.kind === 'green') event = 'provider_verdict_green';
    else if (from === 'approved') event = 'reopen';
    else event = verdict.final ? 'provider_verdict_red' : 'provider_retry';
    const recordVerdict = () =>
      uow.trx.updateTable('kyc_provider_applicant').set({ last_verdict: lastVerdict, last_verdict_at: occurredAt }).where('client_id', '=', client.id).execute();
    if (!kycCaseMachine.can(from, event)) {
      // e.g. GREEN for a case a reviewer already decided: evidence kept, decision stands.
      await recordVerdict();
      await uow.audit({
        actorType: 'provider', actorId: SUMSUB, action: 'kyc_case.provider_verdict_ignored', subjectType: 'kyc_case', subjectId: target.id, clientId: client.id,
        newValues: { status: from, applicantId: webhook.applicantId, verdict: lastVerdict },
        note: `Provider verdict ${lastVerdict} does not apply to a ${from} case; the decision stands`,
      });
      return settle('ignored');
    }
    if (event === 'provider_verdict_green') {
      // A provider GREEN is no more than a reviewer's approval: the same
      // blockers apply; a case a reviewer has claimed, or a change of details,
      // stays with compliance. The verdict is recorded; the case stays queued.
      const blocker = await approvalBlocker(ctx, uow.trx, target);
      const why = blocker?.message
        ?? (!PROVIDER_DECIDES.has(target.kind) ? `a ${target.kind.replace('_', ' ')} case is decided by compliance` : null)
        ?? (from === 'under_review' && target.assignee_id ? 'a reviewer has claimed the case' : null);
      if (why) {
        await recordVerdict();
        await uow.audit({
          actorType: 'provider', actorId: SUMSUB, action: 'kyc_case.provider_approval_held', subjectType: 'kyc_case', subjectId: target.id, clientId: client.id,
          oldValues: { status: from }, newValues: { status: from, applicantId: webhook.applicantId, verdict: 'green', ...(blocker ? { blocker: blocker.code } : {}) },
          note: `Provider returned GREEN; held for a reviewer: ${why}`,
        });
        return settle('held');
      }
    }
    const reason = verdict.kind === 'red' ? (event === 'reopen' ? 'provider_red_after_green' : verdict.labels.join(',') || 'provider_red') : null;
    const note = event === 'reopen' ? `Provider returned RED after GREEN${verdict.kind === 'red' && verdict.labels.length ? ` (${verdict.labels.join(', ')})` : ''}` : null;
    const result = kycCaseMachine.transition(from, event, { by: 'provider', reason, note });

    let outcome = null;
    if (event === 'provider_verdict_green') outcome = await applyApproval(ctx.config, uow, target, client, null);
    if (event === 'provider_verdict_red') outcome = await applyRejection(ctx.config, uow, target, client, null, providerComment);
    const clientMessage =
      event === 'provider_retry' ? (providerComment ?? 'We could not verify your documents: upload them again.') : event === 'provider_verdict_red' ? (providerComment ?? 'We cannot verify your identity.') : target.client_message;
    await uow.trx
      .updateTable('kyc_case')
      .set({
        status: result.to,
        decided_at: result.to === 'approved' || result.to === 'rejected' ? uow.now : target.decided_at,
        decided_by: result.to === 'approved' || result.to === 'rejected' ? `provider:${SUMSUB}` : target.decided_by,
        decision_reason: reason,
        client_message: clientMessage,
        requested_documents:
          event === 'provider_retry' ? JSON.stringify([{ documentTypes: ['passport', 'national_id', 'driving_licence'], reason: clientMessage }]) : target.requested_documents === null ? null : JSON.stringify(target.requested_documents),
        submitted_at: event === 'reopen' ? uow.now : target.submitted_at,
        sla_due_at: event === 'reopen' ? kycSlaDueAt(ctx.config, uow.now) : target.sla_due_at,
        updated_at: uow.now,
        version: target.version + 1,
      })
      .where('id', '=', target.id)
      .execute();
    await uow.trx.updateTable('kyc_provider_applicant').set({ last_verdict: lastVerdict, last_verdict_at: occurredAt }).where('client_id', '=', client.id).execute();
    await uow.audit({
      actorType: 'provider',
      actorId: SUMSUB,
      action: `kyc_case.provider_${event === 'provider_verdict_green' ? 'approved' : event === 'provider_verdict_red' ? 'rejected' : event === 'provider_retry' ? 'retry_requested' : 'reopened'}`,
      subjectType: 'kyc_case',
      subjectId: target.id,
      clientId: client.id,
      oldValues: { status: from, ...outcome?.clientBefore },
      newValues: {
        status: result.to, applicantId: webhook.applicantId, verdict: verdict.kind, ...(verdict.kind === 'red' ? { labels: verdict.labels, final: verdict.final } : {}), ...outcome?.client,
        // For the point-in-time view: `status` is the client's when the client moved; these say which is which.
        caseStatus: result.to, ...(outcome?.client.status ? { clientStatus: outcome.client.status } : {}), ...(outcome?.documentsApproved.length ? { documentsApproved: outcome.documentsApproved } : {}),
      },
      note: result.note,
    });
    await notifyClient(ctx, uow, { kind: 'kyc', clientId: client.id, from, to: result.to, effects: result.effects, clientMessage: event === 'provider_verdict_green' ? null : clientMessage });
    return settle('applied');
  });
}
