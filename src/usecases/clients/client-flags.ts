/**
 * Client flags (migrations/0008_client_payment_flags.sql): a chargeback, a
 * refund, a debt — raised inside the use case's transaction together with
 * their audit event, shown to staff beside the client and the client's
 * deposits until someone clears them. One open flag per (client, kind,
 * subject): raising it again changes nothing.
 */
import type { Kysely, Transaction } from 'kysely';
import { debtAccount } from '../../domain/ledger/accounts';
import type { ActorType } from '../../domain/roles';
import { newId } from '../../persistence/ids';
import { balanceOf } from '../../persistence/ledger/ledger-repository';
import type { DB } from '../../persistence/schema';
import type { ClientFlagKind, ClientFlagRow } from '../../persistence/tables/client-payment-flag-tables';
import type { UnitOfWork } from '../unit-of-work';

type Reader = Kysely<DB> | Transaction<DB>;

export interface RaiseClientFlag {
  clientId: string;
  kind: ClientFlagKind;
  subject: { type: 'deposit'; id: string };
  reason: string;
  by: { type: ActorType; id: string };
}

/** Inserts the flag (unless the same one is open) and audits it; returns the new flag's id, or null when it was already open. */
export async function raiseClientFlag(uow: UnitOfWork, flag: RaiseClientFlag): Promise<string | null> {
  const reason = flag.reason.trim().slice(0, 2000) || flag.kind;
  const inserted = await uow.trx
    .insertInto('client_flag')
    .values({
      id: newId(uow.now.getTime()),
      client_id: flag.clientId,
      kind: flag.kind,
      subject_type: flag.subject.type,
      subject_id: flag.subject.id,
      reason,
      created_at: uow.now,
      created_by: `${flag.by.type}:${flag.by.id}`,
    })
    .onConflict((oc) => oc.columns(['client_id', 'kind', 'subject_type', 'subject_id']).where('cleared_at', 'is', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) return null;
  await uow.audit({
    actorType: flag.by.type, actorId: flag.by.id, action: 'client.flagged', subjectType: 'client', subjectId: flag.clientId, clientId: flag.clientId,
    newValues: { flagId: inserted.id, kind: flag.kind, subjectType: flag.subject.type, subjectId: flag.subject.id }, note: reason,
  });
  return inserted.id;
}

/**
 * After money came back (a dispute won, a refund that failed): when the
 * client no longer owes anything in `currency`, the open debt flags raised
 * for deposits in that currency are cleared, each with its audit event.
 */
export async function clearRepaidDebtFlags(uow: UnitOfWork, clientId: string, currency: string, by: { type: ActorType; id: string }, why: string): Promise<number> {
  if ((await balanceOf(uow.trx, debtAccount(clientId, currency))).amountMinor < 0n) return 0;
  const note = `Debt in ${currency} repaid: ${why}`.slice(0, 2000);
  const cleared = await uow.trx
    .updateTable('client_flag')
    .set({ cleared_at: uow.now, cleared_by: `${by.type}:${by.id}`, clear_note: note })
    .where('client_id', '=', clientId)
    .where('kind', '=', 'debt')
    .where('cleared_at', 'is', null)
    .where('subject_type', '=', 'deposit')
    .where('subject_id', 'in', (eb) => eb.selectFrom('deposit').select('deposit.id').where('deposit.client_id', '=', clientId).where('deposit.currency', '=', currency))
    .returning(['id', 'subject_id'])
    .execute();
  for (const flag of cleared) {
    await uow.audit({
      actorType: by.type, actorId: by.id, action: 'client.flag_cleared', subjectType: 'client', subjectId: clientId, clientId,
      oldValues: { flagId: flag.id, kind: 'debt', subjectId: flag.subject_id }, newValues: { cleared: true }, note,
    });
  }
  return cleared.length;
}

export function clientFlagView(row: ClientFlagRow) {
  return {
    id: row.id,
    kind: row.kind,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}
export type ClientFlagView = ReturnType<typeof clientFlagView>;

/** Open flags per client (newest first), for any number of clients in one query. */
export async function openClientFlags(db: Reader, clientIds: readonly string[]): Promise<Map<string, ClientFlagView[]>> {
  const ids = [...new Set(clientIds)];
  const byClient = new Map<string, ClientFlagView[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byClient;
  const rows = await db
    .selectFrom('client_flag')
    .selectAll()
    .where('client_id', 'in', ids)
    .where('cleared_at', 'is', null)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  for (const row of rows) byClient.get(row.client_id)!.push(clientFlagView(row));
  return byClient;
}

export interface ClientDebtView {
  currency: string;
  /** What the client owes, minor units, positive. */
  debtMinor: string;
}

/** What each client owes, per currency (only currencies with a debt), in one query. */
export async function clientDebts(db: Reader, clientIds: readonly string[]): Promise<Map<string, ClientDebtView[]>> {
  const ids = [...new Set(clientIds)];
  const byClient = new Map<string, ClientDebtView[]>(ids.map((id) => [id, []]));
  if (ids.length === 0) return byClient;
  const rows = await db
    .selectFrom('ledger_account')
    .innerJoin('account_balance', 'account_balance.account_id', 'ledger_account.id')
    .select(['ledger_account.client_id', 'ledger_account.currency', 'account_balance.balance_minor'])
    .where('ledger_account.client_id', 'in', ids)
    .where('ledger_account.kind', '=', 'client_debt')
    .where('account_balance.balance_minor', '<', 0n)
    .orderBy('ledger_account.currency')
    .execute();
  for (const row of rows) byClient.get(row.client_id!)?.push({ currency: row.currency, debtMinor: String(-row.balance_minor) });
  return byClient;
}

/** The open flags and debts of clients, for a staff view of their deposits (one query each). */
export async function clientPaymentAlerts(db: Reader, clientIds: readonly string[]): Promise<Map<string, { openFlags: ClientFlagView[]; debts: ClientDebtView[] }>> {
  const [flags, debts] = await Promise.all([openClientFlags(db, clientIds), clientDebts(db, clientIds)]);
  return new Map([...flags.keys()].map((id) => [id, { openFlags: flags.get(id) ?? [], debts: debts.get(id) ?? [] }]));
}
