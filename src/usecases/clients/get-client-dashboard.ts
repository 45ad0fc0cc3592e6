/** The portal's home: the client's own record and the exact next steps. */
import { NotFoundError } from '../../domain/errors';
import { nextSteps } from '../../domain/onboarding/next-steps';
import type { Actor } from '../../domain/roles';
import { UnauthenticatedError } from '../../domain/errors';
import type { AppContext } from '../app-context';
import { loadOnboardingFacts } from '../onboarding/onboarding-facts';
import { clientCapabilities } from '../../domain/kyc/client-capabilities';
import type { ClientVerificationLevel } from '../../domain/kyc/verification-level';
import type { ClientAccountState } from '../../domain/machines/client-account-machine';
import { portalClientView } from './client-views';

export async function getClientDashboard(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const capabilities = clientCapabilities(ctx.config, {
    entityId: client.entity_id,
    country: client.country,
    clientType: client.client_type,
    status: client.status as ClientAccountState,
    verificationLevel: client.verification_level as ClientVerificationLevel,
    riskLevel: client.risk_override ?? client.risk_level,
  });
  return {
    client: portalClientView(ctx.config, client),
    nextSteps: nextSteps(ctx.config, await loadOnboardingFacts(ctx.db, ctx.config, client, ctx.clock.now())),
    capabilities: {
      canDeposit: capabilities.canDeposit,
      canWithdraw: capabilities.canWithdraw,
      canTrade: capabilities.canTrade,
      reasons: capabilities.reasons.map((r) => ({ capability: r.capability, code: r.code, message: r.message })),
      // Hidden methods only when telling the client helps ("complete verification to see card deposits"); never internal codes.
      paymentMethods: capabilities.paymentMethods
        .filter((m) => m.visible || m.hiddenBecause)
        .map((m) => ({ id: m.id, name: m.name, kind: m.kind, directions: m.directions, visible: m.visible, hiddenBecause: m.hiddenBecause ?? null, currencies: m.currencies, limits: m.limits })),
    },
  };
}
