/** Everything a reviewer needs on one screen: the case, the client's profile, documents with earlier versions, screening hits, risk, notes, history. */
import { findEntity } from '../../config/lookups';
import { kycCaseMachine, type KycCaseState } from '../../domain/machines/kyc-case-machine';
import type { Actor } from '../../domain/roles';
import { liveSla } from './live-sla';
import { listDocuments, loadProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { AppContext } from '../app-context';
import { staffClientView } from '../clients/client-views';
import { documentView } from '../onboarding/document-views';
import { readCaseForStaff } from './load-case-for-staff';

const HISTORY_LIMIT = 200;

export async function getKycCase(ctx: AppContext, actor: Actor, caseId: string) {
  const kycCase = await readCaseForStaff(ctx, actor, 'kyc.case.view', caseId);
  const clientId = kycCase.client_id;
  const [client, profile, documents, hits, notes, history, changeRequests, assignee] = await Promise.all([
    ctx.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow(),
    loadProfileFields(ctx.db, clientId),
    listDocuments(ctx.db, clientId),
    ctx.db.selectFrom('screening_hit').selectAll().where('client_id', '=', clientId).orderBy('score', 'desc').execute(),
    ctx.db
      .selectFrom('case_note')
      .innerJoin('staff', 'staff.id', 'case_note.author_id')
      .select(['case_note.id', 'case_note.body', 'case_note.created_at', 'staff.display_name as author'])
      .where('case_note.case_id', '=', kycCase.id)
      .orderBy('case_note.created_at')
      .execute(),
    ctx.db
      .selectFrom('audit_event')
      .select(['id', 'occurred_at', 'actor_type', 'actor_id', 'action', 'subject_type', 'old_values', 'new_values', 'note'])
      .where('client_id', '=', clientId)
      .where('subject_type', 'in', ['kyc_case', 'document', 'screening_hit', 'client'])
      .orderBy('occurred_at', 'desc')
      .limit(HISTORY_LIMIT)
      .execute(),
    ctx.db.selectFrom('profile_change_request').selectAll().where('client_id', '=', clientId).orderBy('created_at', 'desc').limit(20).execute(),
    kycCase.assignee_id ? ctx.db.selectFrom('staff').select(['id', 'display_name']).where('id', '=', kycCase.assignee_id).executeTakeFirst() : undefined,
  ]);
  const entity = findEntity(ctx.config, client.entity_id);
  const rules = entity?.clientTypes[client.client_type];
  const now = ctx.clock.now();
  return {
    case: {
      id: kycCase.id,
      kind: kycCase.kind,
      status: kycCase.status,
      version: kycCase.version,
      openedReason: kycCase.opened_reason,
      openedAt: kycCase.opened_at,
      submittedAt: kycCase.submitted_at,
      slaDueAt: kycCase.sla_due_at,
      sla: liveSla(ctx, kycCase, now),
      riskLevel: kycCase.risk_level,
      assignee: assignee ? { id: assignee.id, name: assignee.display_name } : null,
      decidedAt: kycCase.decided_at,
      decisionReason: kycCase.decision_reason,
      requestedDocuments: kycCase.requested_documents,
      clientMessage: kycCase.client_message,
      // Only what this staff member may fire now, so the UI offers no button that would be refused.
      allowedEvents: kycCaseMachine
        .eventsFrom(kycCase.status as KycCaseState)
        .filter((event) => actor.type === 'staff' && kycCaseMachine.firersFor(kycCase.status as KycCaseState, event).some((f) => (actor.roles as readonly string[]).includes(f))),
    },
    client: {
      ...staffClientView(client),
      entity: { id: client.entity_id, name: entity?.name ?? client.entity_id },
      risk: { level: client.risk_override ?? client.risk_level, computedLevel: client.risk_level, score: client.risk_score, factors: client.risk_factors, overridden: client.risk_override !== null },
    },
    profile: { fields: profile, required: rules?.requiredFields ?? [] },
    requiredDocuments: rules?.requiredDocuments ?? [],
    documents: documents.map((doc) => ({ ...documentView(doc), rejectionReason: doc.rejection_reason, supersedesId: doc.supersedes_id })),
    screeningHits: hits.map((hit) => ({
      id: hit.id,
      matchEntityId: hit.match_entity_id,
      caption: hit.caption,
      schema: hit.schema_name,
      score: Number(hit.score),
      topics: hit.topics,
      datasets: hit.datasets,
      explanation: hit.explanation,
      listVersion: hit.list_version,
      status: hit.status,
      decisionNote: hit.decision_note,
      decidedAt: hit.decided_at,
    })),
    changeRequests: changeRequests.map((r) => ({ id: r.id, status: r.status, oldFields: r.old_fields, newFields: r.new_fields, createdAt: r.created_at })),
    notes: notes.map((n) => ({ id: n.id, body: n.body, author: n.author, createdAt: n.created_at })),
    history: history.map((e) => ({ id: e.id, occurredAt: e.occurred_at, actorType: e.actor_type, actorId: e.actor_id, action: e.action, subjectType: e.subject_type, oldValues: e.old_values, newValues: e.new_values, note: e.note })),
    rejectionReasons: ctx.config.kyc.rejectionReasons,
    documentTypes: ctx.config.documentTypes.map((t) => ({ id: t.id, name: t.name })),
  };
}
