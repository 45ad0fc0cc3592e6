/**
 * A client starts a deposit: the capability gate and the method's limits are
 * checked, the deposit is recorded `pending` (with its audit) in one
 * transaction, then the PSP session is created with the deposit id as
 * reference (and Idempotency-Key) and recorded: `awaiting_payment`. If the
 * provider is down or refuses, the deposit is marked failed and the client
 * gets a 503 — never a deposit left half done.
 */
import { ForbiddenError, NotFoundError, ServiceUnavailableError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import { money } from '../../domain/ledger/money';
import { depositMachine } from '../../domain/machines/deposit-machine';
import { assertAmountAgainstMethod } from '../../domain/payments/amount-limits';
import type { Actor } from '../../domain/roles';
import { createPraxisCashierSession, PspRequestError, PspUnavailableError } from '../../integrations/psp';
import { newId } from '../../persistence/ids';
import type { ClientRow } from '../../persistence/schema';
import type { DepositRow } from '../../persistence/tables/deposit-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { capabilitiesOf, legalNameOf, paymentMethodFor } from '../clients/client-money-facts';
import { lockClientStanding } from '../clients/lock-client-standing';
import { inTransaction } from '../unit-of-work';
import { portalDepositView } from './deposit-views';
import type { PspSettings } from './psp-settings';

export interface CreateDepositInput {
  methodId: string;
  /** Minor units, digits. */
  amountMinor: string;
  currency: string;
}

export async function createDeposit(ctx: AppContext, meta: RequestMeta, actor: Actor, input: CreateDepositInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  const caps = capabilitiesOf(ctx, client);
  if (!caps.canDeposit) {
    const why = caps.reasons.find((r) => r.capability === 'deposit');
    throw new ForbiddenError(why?.message ?? 'Deposits are not available for your account', { capability: 'deposit' }, why?.code ?? 'deposit_not_allowed');
  }
  const method = paymentMethodFor(caps.paymentMethods, input.methodId, 'deposit');
  if (!/^\d{1,18}$/.test(input.amountMinor)) throw new ValidationError('Enter the amount in minor units (digits).', { field: 'amount' }, 'amount_invalid');
  const amount = money(BigInt(input.amountMinor), input.currency);
  assertAmountAgainstMethod(method, 'deposit', amount);
  const psp = ctx.integrations.psp[method.provider];
  if (!psp) throw new ServiceUnavailableError('Deposits by this method are unavailable right now. Try another method or later.', { provider: method.provider });

  const id = newId(ctx.clock.now().getTime());
  await inTransaction(ctx, meta, async (uow) => {
    await lockClientStanding(uow.trx, client);
    await uow.trx
      .insertInto('deposit')
      .values({
        id,
        client_id: client.id,
        entity_id: client.entity_id,
        method_id: method.id,
        method_kind: method.kind,
        provider_id: method.provider,
        amount_minor: amount.amountMinor,
        currency: amount.currency,
        status: depositMachine.initial,
        created_at: uow.now,
        updated_at: uow.now,
      })
      .execute();
    await uow.audit({
      actorType: 'client', actorId: client.id, action: 'deposit.created', subjectType: 'deposit', subjectId: id, clientId: client.id,
      newValues: { status: 'pending', methodId: method.id, provider: method.provider, amountMinor: String(amount.amountMinor), currency: amount.currency },
    });
  });

  let session: { id: string; url: string };
  try {
    session = await openSession(ctx, psp, { id, client, legalName: await legalNameOf(ctx, client), amountMinor: amount.amountMinor, currency: amount.currency, kind: method.kind });
  } catch (error) {
    if (!(error instanceof PspUnavailableError || error instanceof PspRequestError)) throw error;
    await inTransaction(ctx, meta, async (uow) => {
      const row = await uow.trx.selectFrom('deposit').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
      if (!depositMachine.can(row.status as 'pending', 'fail')) return; // a callback got there first
      await uow.trx
        .updateTable('deposit')
        .set({ status: 'failed', failure_reason: 'provider_unavailable', updated_at: uow.now, version: row.version + 1 })
        .where('id', '=', id)
        .execute();
      await uow.audit({
        actorType: 'system', actorId: 'deposits', action: 'deposit.failed', subjectType: 'deposit', subjectId: id, clientId: client.id,
        oldValues: { status: row.status }, newValues: { status: 'failed', reason: 'provider_unavailable' }, note: error.message.slice(0, 500),
      });
    });
    throw new ServiceUnavailableError('The payment provider is unavailable right now; nothing was charged. Try again later or use another method.', {
      provider: method.provider,
      depositId: id,
    });
  }

  const row = await inTransaction(ctx, meta, async (uow) => {
    const current = await uow.trx.selectFrom('deposit').selectAll().where('id', '=', id).forUpdate().executeTakeFirstOrThrow();
    const moved = current.status === 'pending';
    const updated: DepositRow = await uow.trx
      .updateTable('deposit')
      .set({
        provider_session_id: session.id,
        provider_session_url: session.url,
        ...(moved ? { status: 'awaiting_payment' } : {}),
        updated_at: uow.now,
        version: current.version + 1,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'system', actorId: 'deposits', action: 'deposit.session_created', subjectType: 'deposit', subjectId: id, clientId: client.id,
      oldValues: { status: current.status }, newValues: { status: updated.status, providerSessionId: session.id },
    });
    return updated;
  });
  return { deposit: portalDepositView(row), redirectUrl: session.url };
}

async function openSession(
  ctx: AppContext,
  psp: PspSettings,
  d: { id: string; client: ClientRow; legalName: string; amountMinor: bigint; currency: string; kind: string },
): Promise<{ id: string; url: string }> {
  const returnUrl = `${ctx.publicUrl}/portal/deposits?deposit=${d.id}`;
  if (psp.protocol === 'generic') {
    const session = await psp.client.createCheckoutSession({
      amountMinor: d.amountMinor,
      currency: d.currency,
      reference: d.id,
      customer: { id: d.client.id, name: d.legalName, email: d.client.email },
      returnUrl,
      method: d.kind === 'wire' ? 'wire' : 'card',
    });
    return { id: session.id, url: session.url };
  }
  const session = await createPraxisCashierSession(psp.options, {
    intent: 'payment',
    amountMinor: d.amountMinor,
    currency: d.currency,
    cid: d.client.id,
    orderId: d.id,
    customer: { firstName: d.client.first_name, lastName: d.client.last_name, email: d.client.email, country: d.client.country },
    notificationUrl: psp.notificationUrl ?? `${ctx.publicUrl}/api/webhooks/psp/${psp.providerId}`,
    returnUrl,
  });
  return { id: session.authToken ?? session.orderId, url: session.redirectUrl };
}
