/**
 * Scores the client's risk from the configuration and the record (country,
 * nationality, client type, screening hits, profile answers) and stores it.
 * Returns the level in force (a compliance override wins) and whether it rose.
 */
import { findCountry } from '../../config/lookups';
import { riskChangeNeedsReview, scoreRisk, type RiskAssessment } from '../../domain/kyc/risk-score';
import { loadProfileFields } from '../../persistence/repositories/onboarding-repository';
import type { ClientRow } from '../../persistence/schema';
import type { AppContext } from '../app-context';
import type { UnitOfWork } from '../unit-of-work';

export async function assessRisk(ctx: AppContext, uow: UnitOfWork, client: ClientRow): Promise<RiskAssessment & { rose: boolean }> {
  const fields = await loadProfileFields(uow.trx, client.id);
  const hits = await uow.trx.selectFrom('screening_hit').select(['status', 'topics']).where('client_id', '=', client.id).where('status', '!=', 'cleared').execute();
  const nationality = typeof fields.nationality === 'string' ? findCountry(ctx.config, fields.nationality)?.risk : undefined;
  const assessment = scoreRisk({
    countryRisk: findCountry(ctx.config, client.country)?.risk ?? 'high',
    ...(nationality ? { nationalityRisk: nationality } : {}),
    clientType: client.client_type,
    screening: {
      openHits: hits.filter((h) => h.status === 'open').length,
      confirmedHits: hits.filter((h) => h.status === 'confirmed').length,
      pepHit: hits.some((h) => h.topics.includes('role.pep')),
    },
    answers: {
      ...(typeof fields.source_of_funds === 'string' ? { sourceOfFunds: fields.source_of_funds } : {}),
      ...(typeof fields.employment_status === 'string' ? { employmentStatus: fields.employment_status } : {}),
      ...(typeof fields.trading_experience === 'string' ? { tradingExperience: fields.trading_experience } : {}),
    },
    override: client.risk_override ? { level: client.risk_override } : null,
  });
  const previous = client.risk_override ?? client.risk_level;
  if (assessment.computedLevel !== client.risk_level || assessment.score !== client.risk_score) {
    await uow.trx
      .updateTable('client')
      .set({ risk_level: assessment.computedLevel, risk_score: assessment.score, risk_factors: JSON.stringify(assessment.factors), updated_at: uow.now })
      .where('id', '=', client.id)
      .execute();
    await uow.audit({
      actorType: 'system', actorId: 'risk-scoring', action: 'client.risk_assessed', subjectType: 'client', subjectId: client.id, clientId: client.id,
      oldValues: { riskLevel: client.risk_level, riskScore: client.risk_score },
      newValues: { riskLevel: assessment.computedLevel, riskScore: assessment.score, factors: assessment.factors.map((f) => f.code) },
    });
  }
  return { ...assessment, rose: riskChangeNeedsReview(previous, assessment.level) };
}
