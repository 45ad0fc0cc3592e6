/**
 * Screens one client against the sanctions/PEP lists (yente match API). A
 * match becomes a hit on the client's case with its score and explanation;
 * a hit compliance cleared stays cleared (it is excluded from the query and
 * its row is never reopened). Runs at submission and again when a list changes.
 */
import type { YenteClient } from '../../integrations/sanctions/yente-client';
import { screeningQueryForClient } from '../../integrations/sanctions/yente-client';
import { newId } from '../../persistence/ids';
import { findOpenCase, loadProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { AppContext } from '../app-context';
import { SYSTEM_REQUEST } from '../app-context';
import { assessRisk } from '../onboarding/assess-risk';
import { openReviewCase } from '../onboarding/open-review-case';
import { inTransaction } from '../unit-of-work';

export interface ScreeningSettings {
  client: YenteClient;
  dataset: string;
  threshold: number;
}

const MAX_EXCLUDED = 50;

export async function currentListVersion(screening: ScreeningSettings): Promise<string> {
  const { datasets } = await screening.client.catalog();
  return datasets.find((d) => d.name === screening.dataset)?.version ?? 'unknown';
}

export async function screenClient(ctx: AppContext, screening: ScreeningSettings, clientId: string): Promise<{ newHits: number; matches: number }> {
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirstOrThrow();
  const fields = await loadProfileFields(ctx.db, clientId);
  const legalName = fields.legal_name as { firstName?: string; lastName?: string } | undefined;
  const query = screeningQueryForClient({
    clientType: client.client_type,
    firstName: legalName?.firstName ?? client.first_name,
    lastName: legalName?.lastName ?? client.last_name,
    ...(typeof fields.date_of_birth === 'string' ? { birthDate: fields.date_of_birth } : {}),
    ...(typeof fields.nationality === 'string' ? { nationality: fields.nationality } : {}),
    country: client.country,
    ...(typeof fields.company_name === 'string' ? { companyName: fields.company_name } : {}),
    ...(typeof fields.registration_number === 'string' ? { registrationNumber: fields.registration_number } : {}),
  });
  const cleared = await ctx.db.selectFrom('screening_hit').select('match_entity_id').where('client_id', '=', clientId).where('status', '=', 'cleared').limit(MAX_EXCLUDED).execute();
  const listVersion = await currentListVersion(screening);
  const response = await screening.client.match(screening.dataset, { client: query }, { threshold: screening.threshold, excludeEntityIds: cleared.map((c) => c.match_entity_id) });
  const matches = (response.client?.results ?? []).filter((r) => r.match);

  return inTransaction(ctx, SYSTEM_REQUEST, async (uow) => {
    const locked = await uow.trx.selectFrom('client').selectAll().where('id', '=', clientId).forUpdate().executeTakeFirstOrThrow();
    let open = await findOpenCase(uow.trx, clientId, true);
    const inserted: string[] = [];
    for (const match of matches) {
      const row = await uow.trx
        .insertInto('screening_hit')
        .values({
          id: newId(uow.now.getTime()),
          client_id: clientId,
          case_id: open?.id ?? null,
          match_entity_id: match.id,
          caption: match.caption,
          schema_name: match.schema,
          score: match.score.toFixed(4),
          topics: match.topics,
          datasets: match.datasets,
          explanation: match.explanation,
          list_version: listVersion,
          status: 'open',
          created_at: uow.now,
        })
        .onConflict((oc) => oc.columns(['client_id', 'match_entity_id']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (row) inserted.push(row.id);
    }
    await uow.trx
      .insertInto('screening_run')
      .values({ client_id: clientId, list_version: listVersion, screened_at: uow.now, match_count: matches.length })
      .onConflict((oc) => oc.column('client_id').doUpdateSet({ list_version: listVersion, screened_at: uow.now, match_count: matches.length }))
      .execute();
    if (inserted.length > 0) {
      const risk = await assessRisk(ctx, uow, locked);
      if (!open && locked.kyc_verified_at) {
        // A verified client newly matching a list goes back to compliance.
        open = await openReviewCase(ctx, uow, { ...locked, risk_level: risk.computedLevel }, { kind: 'risk_review', reason: 'Sanctions/PEP screening found a possible match', requestedDocuments: null });
        await uow.trx.updateTable('screening_hit').set({ case_id: open.id }).where('id', 'in', inserted).execute();
      }
    }
    await uow.audit({
      actorType: 'system',
      actorId: 'screening',
      action: 'client.screened',
      subjectType: 'client',
      subjectId: clientId,
      clientId,
      newValues: { listVersion, matches: matches.map((m) => ({ id: m.id, score: m.score })), newHits: inserted, excludedAsCleared: cleared.length },
    });
    return { newHits: inserted.length, matches: matches.length };
  });
}
