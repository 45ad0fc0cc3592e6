/**
 * Ongoing due diligence, run daily (and by tests with a moved clock):
 *  1. a document expiring within the notice period opens a re-check case
 *     asking the client for a new one;
 *  2. a document past its expiry date lapses: it expires, and an active
 *     client is restricted (reason kyc_lapsed) until a new one is approved;
 *  3. a periodic review falls due by risk level: a review case enters the queue.
 * Each client is handled in its own transaction with its own audit event, so
 * one bad record never blocks the rest; the pass is idempotent.
 */
import type { Transaction } from 'kysely';
import { findDocumentType, findEntity } from '../../config/lookups';
import type { DB } from '../../persistence/schema';
import { clientAccountMachine } from '../../domain/machines/client-account-machine';
import { documentMachine } from '../../domain/machines/document-machine';
import { kycCaseMachine } from '../../domain/machines/kyc-case-machine';
import { epochDayOfIsoDate, isoDateOfEpochDay } from '../../domain/sla/zoned-time';
import { OPEN_CASE_STATES } from '../../persistence/repositories/onboarding-repository';
import type { AppContext } from '../app-context';
import { SYSTEM_REQUEST } from '../app-context';
import { changeClientStatus } from '../clients/change-client-status';
import { brokerToday } from '../onboarding/onboarding-facts';
import { openReviewCase } from '../onboarding/open-review-case';
import { inTransaction } from '../unit-of-work';
import { notifyClient } from '../notifications/notify-client';

/** Records handled per step per pass; the next pass continues. */
export const DUE_DILIGENCE_BATCH = 2000;

export interface DueDiligenceReport {
  asOf: string;
  recheckCasesOpened: number;
  documentsLapsed: number;
  clientsRestricted: number;
  periodicReviewsOpened: number;
}

const ACTOR = { actorType: 'system' as const, actorId: 'due-diligence' };

/** Another approved document of the same requirement, valid beyond `date`, keeps the client compliant. */
async function coveredBeyond(trx: Transaction<DB>, clientId: string, doc: { id: string }, types: string[], date: string): Promise<boolean> {
  const other = await trx
    .selectFrom('document')
    .select('id')
    .where('client_id', '=', clientId)
    .where('id', '!=', doc.id)
    .where('document_type', 'in', types)
    .where('status', '=', 'approved')
    .where((eb) => eb.or([eb('expiry_date', 'is', null), eb('expiry_date', '>', date)]))
    .executeTakeFirst();
  return other !== undefined;
}

