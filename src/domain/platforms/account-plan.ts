/**
 * Which platform group a new trading account goes into, and which leverages
 * the client may choose (SPEC §7; config `platforms`). Pure.
 *
 * Group: the first group of the platform for the client's entity, the
 * account type and the currency whose risk levels include the client's (a
 * group without `riskLevels` takes every level). None: the combination is not
 * offered, and the portal does not show it.
 * Leverage: the platform's leverages up to the entity's cap for the client
 * type (demo accounts too: a demo should show what the live account allows).
 */
import type { Entity } from '../../config/schema';
import type { AccountType, PlatformConfig, PlatformGroupConfig } from '../../config/platform-schema';
import type { ClientType, RiskLevel } from '../../config/vocabulary';

export interface AccountPlanClient {
  entityId: string;
  clientType: ClientType;
  riskLevel: RiskLevel;
}

/** The configured group a new account of this client goes to; undefined when none is offered. */
export function platformGroupPlan(platform: PlatformConfig, client: AccountPlanClient, accountType: AccountType, currency: string): PlatformGroupConfig | undefined {
  return platform.groups.find(
    (g) =>
      g.entity === client.entityId &&
      g.accountType === accountType &&
      g.currencies[0] === currency &&
      (g.riskLevels === undefined || g.riskLevels.includes(client.riskLevel)),
  );
}

export function allowedLeverages(platform: PlatformConfig, entity: Pick<Entity, 'leverageCaps'>, clientType: ClientType): number[] {
  const cap = entity.leverageCaps[clientType];
  return platform.leverages.filter((l) => l <= cap).sort((a, b) => a - b);
}

/** What the client may open on this platform: account type → currencies with a group. */
export function accountOffers(platform: PlatformConfig, client: AccountPlanClient): { accountType: AccountType; currencies: string[] }[] {
  return (['live', 'demo'] as const)
    .map((accountType) => ({
      accountType,
      currencies: [...new Set(platform.groups.filter((g) => g.entity === client.entityId && g.accountType === accountType).map((g) => g.currencies[0]!))].filter(
        (currency) => platformGroupPlan(platform, client, accountType, currency) !== undefined,
      ),
    }))
    .filter((offer) => offer.currencies.length > 0);
}
