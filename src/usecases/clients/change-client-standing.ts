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
  return inTransaction(ctx, meta, async (uow) => {
    const client = isUuid(clientId) ? await uow.trx.selectFrom('client').selectAll().where('id', '=', clientId).forUpdate().executeTakeFirst() : undefined;
    if (!client) throw new NotFoundError('Client');
    authorize(actor, 'client.status.change', { entityId: client.entity_id });
    const from = client.status as ClientAccountState;
    // State, role, note and reason first: guards are only worth reading for a move the machine has.
    clientAccountMachine.transition(from, input.event, { by: actor.roles, note: input.note, reason: input.reason ?? null });
    const guardResults = await guardVerdicts(uow.trx, client.id, input.event);
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

async function guardVerdicts(trx: Transaction<DB>, clientId: string, event: StaffClientEvent): Promise<Record<string, string | null>> {
  const results: Record<string, string | null> = {};
  for (const guard of clientAccountMachine.events[event].guards ?? []) {
    if (guard === 'kyc_approved') results[guard] = await kycApprovedVerdict(trx, clientId);
    else if (guard === 'wallet_empty') results[guard] = await walletEmptyVerdict(trx, clientId);
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

/** No money left with us: every wallet and hold empty, and no trading account last seen holding a balance. */
async function walletEmptyVerdict(trx: Transaction<DB>, clientId: string): Promise<string | null> {
  const funded = (await balancesForClient(trx, clientId)).filter((b) => b.available.amountMinor !== 0n || b.onHold.amountMinor !== 0n);
  if (funded.length > 0) return `The client still holds funds (${funded.map((b) => b.currency).join(', ')}): pay them out before closing`;
  const accounts = await trx
    .selectFrom('trading_account as a')
    .select(['a.login', (eb) => eb.selectFrom('platform_balance_snapshot as s').select('s.balance_minor').whereRef('s.trading_account_id', '=', 'a.id').orderBy('s.taken_at', 'desc').limit(1).as('balance_minor')])
    .where('a.client_id', '=', clientId)
    .where('a.account_type', '=', 'live')
    .where('a.status', 'not in', ['archived', 'failed'])
    .execute();
  const withMoney = accounts.filter((a) => a.balance_minor !== null && a.balance_minor !== 0n);
  return withMoney.length ? `Trading account ${withMoney.map((a) => a.login).join(', ')} still holds a balance: move it back to the wallet first` : null;
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