export async function runDueDiligence(ctx: AppContext, now: Date): Promise<DueDiligenceReport> {
  const today = brokerToday(ctx.config, now);
  const noticeUntil = isoDateOfEpochDay(epochDayOfIsoDate(today)! + ctx.config.recheck.documentExpiryNoticeDays);
  const report: DueDiligenceReport = { asOf: today, recheckCasesOpened: 0, documentsLapsed: 0, clientsRestricted: 0, periodicReviewsOpened: 0 };
  const clock = { now: () => now };
  const at = { ...ctx, clock };

  // 2 first: what has already lapsed needs restriction, not a friendly reminder.
  const lapsed = await ctx.db
    .selectFrom('document')
    .select(['id', 'client_id', 'document_type', 'expiry_date'])
    .where('status', '=', 'approved')
    .where('expiry_date', '<', today)
    .limit(DUE_DILIGENCE_BATCH)
    .execute();
  for (const doc of lapsed) {
    await inTransaction(at, SYSTEM_REQUEST, async (uow) => {
      // Lock order: client, then document.
      const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', doc.client_id).forUpdate().executeTakeFirstOrThrow();
      const current = await uow.trx.selectFrom('document').select('status').where('id', '=', doc.id).forUpdate().executeTakeFirstOrThrow();
      if (current.status !== 'approved') return;
      const { to, effects } = documentMachine.transition('approved', 'expire', { by: 'system' });
      await uow.trx.updateTable('document').set({ status: to }).where('id', '=', doc.id).execute();
      const name = findDocumentType(ctx.config, doc.document_type)?.name ?? doc.document_type;
      const group = findEntity(ctx.config, client.entity_id)?.clientTypes[client.client_type]?.requiredDocuments.find((r) => r.anyOf.includes(doc.document_type));
      // Another valid document of the same requirement (a national ID beside an expired passport) keeps the client compliant.
      const stillCovered = await coveredBeyond(uow.trx, client.id, doc, group?.anyOf ?? [doc.document_type], today);
      let restricted = false;
      if (client.status === 'active' && !stillCovered) {
        const result = clientAccountMachine.transition('active', 'restrict', { by: 'system', reason: 'kyc_lapsed' });
        // The client's trading accounts follow: the configured rights while restricted.
        await changeClientStatus(ctx.config, uow, client, { status: result.to, restriction_reason: 'kyc_lapsed' }, ACTOR);
        restricted = true;
      }
      const reviewCase = stillCovered ? null : await openReviewCase(at, uow, client, {
        kind: 'document_recheck',
        reason: `${name} expired on ${doc.expiry_date}`,
        requestedDocuments: [{ documentTypes: group?.anyOf ?? [doc.document_type], reason: `Your ${name.toLowerCase()} expired on ${doc.expiry_date}: upload a valid one.` }],
      });
      await uow.audit({
        ...ACTOR, action: 'document.lapsed', subjectType: 'document', subjectId: doc.id, clientId: client.id,
        oldValues: { documentStatus: 'approved', clientStatus: client.status },
        newValues: {
          documentStatus: to, clientStatus: restricted ? 'restricted' : client.status, ...(restricted ? { restrictionReason: 'kyc_lapsed' } : {}), expiryDate: doc.expiry_date,
          ...(reviewCase ? { reviewCase: { id: reviewCase.id, kind: reviewCase.kind, status: reviewCase.status } } : {}),
        },
      });
      // One email: the lapse says what to upload; the re-check case opened with it is the same request.
      await notifyClient(ctx, uow, { kind: 'document', clientId: client.id, from: 'approved', to, effects, documentType: doc.document_type });
      report.documentsLapsed++;
      if (restricted) report.clientsRestricted++;
    });
  }

  // 1: expiring soon, client has no open case yet.
  const expiring = await ctx.db
    .selectFrom('document')
    .innerJoin('client', 'client.id', 'document.client_id')
    .select(['document.id', 'document.client_id', 'document.document_type', 'document.expiry_date'])
    .where('document.status', '=', 'approved')
    .where('document.expiry_date', '>=', today)
    .where('document.expiry_date', '<=', noticeUntil)
    .where('client.status', '=', 'active')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('kyc_case').select('id').whereRef('kyc_case.client_id', '=', 'document.client_id').where('kyc_case.status', 'in', [...OPEN_CASE_STATES]))))
    .limit(DUE_DILIGENCE_BATCH)
    .execute();
  for (const doc of expiring) {
    await inTransaction(at, SYSTEM_REQUEST, async (uow) => {
      const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', doc.client_id).forUpdate().executeTakeFirstOrThrow();
      const open = await uow.trx.selectFrom('kyc_case').select('id').where('client_id', '=', client.id).where('status', 'in', [...OPEN_CASE_STATES]).executeTakeFirst();
      if (open) return;
      const name = findDocumentType(ctx.config, doc.document_type)?.name ?? doc.document_type;
      const group = findEntity(ctx.config, client.entity_id)?.clientTypes[client.client_type]?.requiredDocuments.find((r) => r.anyOf.includes(doc.document_type));
      if (await coveredBeyond(uow.trx, client.id, doc, group?.anyOf ?? [doc.document_type], noticeUntil)) return;
      const kycCase = await openReviewCase(at, uow, client, {
        kind: 'document_recheck',
        reason: `${name} expires on ${doc.expiry_date}`,
        requestedDocuments: [{ documentTypes: group?.anyOf ?? [doc.document_type], reason: `Your ${name.toLowerCase()} expires on ${doc.expiry_date}: upload a valid one before then.` }],
      });
      await uow.audit({ ...ACTOR, action: 'kyc_case.opened', subjectType: 'kyc_case', subjectId: kycCase.id, clientId: client.id, newValues: { kind: kycCase.kind, status: kycCase.status, reason: kycCase.opened_reason } });
      // The client's approved verification now needs an update from them, as `request_update` would say.
      await notifyClient(ctx, uow, {
        kind: 'kyc', clientId: client.id, from: 'approved', to: kycCase.status, effects: kycCaseMachine.events.request_update.effects ?? [],
        clientMessage: kycCase.requested_documents?.map((r) => r.reason).join(' ') ?? null,
      });
      report.recheckCasesOpened++;
    });
  }

  // 3: periodic reviews that fall due.
  const due = await ctx.db
    .selectFrom('client')
    .select('id')
    .where('status', '=', 'active')
    .where('next_review_on', '<=', today)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('kyc_case').select('id').whereRef('kyc_case.client_id', '=', 'client.id').where('kyc_case.status', 'in', [...OPEN_CASE_STATES]))))
    .limit(DUE_DILIGENCE_BATCH)
    .execute();
  for (const { id } of due) {
    await inTransaction(at, SYSTEM_REQUEST, async (uow) => {
      const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      const kycCase = await openReviewCase(at, uow, client, { kind: 'periodic_review', reason: `Periodic review (${client.risk_override ?? client.risk_level} risk) due on ${client.next_review_on}`, requestedDocuments: null });
      await uow.audit({ ...ACTOR, action: 'kyc_case.opened', subjectType: 'kyc_case', subjectId: kycCase.id, clientId: client.id, newValues: { kind: kycCase.kind, status: kycCase.status, reason: kycCase.opened_reason } });
      report.periodicReviewsOpened++;
    });
  }
  return report;
}
