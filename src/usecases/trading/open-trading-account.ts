/**
 * A client opens a trading account (SPEC §7): live accounts need the trading
 * capability (active and verified); a demo account only a verified email. The
 * group comes from the configuration (entity, account type, currency, risk),
 * the leverage is capped by the entity. The account row is written first
 * ('requested', with our reference), then the platform is asked — the
 * reference goes into the platform account's comment, so a retry after a lost
 * answer finds the account instead of creating a second one — then the
 * outcome is recorded: active with its login, or failed with the reason
 * (support retries it). The password the client chose is passed through,
 * never stored.
 */
import { randomBytes } from 'node:crypto';
import { findEntity } from '../../config/lookups';
import type { AccountType } from '../../config/platform-schema';
import { ForbiddenError, NotFoundError, ServiceUnavailableError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import { tradingAccountMachine, type TradingAccountState } from '../../domain/machines/trading-account-machine';
import { storedPlatformFailure } from '../../domain/platforms/client-failure';
import { TRADING_PASSWORD_LENGTH, tradingPasswordMeetsRules } from '../../domain/platforms/trading-password';
import { allowedLeverages, platformGroupPlan } from '../../domain/platforms/account-plan';
import type { Actor } from '../../domain/roles';
import { isTradingPlatformError, type TradingPlatform } from '../../integrations/platforms';
import { newId } from '../../persistence/ids';
import type { AppContext, RequestMeta } from '../app-context';
import { capabilitiesOf, legalNameOf } from '../clients/client-money-facts';
import { inTransaction } from '../unit-of-work';
import { followClientStatus } from './follow-client-status';
import { platformReference, tradingAccountView } from './trading-views';

export interface OpenTradingAccountInput {
  platformId: string;
  accountType: AccountType;
  currency: string;
  leverage: number;
  /** The client's trading (master) password for the platform; passed through, never stored. */
  password: string;
}

/** A random investor (read-only) password that meets MT5's rules; the client can change it on the platform. */
function investorPassword(): string {
  return `Iv${randomBytes(6).toString('base64url').replace(/[-_]/g, 'x')}7#`;
}

export async function openTradingAccount(ctx: AppContext, meta: RequestMeta, actor: Actor, input: OpenTradingAccountInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const platformConfig = ctx.config.platforms.find((p) => p.id === input.platformId);
  if (!platformConfig) throw new ValidationError('This trading platform does not exist.', { field: 'platformId' }, 'platform_unknown');
  if (input.accountType === 'live') {
    const caps = capabilitiesOf(ctx, client);
    if (!caps.canTrade) {
      const why = caps.reasons.find((r) => r.capability === 'trade');
      throw new ForbiddenError(why?.message ?? 'Live trading is not available for your account', { capability: 'trade' }, why?.code ?? 'trade_not_allowed');
    }
  } else if (client.status === 'registered' || client.status === 'closed') {
    throw new ForbiddenError('Verify your email address to open a demo account.', { capability: 'demo' }, 'email_verification_required');
  }
  const riskLevel = client.risk_override ?? client.risk_level;
  const plan = platformGroupPlan(platformConfig, { entityId: client.entity_id, clientType: client.client_type, riskLevel }, input.accountType, input.currency);
  const group = plan?.group;
  if (!group) throw new ValidationError(`${input.accountType === 'live' ? 'Live' : 'Demo'} accounts in ${input.currency} are not offered to you on this platform.`, { field: 'currency' }, 'account_not_offered');
  const leverages = allowedLeverages(platformConfig, findEntity(ctx.config, client.entity_id)!, client.client_type);
  if (!leverages.includes(input.leverage)) {
    throw new ValidationError(`Choose a leverage of ${leverages.map((l) => `1:${l}`).join(', ')}.`, { field: 'leverage', allowed: leverages }, 'leverage_not_allowed');
  }
  if (!tradingPasswordMeetsRules(input.password, platformConfig.kind)) {
    const { min, max } = TRADING_PASSWORD_LENGTH[platformConfig.kind];
    throw new ValidationError(`The password needs ${min}–${max} characters with a lower-case and an upper-case letter, a digit and a symbol.`, { field: 'password', minLength: min, maxLength: max }, 'password_rules');
  }
  const platform = ctx.integrations.platforms[platformConfig.id];
  if (!platform) throw new ServiceUnavailableError('Trading accounts on this platform cannot be opened right now.', { platformId: platformConfig.id }, 'platform_unavailable');

  const id = newId(ctx.clock.now().getTime());
  const reference = platformReference('TA', id);
  const requested = await inTransaction(ctx, meta, async (uow) => {
    const row = await uow.trx
      .insertInto('trading_account')
      .values({
        id, client_id: client.id, entity_id: client.entity_id, platform_id: platformConfig.id, account_type: input.accountType, platform_group: group,
        currency: input.currency, leverage: input.leverage, reference, status: tradingAccountMachine.initial, created_at: uow.now, updated_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'client', actorId: client.id, action: 'trading_account.requested', subjectType: 'trading_account', subjectId: id, clientId: client.id,
      newValues: { status: row.status, platformId: row.platform_id, accountType: row.account_type, group, currency: row.currency, leverage: row.leverage, reference },
    });
    return row;
  });

  let outcome: { login: string; reason: null } | { login: null; reason: string };
  try {
    const created = await platform.createAccount({
      group, currency: input.currency, leverage: input.leverage, name: await legalNameOf(ctx, client), firstName: client.first_name, lastName: client.last_name,
      email: client.email, country: client.country, reference, mainPassword: input.password, investorPassword: investorPassword(),
    });
    outcome = { login: created.login, reason: null };
  } catch (error) {
    if (!isTradingPlatformError(error)) throw error;
    // Refused as sent (e.g. the platform's own password rules) or not done: nothing was created; the request is withdrawn as failed.
    outcome = { login: null, reason: storedPlatformFailure(error.code, error.message) };
  }

  const virtualMoney = outcome.login !== null && plan?.startingBalanceMinor ? await fundDemoAccount(platform, outcome.login, input.currency, BigInt(plan.startingBalanceMinor), id) : null;

  return inTransaction(ctx, meta, async (uow) => {
    // Lock order: client, then account. The client's status cannot change under us: a client
    // restricted while the platform was creating the account gets it restricted below.
    const owner = await uow.trx.selectFrom('client').select(['id', 'status', 'restriction_reason']).where('id', '=', client.id).forShare().executeTakeFirstOrThrow();
    const row = await uow.trx.selectFrom('trading_account').selectAll().where('id', '=', requested.id).forUpdate().executeTakeFirstOrThrow();
    const from = row.status as TradingAccountState;
    const provisioned = outcome.login !== null;
    const result = outcome.login !== null
      ? tradingAccountMachine.transition(from, 'provision', { by: 'system' })
      : tradingAccountMachine.transition(from, 'provision_failed', { by: 'system', reason: outcome.reason });
    const updated = await uow.trx
      .updateTable('trading_account')
      .set({
        status: result.to,
        ...(outcome.login !== null ? { login: outcome.login, rights: 'full', provisioned_at: uow.now } : { failure_reason: outcome.reason }),
        updated_at: uow.now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'system', actorId: `platform:${row.platform_id}`, action: provisioned ? 'trading_account.provisioned' : 'trading_account.provision_failed',
      subjectType: 'trading_account', subjectId: row.id, clientId: row.client_id,
      oldValues: { status: from }, newValues: { status: result.to, login: outcome.login, reason: outcome.reason, ...(virtualMoney ? { virtualMoney } : {}), ...(provisioned ? { rights: updated.rights } : {}) },
    });
    if (provisioned && (await followClientStatus(ctx.config, uow, owner, { actorType: 'system', actorId: `platform:${row.platform_id}` }, { accountIds: [row.id] })).length > 0) {
      return { account: tradingAccountView(await uow.trx.selectFrom('trading_account').selectAll().where('id', '=', row.id).executeTakeFirstOrThrow()) };
    }
    return { account: tradingAccountView(updated) };
  });
}

/**
 * A demo account starts with the group's virtual money: a balance operation
 * on the platform only (no ledger entry: no real money moves), exactly once
 * by its own reference. If the platform refuses, the account stays open at
 * zero and the audit event says why.
 */
async function fundDemoAccount(platform: TradingPlatform, login: string, currency: string, amountMinor: bigint, accountId: string) {
  const reference = platformReference('TV', accountId);
  try {
    const { dealId } = await platform.balanceOperation({ login, amountMinor, currency, reference });
    return { amountMinor: amountMinor.toString(), reference, dealId };
  } catch (error) {
    if (!isTradingPlatformError(error)) throw error;
    return { amountMinor: amountMinor.toString(), reference, failed: storedPlatformFailure(error.code, error.message) };
  }
}
