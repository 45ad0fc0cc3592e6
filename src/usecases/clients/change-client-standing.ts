/**
 * Compliance (or a supervisor) changes a client's standing by hand (SPEC §5,
 * §7): restrict an active client, lift a restriction once the client is
 * compliant again, or close the client record. One transaction: the client
 * machine decides with its guards evaluated here, `changeClientStatus` moves
 * the client and its trading accounts (their platform rights follow after
 * the commit), a closure ends every portal session, and one audit event holds
 * actor, old and new standing and the note.
 */
import type { Transaction } from 'kysely';
import { NotFoundError } from '../../domain/errors';
import { clientAccountMachine, type ClientAccountState, type StaffClientEvent } from '../../domain/machines/client-account-machine';
import { depositMachine } from '../../domain/machines/deposit-machine';
import { kycCaseMachine } from '../../domain/machines/kyc-case-machine';
import { withdrawalMachine } from '../../domain/machines/withdrawal-machine';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isTradingPlatformError } from '../../integrations/platforms';
import { isUuid } from '../../persistence/ids';
import { balancesForClient } from '../../persistence/ledger/ledger-repository';
import type { DB } from '../../persistence/schema';
import type { AppContext, RequestMeta } from '../app-context';
import { deleteAllSessions } from '../sessions/sessions';
import { inTransaction } from '../unit-of-work';
import { changeClientStatus } from './change-client-status';

export interface ChangeClientStandingInput {
  event: StaffClientEvent;
  /** A restriction or closure reason code of the client machine. */
  reason?: string | null;
  note: string;
}

const AUDIT_ACTION: Record<StaffClientEvent, string> = {
  restrict: 'client.restricted',
  lift_restriction: 'client.restriction_lifted',
  close: 'client.closed',
};

export async function changeClientStanding(ctx: AppContext, meta: RequestMeta, actor: Actor, clientId: string, input: ChangeClientStandingInput) {
  authorize(actor, 'client.status.change');
  // A closure needs every live trading account empty on the platform itself, read now (not a snapshot).
  const platformMoney = input.event === 'close' && isUuid(clientId) ? await readPlatformBalances(ctx, clientId) : null;
  return inTransaction(ctx, meta, async (uow) => {
    const client = isUuid(clientId) ? await uow.trx.selectFrom('client').selectAll().where('id', '=', clientId).forUpdate().executeTakeFirst() : undefined;
    if (!client) throw new NotFoundError('Client');
    authorize(actor, 'client.status.change', { entityId: client.entity_id });
    const from = client.status as ClientAccountState;
    // State, role, note and reason first: guards are only worth reading for a move the machine has.
    clientAccountMachine.transition(from, input.event, { by: actor.roles, note: input.note, reason: input.reason ?? null });
    const guardResults = await guardVerdicts(uow.trx, client.id, input.event, platformMoney);
    const result = clientAccountMachine.transition(from, input.event, { by: actor.roles, note: input.note, reason: input.reason ?? null, guardResults });

    const restrictionReason = result.to === 'restricted' ? result.reason : null;
    const { accounts } = await changeClientStatus(ctx.config, uow, client, { status: result.to, restriction_reason: restrictionReason }, { actorType: 'staff', actorId: actor.id });
    const sessionsEnded = input.event === 'close' ? await deleteAllSessions(uow.trx, 'client', client.id) : 0;
    await uow.audit({
      actorType: 'staff',
      actorId: actor.id,
      action: AUDIT_ACTION[input.event],
      subjectType: 'client',
      subjectId: client.id,
      clientId: client.id,
      oldValues: { status: from, restrictionReason: client.restriction_reason },
      newValues: {
        status: result.to,
        restrictionReason,
        ...(input.event === 'close' ? { closureReason: result.reason, sessionsEnded } : {}),
        tradingAccounts: accounts.map((a) => ({ id: a.tradingAccountId, from: a.from, to: a.to, desiredRights: a.desiredRights })),
      },
      note: result.note,
    });
    return { clientId: client.id, status: result.to, restrictionReason, tradingAccounts: accounts };
  });
}

async function guardVerdicts(trx: Transaction<DB>, clientId: string, event: StaffClientEvent, platformMoney: PlatformMoney | null): Promise<Record<string, string | null>> {
  const results: Record<string, string | null> = {};
  for (const guard of clientAccountMachine.events[event].guards ?? []) {
    if (guard === 'kyc_approved') results[guard] = await kycApprovedVerdict(trx, clientId);
    else if (guard === 'wallet_empty') results[guard] = await walletEmptyVerdict(trx, clientId, platformMoney ?? { readAt: new Date(0), held: [], unknown: [] });
    else if (guard === 'no_open_requests') results[guard] = await noOpenRequestsVerdict(trx, clientId);
  }
  return results;
}

