/**
 * A client's wallet for staff (read-only): balances per currency (available,
 * on hold, owed) and the journal, the ledger entries that touched the
 * client's accounts, newest first, in cursor pages. Each entry names the
 * deposit it belongs to when there is one (a deposit credit's business
 * reference is the deposit; a chargeback's is the provider's dispute, matched
 * back to the deposit by the provider reference).
 */
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import { clientJournal } from '../../persistence/ledger/client-journal';
import { balancesForClient } from '../../persistence/ledger/ledger-repository';
import type { AppContext } from '../app-context';
import { decodeCursor, pageLimit, toPage } from '../pagination';
import { loadClientForStaff } from './get-client-detail';

export async function getClientWallet(ctx: AppContext, actor: Actor, clientId: string, query: { limit?: number | undefined; cursor?: string | undefined }) {
  const client = await loadClientForStaff(ctx, actor, 'wallet.view', clientId);
  const limit = pageLimit(query.limit);
  const before = decodeCursor(query.cursor);
  const [balances, rows] = await Promise.all([balancesForClient(ctx.db, client.id), clientJournal(ctx.db, client.id, { limit: limit + 1, before })]);
  const page = toPage(rows, limit, (entry) => ({ at: entry.occurredAt, id: entry.id }));
  const [depositOf, createdBy] = await Promise.all([depositsOfEntries(ctx, client.id, page.items), createdByLabels(ctx, page.items)]);
  return {
    balances: balances.map((b) => ({
      currency: b.currency,
      availableMinor: String(b.available.amountMinor),
      onHoldMinor: String(b.onHold.amountMinor),
      debtMinor: String(b.debt.amountMinor),
    })),
    journal: {
      items: page.items.map((entry) => ({
        id: entry.id,
        kind: entry.kind,
        occurredAt: entry.occurredAt.toISOString(),
        description: entry.description,
        createdBy: entry.createdBy,
        createdByLabel: createdBy.get(entry.createdBy) ?? entry.createdBy,
        businessRef: { type: entry.businessType, id: entry.businessId },
        depositId: depositOf.get(entry.id) ?? null,
        lines: entry.lines.map((line) => ({ account: line.account, accountKind: line.accountKind, currency: line.currency, amountMinor: String(line.amountMinor) })),
      })),
      nextCursor: page.nextCursor,
    },
  };
}

/** "staff:<id>" → the staff member's name; "provider:demo_card" → "provider demo_card". */
async function createdByLabels(ctx: AppContext, entries: readonly { createdBy: string }[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const staffIds = new Set<string>();
  for (const { createdBy } of entries) {
    const [type = '', id = ''] = createdBy.split(/:(.*)/s);
    if (type === 'staff' && isUuid(id)) staffIds.add(id);
    else labels.set(createdBy, id ? `${type} ${id}` : createdBy);
  }
  if (staffIds.size > 0) {
    const staff = await ctx.db.selectFrom('staff').select(['id', 'display_name']).where('id', 'in', [...staffIds]).execute();
    for (const s of staff) labels.set(`staff:${s.id}`, s.display_name);
  }
  return labels;
}

/** Entry id → the client's deposit it belongs to, for deposit and chargeback references. */
async function depositsOfEntries(ctx: AppContext, clientId: string, entries: readonly { id: string; businessType: string; businessId: string }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const direct = entries.filter((e) => e.businessType === 'deposit' && isUuid(e.businessId));
  const disputes = entries.filter((e) => e.businessType === 'psp_chargeback' && e.businessId.includes(':'));
  if (direct.length === 0 && disputes.length === 0) return found;
  const deposits = await ctx.db
    .selectFrom('deposit')
    .select(['id', 'provider_id', 'provider_reference'])
    .where('client_id', '=', clientId)
    .where((eb) =>
      eb.or([
        ...(direct.length ? [eb('id', 'in', direct.map((e) => e.businessId))] : []),
        ...(disputes.length ? [eb('provider_reference', 'in', disputes.map((e) => e.businessId.slice(e.businessId.indexOf(':') + 1)))] : []),
      ]),
    )
    .execute();
  const ids = new Set(deposits.map((d) => d.id));
  const byProviderRef = new Map(deposits.filter((d) => d.provider_reference).map((d) => [`${d.provider_id}:${d.provider_reference}`, d.id]));
  for (const e of direct) if (ids.has(e.businessId)) found.set(e.id, e.businessId);
  for (const e of disputes) {
    const id = byProviderRef.get(e.businessId);
    if (id) found.set(e.id, id);
  }
  return found;
}
