/**
 * Races on one KYC case, on real PostgreSQL where row locks mean something
 * (PGlite runs one transaction at a time, so these are skipped there): two
 * reviewers deciding at once, one reviewer double-submitting, two claims at
 * once. Each time exactly one wins, the other gets 409, the audit holds
 * exactly one event, and the record agrees with the winner.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loggedInStaff, type LoggedInStaff } from '../support/actors';
import type { HttpResponse } from '../support/http-client';
import { seedCase, seedClient, seedDocument } from '../support/kyc-fixtures';
import { onRealPostgres } from '../support/test-database';
import { startTestApp, type TestApp } from '../support/test-app';
import { auditEvents, caseRow, claim, clientRow, decide } from './kyc-support';

let app: TestApp;
let compliance: LoggedInStaff;
let secondCompliance: LoggedInStaff;
let supervisor: LoggedInStaff;
beforeAll(async () => {
  if (!onRealPostgres) return;
  app = await startTestApp();
  [compliance, secondCompliance, supervisor] = await Promise.all([
    loggedInStaff(app, ['compliance']),
    loggedInStaff(app, ['compliance']),
    loggedInStaff(app, ['supervisor']),
  ]);
});
afterAll(async () => app?.close());

const ROUNDS = 8;

/** A client with both documents on file and a case in the given state. */
async function seededCase(status: 'pending' | 'under_review', assigneeId: string | null = null) {
  const clientId = await seedClient(app.ctx, 'eu');
  await seedDocument(app.ctx, clientId, 'passport', Buffer.from(`%PDF-1.4\npassport ${clientId}\n%%EOF\n`));
  await seedDocument(app.ctx, clientId, 'proof_of_address', Buffer.from(`%PDF-1.4\nbill ${clientId}\n%%EOF\n`));
  const caseId = await seedCase(app.ctx, clientId, status, assigneeId);
  return { clientId, caseId };
}

function winnerAndLoser(responses: HttpResponse[]): { winner: number; loser: number } {
  const statuses = responses.map((r) => r.status).sort();
  expect(statuses, JSON.stringify(responses.map((r) => r.body))).toEqual([200, 409]);
  const winner = responses.findIndex((r) => r.status === 200);
  return { winner, loser: 1 - winner };
}

const DECISIONS = ['kyc_case.approved', 'kyc_case.rejected', 'kyc_case.documents_requested'];

async function decisionEvents(caseId: string) {
  return (await auditEvents(app, { subjectId: caseId })).filter((e) => DECISIONS.includes(e.action));
}

describe('two reviewers deciding the same case at once', () => {
  it.skipIf(!onRealPostgres)('the assignee approves while a supervisor rejects: exactly one decision wins, the other is a 409', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const { clientId, caseId } = await seededCase('under_review', compliance.id);
      const responses = await Promise.all([
        decide(compliance, caseId, { decision: 'approve', note: `Round ${round}: documents fine.` }),
        decide(supervisor, caseId, { decision: 'reject', reason: 'suspected_fraud', note: `Round ${round}: photo page altered.` }),
      ]);
      const { winner, loser } = winnerAndLoser(responses);
      expect(responses[loser]!.body.error.code).toBe('illegal_transition');

      const events = await decisionEvents(caseId);
      expect(events).toHaveLength(1);
      const kycCase = await caseRow(app, caseId);
      const client = await clientRow(app, clientId);
      const docs = await app.ctx.db.selectFrom('document').select('status').where('client_id', '=', clientId).execute();
      if (winner === 0) {
        outcomes.add('approved');
        expect(events[0]).toMatchObject({ action: 'kyc_case.approved', actor_id: compliance.id });
        expect(kycCase).toMatchObject({ status: 'approved', decided_by: compliance.id, decision_reason: null });
        expect(client).toMatchObject({ status: 'active', verification_level: 'verified' });
        expect(docs.map((d) => d.status)).toEqual(['approved', 'approved']);
      } else {
        outcomes.add('rejected');
        expect(events[0]).toMatchObject({ action: 'kyc_case.rejected', actor_id: supervisor.id });
        expect(kycCase).toMatchObject({ status: 'rejected', decided_by: supervisor.id, decision_reason: 'suspected_fraud' });
        expect(client).toMatchObject({ status: 'email_verified', verification_level: 'email_verified' });
        expect(docs.map((d) => d.status)).toEqual(['uploaded', 'uploaded']);
      }
      expect(kycCase.version).toBe(2);
    }
    expect(outcomes.size).toBeGreaterThan(0);
  });

  it.skipIf(!onRealPostgres)('two different decisions with the version the reviewer saw: one wins, the other is told the case changed', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { caseId } = await seededCase('under_review', compliance.id);
      const responses = await Promise.all([
        decide(supervisor, caseId, { decision: 'approve', note: 'Fine.', expectedVersion: 1 }),
        decide(compliance, caseId, {
          decision: 'request_documents',
          note: 'Bill too old.',
          documents: [{ documentTypes: ['proof_of_address'], reason: 'Upload a bill from the last 90 days.' }],
          expectedVersion: 1,
        }),
      ]);
      const { loser } = winnerAndLoser(responses);
      expect(['stale_case', 'illegal_transition']).toContain(responses[loser]!.body.error.code);
      expect(await decisionEvents(caseId)).toHaveLength(1);
    }
  });
});

describe('the same reviewer double-submitting', () => {
  it.skipIf(!onRealPostgres)('two identical approvals at once: one 200, one 409, one audit event, the client activated once', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { clientId, caseId } = await seededCase('under_review', compliance.id);
      const body = { decision: 'approve', note: 'Approved (double click).' };
      const responses = await Promise.all([decide(compliance, caseId, body), decide(compliance, caseId, body)]);
      winnerAndLoser(responses);
      expect(await decisionEvents(caseId)).toHaveLength(1);
      expect(await caseRow(app, caseId)).toMatchObject({ status: 'approved', version: 2 });
      expect(await clientRow(app, clientId)).toMatchObject({ status: 'active', verification_level: 'verified' });
    }
  });
});

describe('two claims at once', () => {
  it.skipIf(!onRealPostgres)('two reviewers claim the same pending case: one gets it, the other a 409, one claim audited', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { caseId } = await seededCase('pending');
      const responses = await Promise.all([claim(compliance, caseId), claim(secondCompliance, caseId)]);
      const { winner, loser } = winnerAndLoser(responses);
      expect(responses[loser]!.body.error.code).toBe('illegal_transition');
      const winnerId = [compliance.id, secondCompliance.id][winner];
      expect(await caseRow(app, caseId)).toMatchObject({ status: 'under_review', assignee_id: winnerId, version: 2 });
      const claims = (await auditEvents(app, { subjectId: caseId })).filter((e) => e.action === 'kyc_case.claimed');
      expect(claims).toHaveLength(1);
      expect(claims[0]!.actor_id).toBe(winnerId);
    }
  });
});
