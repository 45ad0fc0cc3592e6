/**
 * A client's payout destinations (issue 5): the client adds and removes
 * them; staff never quietly change them — only finance may edit one (or mark
 * its proof checked), always with a note, and the old and new details go to
 * the audit trail. Details are checked by `destinationChecks`; a holder name
 * that does not match the client's legal name is kept but flagged, and every
 * withdrawal to it carries the flag.
 */
import { ConflictError, NotFoundError, UnauthenticatedError, ValidationError } from '../../domain/errors';
import {
  coolingOffEndsAt,
  destinationChecks,
  destinationLabel,
  type PayoutDestinationInput,
  type PayoutDestinationKind,
} from '../../domain/payments/payout-destination-rules';
import { authorize } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid, newId } from '../../persistence/ids';
import type { PayoutDestinationRow } from '../../persistence/tables/withdrawal-tables';
import type { AppContext, RequestMeta } from '../app-context';
import { legalNameOf } from '../clients/client-money-facts';
import { inTransaction } from '../unit-of-work';

export const MAX_DESTINATIONS_PER_CLIENT = 20;

export interface DestinationInput {
  kind: PayoutDestinationKind;
  holderName: string;
  details: Record<string, string>;
}

const DETAIL_FIELDS: Readonly<Record<PayoutDestinationKind, readonly string[]>> = {
  bank_account: ['iban', 'bic', 'accountNumber', 'bankCode', 'country'],
  e_wallet: ['provider', 'email', 'accountId'],
  crypto_address: ['network', 'address'],
};

/** Keeps the fields of the kind, trimmed and normalised (IBAN/BIC upper case without spaces); refuses others. */
function normalisedDetails(kind: PayoutDestinationKind, details: Record<string, string>): Record<string, string> {
  const allowed = DETAIL_FIELDS[kind];
  const out: Record<string, string> = {};
  for (const [key, raw] of Object.entries(details)) {
    if (!allowed.includes(key)) throw new ValidationError(`"${key}" is not a detail of a ${kind.replace('_', ' ')}`, { field: key }, 'unknown_field');
    const value = raw.trim();
    if (value === '') continue;
    out[key] = ['iban', 'bic', 'country'].includes(key) ? value.replace(/\s+/g, '').toUpperCase() : key === 'network' ? value.toLowerCase() : value;
  }
  return out;
}

function checked(ctx: AppContext, input: DestinationInput, legalName: string) {
  const details = normalisedDetails(input.kind, input.details);
  const check = destinationChecks(ctx.config.payoutDestinations, {
    kind: input.kind,
    holderName: input.holderName,
    clientLegalName: legalName,
    details,
  } as PayoutDestinationInput);
  if (!check.valid) {
    throw new ValidationError('Check the highlighted fields.', { fields: check.fieldErrors }, 'invalid_destination');
  }
  return { details, check, holderName: input.holderName.trim() };
}

/** What the client sees: no flags about their name, which are for staff. */
export function portalDestinationView(row: PayoutDestinationRow) {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    holderName: row.holder_name,
    details: row.details,
    status: row.status,
    usableFrom: row.usable_from.toISOString(),
    createdAt: row.created_at.toISOString(),
  };
}

export function staffDestinationView(row: PayoutDestinationRow) {
  return { ...portalDestinationView(row), clientId: row.client_id, nameMatch: row.name_match, flags: row.flags, createdBy: row.created_by, version: row.version };
}

export async function listMyPayoutDestinations(ctx: AppContext, actor: Actor) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const rows = await ctx.db
    .selectFrom('payout_destination')
    .selectAll()
    .where('client_id', '=', actor.id)
    .where('status', '<>', 'removed')
    .orderBy('created_at', 'asc')
    .execute();
  return { items: rows.map(portalDestinationView) };
}

export async function addPayoutDestination(ctx: AppContext, meta: RequestMeta, actor: Actor, input: DestinationInput) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  const client = await ctx.db.selectFrom('client').selectAll().where('id', '=', actor.id).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  if (client.status === 'closed') throw new ConflictError('This account is closed.', undefined, 'account_closed');
  const { details, check, holderName } = checked(ctx, input, await legalNameOf(ctx, client));
  const policy = ctx.config.payoutDestinations;
  return inTransaction(ctx, meta, async (uow) => {
    // Serialises a client's additions so the cap holds.
    await uow.trx.selectFrom('client').select('id').where('id', '=', client.id).forUpdate().execute();
    const count = await uow.trx
      .selectFrom('payout_destination')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('client_id', '=', client.id)
      .where('status', '<>', 'removed')
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_DESTINATIONS_PER_CLIENT) {
      throw new ConflictError(`You can keep up to ${MAX_DESTINATIONS_PER_CLIENT} payout destinations; remove one first.`, undefined, 'too_many_destinations');
    }
    const row = await uow.trx
      .insertInto('payout_destination')
      .values({
        id: newId(uow.now.getTime()),
        client_id: client.id,
        kind: input.kind,
        label: destinationLabel(input.kind, details),
        holder_name: holderName,
        details: JSON.stringify(details),
        name_match: check.nameMatch,
        flags: check.flags,
        status: policy.proofRequired ? 'unverified' : 'active',
        usable_from: coolingOffEndsAt(uow.now, policy.coolingOffHours),
        created_at: uow.now,
        created_by: `client:${client.id}`,
        updated_at: uow.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'client', actorId: client.id, action: 'payout_destination.added', subjectType: 'payout_destination', subjectId: row.id, clientId: client.id,
      newValues: { kind: row.kind, label: row.label, holderName: row.holder_name, details, nameMatch: row.name_match, flags: row.flags, status: row.status },
    });
    return { destination: portalDestinationView(row) };
  });
}

