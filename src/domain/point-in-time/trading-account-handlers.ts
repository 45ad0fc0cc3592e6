/**
 * Point-in-time handlers for trading accounts: requested by the client,
 * provisioned (or failed) on the platform, restricted or restored as the
 * client's status moves, and the rights the platform confirmed.
 */
import type { TradingAccountAt } from './client-record-at';
import type { EventHandler, FoldState } from './fold-state';
import { integer, newOf, text, type TrailEvent } from './trail-event';

/** Rights an account gets when it is opened (open-trading-account.ts); older provisioning events do not say. */
const OPENING_RIGHTS = 'full';

function accountFor(state: FoldState, event: TrailEvent): TradingAccountAt {
  const found = state.record.tradingAccounts.find((a) => a.id === event.subjectId);
  if (found) return found;
  if (event.action !== 'trading_account.requested') {
    state.gaps.add(`Trading account ${event.subjectId} appears first on ${event.occurredAt} (${event.action}); its request is not in the trail.`);
  }
  const created: TradingAccountAt = {
    id: event.subjectId, platformId: null, accountType: null, login: null, group: null, currency: null, leverage: null, status: null,
    rights: null, desiredRights: null, failureReason: null, requestedAt: null, provisionedAt: null,
  };
  state.record.tradingAccounts.push(created);
  return created;
}

const requested: EventHandler = (state, event) => {
  const n = newOf(event);
  const account = accountFor(state, event);
  account.platformId = text(n, 'platformId') ?? account.platformId;
  account.accountType = text(n, 'accountType') ?? account.accountType;
  account.group = text(n, 'group') ?? account.group;
  account.currency = text(n, 'currency') ?? account.currency;
  account.leverage = integer(n, 'leverage') ?? account.leverage;
  account.status = text(n, 'status') ?? account.status;
  account.requestedAt = event.occurredAt;
};

const provisioned: EventHandler = (state, event) => {
  const n = newOf(event);
  const account = accountFor(state, event);
  account.status = text(n, 'status') ?? account.status;
  account.login = text(n, 'login') ?? account.login;
  account.rights = text(n, 'rights') ?? OPENING_RIGHTS;
  account.provisionedAt = event.occurredAt;
};

const provisionFailed: EventHandler = (state, event) => {
  const n = newOf(event);
  const account = accountFor(state, event);
  account.status = text(n, 'status') ?? account.status;
  account.failureReason = text(n, 'reason') ?? account.failureReason;
};

/** The account followed the client's status: a new status and the rights it calls for, not yet on the platform. */
const followed: EventHandler = (state, event) => {
  const n = newOf(event);
  const account = accountFor(state, event);
  account.status = text(n, 'status') ?? account.status;
  account.login = text(n, 'login') ?? account.login;
  account.platformId = text(n, 'platformId') ?? account.platformId;
  const desired = text(n, 'desiredRights');
  account.desiredRights = desired !== undefined && desired !== account.rights ? desired : null;
};

const rightsApplied: EventHandler = (state, event) => {
  const n = newOf(event);
  const account = accountFor(state, event);
  account.rights = text(n, 'rights') ?? account.rights;
  if (account.desiredRights === account.rights) account.desiredRights = null;
};

const recordedOnly: EventHandler = (state, event) => {
  accountFor(state, event);
};

export const TRADING_ACCOUNT_HANDLERS: Record<string, EventHandler> = {
  'trading_account.requested': requested,
  'trading_account.provisioned': provisioned,
  'trading_account.provision_failed': provisionFailed,
  'trading_account.restricted': followed,
  'trading_account.restored': followed,
  'trading_account.rights_applied': rightsApplied,
  'trading_account.rights_failed': recordedOnly,
  'trading_account.rights_retry_requested': recordedOnly,
};