/** Lifting needs a client who is compliant now: approved KYC, nothing open in review, no screening hit undecided. */
async function kycApprovedVerdict(trx: Transaction<DB>, clientId: string): Promise<string | null> {
  const latest = await trx.selectFrom('kyc_case').select(['status']).where('client_id', '=', clientId).orderBy('opened_at', 'desc').orderBy('id', 'desc').executeTakeFirst();
  if (!latest) return 'The client has never been verified: KYC must be approved first';
  if (latest.status !== 'approved') return `The client's latest KYC case is ${latest.status.replaceAll('_', ' ')}: decide it before lifting the restriction`;
  const hit = await trx.selectFrom('screening_hit').select('id').where('client_id', '=', clientId).where('status', '=', 'open').executeTakeFirst();
  if (hit) return 'The client has an open sanctions/PEP screening hit: decide it first';
  const lapsed = await trx.selectFrom('document').select('id').where('client_id', '=', clientId).where('status', '=', 'expired').where(({ not, exists, selectFrom, ref }) =>
    not(exists(selectFrom('document as newer').select('newer.id').whereRef('newer.client_id', '=', ref('document.client_id')).whereRef('newer.document_type', '=', ref('document.document_type')).where('newer.status', '=', 'approved'))),
  ).executeTakeFirst();
  return lapsed ? 'A document of the client has expired and has no approved replacement' : null;
}

interface PlatformMoney {
  /** When the platform was read: a transfer completed since then may have moved money the read did not see. */
  readAt: Date;
  /** Logins holding a balance. */
  held: string[];
  /** Logins whose balance could not be read just now. */
  unknown: string[];
}

/** The balance of each of the client's live trading accounts, read from its platform now. */
async function readPlatformBalances(ctx: AppContext, clientId: string): Promise<PlatformMoney> {
  const readAt = ctx.clock.now();
  const accounts = await ctx.db
    .selectFrom('trading_account')
    .select(['platform_id', 'login'])
    .where('client_id', '=', clientId)
    .where('account_type', '=', 'live')
    .where('login', 'is not', null)
    .where('status', 'not in', ['archived', 'failed'])
    .execute();
  const held: string[] = [];
  const unknown: string[] = [];
  for (const account of accounts) {
    const platform = ctx.integrations.platforms[account.platform_id];
    try {
      if (!platform) throw new Error('not connected');
      if ((await platform.getBalances(account.login!)).balanceMinor !== 0n) held.push(account.login!);
    } catch (error) {
      if (platform && !isTradingPlatformError(error)) throw error;
      unknown.push(account.login!);
    }
  }
  return { readAt, held, unknown };
}

/** No money left with us: every wallet and hold empty, every live trading account empty on its platform, and no transfer since it was read. */
async function walletEmptyVerdict(trx: Transaction<DB>, clientId: string, platform: PlatformMoney): Promise<string | null> {
  const funded = (await balancesForClient(trx, clientId)).filter((b) => b.available.amountMinor !== 0n || b.onHold.amountMinor !== 0n);
  if (funded.length > 0) return `The client still holds funds (${funded.map((b) => b.currency).join(', ')}): pay them out before closing`;
  if (platform.held.length) return `Trading account ${platform.held.join(', ')} still holds a balance: move it back to the wallet first`;
  if (platform.unknown.length) return `The balance of trading account ${platform.unknown.join(', ')} cannot be read from the platform just now: try again when it answers`;
  const moved = await trx.selectFrom('trading_transfer').select('id').where('client_id', '=', clientId).where('completed_at', '>', platform.readAt).executeTakeFirst();
  return moved ? 'A trading transfer completed while the balances were being read: try again' : null;
}

async function noOpenRequestsVerdict(trx: Transaction<DB>, clientId: string): Promise<string | null> {
  const open: string[] = [];
  const deposit = await trx.selectFrom('deposit').select('id').where('client_id', '=', clientId).where('status', 'in', depositMachine.statesTagged('open')).executeTakeFirst();
  if (deposit) open.push('a deposit');
  const withdrawal = await trx.selectFrom('withdrawal').select('id').where('client_id', '=', clientId).where('status', 'in', withdrawalMachine.statesTagged('open')).executeTakeFirst();
  if (withdrawal) open.push('a withdrawal');
  // A case waiting for the client (a draft, documents asked for) does not hold a closure up; one waiting for a reviewer does.
  const kycCase = await trx.selectFrom('kyc_case').select('id').where('client_id', '=', clientId).where('status', 'in', kycCaseMachine.statesTagged('needs_review')).executeTakeFirst();
  if (kycCase) open.push('a KYC case in review');
  const transfer = await trx.selectFrom('trading_transfer').select('id').where('client_id', '=', clientId).where('status', '=', 'pending').executeTakeFirst();
  if (transfer) open.push('a trading transfer');
  return open.length ? `The client has ${open.join(', ')} still open: finish or cancel it first` : null;
}