export async function removeMyPayoutDestination(ctx: AppContext, meta: RequestMeta, actor: Actor, destinationId: string) {
  if (actor.type !== 'client') throw new UnauthenticatedError('A portal session is required');
  if (!isUuid(destinationId)) throw new NotFoundError('Payout destination');
  return inTransaction(ctx, meta, async (uow) => {
    const row = await uow.trx
      .selectFrom('payout_destination')
      .selectAll()
      .where('id', '=', destinationId)
      .where('client_id', '=', actor.id)
      .where('status', '<>', 'removed')
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new NotFoundError('Payout destination');
    await uow.trx.updateTable('payout_destination').set({ status: 'removed', updated_at: uow.now, version: row.version + 1 }).where('id', '=', row.id).execute();
    await uow.audit({
      actorType: 'client', actorId: actor.id, action: 'payout_destination.removed', subjectType: 'payout_destination', subjectId: row.id, clientId: actor.id,
      oldValues: { status: row.status }, newValues: { status: 'removed' },
    });
    return { ok: true };
  });
}

export async function listClientPayoutDestinations(ctx: AppContext, actor: Actor, clientId: string) {
  authorize(actor, 'payout_destination.view');
  if (!isUuid(clientId)) throw new NotFoundError('Client');
  const client = await ctx.db.selectFrom('client').select(['id', 'entity_id']).where('id', '=', clientId).executeTakeFirst();
  if (!client) throw new NotFoundError('Client');
  authorize(actor, 'payout_destination.view', { entityId: client.entity_id });
  const rows = await ctx.db.selectFrom('payout_destination').selectAll().where('client_id', '=', clientId).orderBy('created_at', 'asc').execute();
  return { items: rows.map(staffDestinationView) };
}

export interface DestinationEdit {
  note: string;
  expectedVersion?: number | undefined;
  /** New holder name and/or details (the whole set for the kind). */
  holderName?: string | undefined;
  details?: Record<string, string> | undefined;
  /** Finance checked the proof: an unverified destination becomes usable. */
  markVerified?: boolean | undefined;
}

/** Finance only, with a note; the audit event carries the old and new details. */
export async function editPayoutDestination(ctx: AppContext, meta: RequestMeta, actor: Actor, destinationId: string, edit: DestinationEdit) {
  authorize(actor, 'payout_destination.edit');
  if (!isUuid(destinationId)) throw new NotFoundError('Payout destination');
  if (edit.note.trim() === '') throw new ValidationError('Write a note: why the destination changes', { field: 'note' }, 'note_required');
  if (edit.holderName === undefined && edit.details === undefined && !edit.markVerified) {
    throw new ValidationError('Nothing to change', undefined, 'nothing_to_change');
  }
  return inTransaction(ctx, meta, async (uow) => {
    const row = await uow.trx.selectFrom('payout_destination').selectAll().where('id', '=', destinationId).forUpdate().executeTakeFirst();
    if (!row) throw new NotFoundError('Payout destination');
    const client = await uow.trx.selectFrom('client').selectAll().where('id', '=', row.client_id).executeTakeFirstOrThrow();
    authorize(actor, 'payout_destination.edit', { entityId: client.entity_id });
    if (edit.expectedVersion !== undefined && edit.expectedVersion !== row.version) {
      throw new ConflictError('The destination changed since you opened it; reload it.', { version: row.version }, 'stale_version');
    }
    if (row.status === 'removed') throw new ConflictError('The client removed this destination.', undefined, 'destination_removed');
    const { details, check, holderName } = checked(
      ctx,
      { kind: row.kind, holderName: edit.holderName ?? row.holder_name, details: edit.details ?? row.details },
      await legalNameOf(ctx, client, uow.trx),
    );
    const status = edit.markVerified ? 'active' : row.status;
    // Policy flags stay as they were set when the client added it; name flags follow the new name.
    const flags = [...check.flags.filter((f) => f.startsWith('holder_name')), ...row.flags.filter((f) => !f.startsWith('holder_name'))];
    const updated = await uow.trx
      .updateTable('payout_destination')
      .set({
        holder_name: holderName,
        details: JSON.stringify(details),
        label: destinationLabel(row.kind, details),
        name_match: check.nameMatch,
        flags,
        status,
        updated_at: uow.now,
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await uow.audit({
      actorType: 'staff', actorId: actor.id, action: edit.markVerified ? 'payout_destination.verified' : 'payout_destination.edited',
      subjectType: 'payout_destination', subjectId: row.id, clientId: row.client_id,
      oldValues: { holderName: row.holder_name, details: row.details, status: row.status, nameMatch: row.name_match },
      newValues: { holderName: updated.holder_name, details: updated.details, status: updated.status, nameMatch: updated.name_match },
      note: edit.note.trim(),
    });
    return { destination: staffDestinationView(updated) };
  });
}
