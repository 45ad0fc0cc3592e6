/**
 * Trading platforms of the configuration (SPEC §7): which platform servers
 * Traderoom opens accounts on, the group of each account by entity, currency,
 * account type and risk, the leverages a client may pick (capped by the
 * entity), and the rights an account gets while its client is restricted.
 */
import { z } from 'zod';
import { currencyList, slug, text, uniqueList } from './schema-primitives';
import { RISK_LEVELS } from './vocabulary';

/** mt5: the MT5 Web API; mt4: MT4 through the broker's bridge (docs/mt4-bridge-protocol.md). */
export const PLATFORM_KINDS = ['mt5', 'mt4'] as const;
export type PlatformKind = (typeof PLATFORM_KINDS)[number];
/** MT4 keeps the group in the Manager API's `UserRecord.group[16]`: 15 characters and a NUL. */
export const MT4_GROUP_MAX_LENGTH = 15;
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
  /** Demo groups only: the virtual money a new demo account starts with, in minor units of the group's currency. */
  startingBalanceMinor: z.int().min(1).max(1_000_000_000_000).optional(),
});

export const platformSchema = z
  .strictObject({
    id: slug,
    name: text(80),
    kind: z.enum(PLATFORM_KINDS),
    groups: z.array(platformGroupSchema).min(1).max(500),
    /** Leverages offered (1:N); the entity's cap for the client type still applies. */
    leverages: uniqueList(z.int().min(1).max(1000), 'leverage').min(1),
    /** Rights while the client is restricted (KYC lapsed, compliance hold): view only, or no login at all. */
    whenRestricted: z.enum(['trading_disabled', 'login_disabled']),
  })
  .superRefine((platform, ctx) => {
    platform.groups.forEach((g, k) => {
      if (g.startingBalanceMinor !== undefined && g.accountType !== 'demo') {
        ctx.addIssue({ code: 'custom', path: ['groups', k, 'startingBalanceMinor'], message: 'only demo groups start with virtual money' });
      }
    });
    if (platform.kind !== 'mt4') return;
    platform.groups.forEach((g, k) => {
      if (g.group.length > MT4_GROUP_MAX_LENGTH) {
        ctx.addIssue({ code: 'custom', path: ['groups', k, 'group'], message: `must be at most ${MT4_GROUP_MAX_LENGTH} characters on MT4 (the Manager API's group[16]), got ${g.group.length}` });
      }
    });
  });

export type PlatformConfig = z.infer<typeof platformSchema>;
export type PlatformGroupConfig = z.infer<typeof platformGroupSchema>;
