/** The portal's home: the client's own record and the exact next steps. */
import { NotFoundError } from '../../domain/errors';
import { nextSteps, type NextStep } from '../../domain/onboarding/next-steps';
import type { Actor } from '../../domain/roles';
import { UnauthenticatedError } from '../../domain/errors';
import type { AppContext } from '../app-context';
import { loadOnboardingFacts } from '../onboarding/onboarding-facts';
import { portalClientView, type PortalClientView } from './client-views';

export async function getClientDashboard(ctx: AppContext, actor: Actor): Promise<{ client: PortalClientView; nextSteps: NextStep[] }> {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  return {
    client: portalClientView(ctx.config, client),
    nextSteps: nextSteps(ctx.config, await loadOnboardingFacts(ctx.db, ctx.config, client, ctx.clock.now())),
  };
}
