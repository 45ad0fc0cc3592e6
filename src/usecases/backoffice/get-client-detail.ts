import { findEntity } from '../../config/lookups';
import { NotFoundError } from '../../domain/errors';
import { authorize, type Action } from '../../domain/permissions';
import type { Actor } from '../../domain/roles';
import { isUuid } from '../../persistence/ids';
import type { ClientRow } from '../../persistence/schema';
import type { AppContext } from '../app-context';
import { clientPaymentAlerts } from '../clients/client-flags';
import { staffClientView } from '../clients/client-views';

/** Loads a client for a staff action, refusing (403) outside the staff's entity scope. */
export async function loadClientForStaff(ctx: AppContext, actor: Actor, action: Action, clientId: string): Promise<ClientRow> {
  authorize(actor, action);
  const client = isUuid(clientId) ? await ctx.db.selectFrom('client').selectAll().where('id', '=', clientId).executeTakeFirst() : undefined;
  if (!client) throw new NotFoundError('Client');
  authorize(actor, action, { entityId: client.entity_id });
  return client;
}

export async function getClientDetail(ctx: AppContext, actor: Actor, clientId: string) {
  const client = await loadClientForStaff(ctx, actor, 'client.view', clientId);
  const entity = findEntity(ctx.config, client.entity_id);
  const alerts = (await clientPaymentAlerts(ctx.db, [client.id])).get(client.id);
  return {
    client: { ...staffClientView(client), entity: { id: client.entity_id, name: entity?.name ?? client.entity_id } },
    /** Open flags (chargebacks, refunds, the debts they left), newest first. */
    openFlags: alerts?.openFlags ?? [],
    /** What the client owes per currency (chargebacks or refunds the wallet could not cover); empty when nothing. */
    debts: alerts?.debts ?? [],
  };
}
