/**
 * Trading platforms of the configuration (SPEC §7): which platform servers
 * Traderoom opens accounts on, the group of each account by entity, currency,
 * account type and risk, the leverages a client may pick (capped by the
 * entity), and the rights an account gets while its client is restricted.
 */
import { z } from 'zod';
import { currencyList, slug, text, uniqueList } from './schema-primitives';
import { RISK_LEVELS } from './vocabulary';

export const PLATFORM_KINDS = ['mt5'] as const;
export const ACCOUNT_TYPES = ['live', 'demo'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

const platformGroupSchema = z.strictObject({
  entity: slug,
  accountType: z.enum(ACCOUNT_TYPES),
  /** One currency: a platform group has one deposit currency. */
  currencies: currencyList.max(1),
  /** Which client risk levels land in this group; omitted: every level. */
  riskLevels: uniqueList(z.enum(RISK_LEVELS), 'risk level').min(1).optional(),
  /** The platform's group name, e.g. `real\\eu-retail-eur`. */
  group: text(128),
});

export const platformSchema = z.strictObject({
  id: slug,
  name: text(80),
  kind: z.enum(PLATFORM_KINDS),
  groups: z.array(platformGroupSchema).min(1).max(500),
  /** Leverages offered (1:N); the entity's cap for the client type still applies. */
  leverages: uniqueList(z.int().min(1).max(1000), 'leverage').min(1),
  /** Rights while the client is restricted (KYC lapsed, compliance hold): view only, or no login at all. */
  whenRestricted: z.enum(['trading_disabled', 'login_disabled']),
});

export type PlatformConfig = z.infer<typeof platformSchema>;
export type PlatformGroupConfig = z.infer<typeof platformGroupSchema>;
