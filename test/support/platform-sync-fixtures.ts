/**
 * A trading account whose platform rights are waiting to be applied, inserted
 * directly (the flow itself — status change, job, platform — is tested end to
 * end in test/trading/platform-rights.test.ts).
 */
import { newId } from '../../src/persistence/ids';
import type { PlatformSyncState } from '../../src/persistence/tables/platform-rights-sync-tables';
import type { AppContext } from '../../src/usecases/app-context';
import { platformReference } from '../../src/usecases/trading/trading-views';

let login = 900_000;

export async function seedRightsSync(ctx: AppContext, clientId: string, state: Exclude<PlatformSyncState, 'applied'> = 'failed'): Promise<string> {
  const id = newId();
  const now = ctx.clock.now();
  const client = await ctx.db.selectFrom('client').select(['entity_id']).where('id', '=', clientId).executeTakeFirstOrThrow();
  login += 1;
  await ctx.db
    .insertInto('trading_account')
    .values({
      id, client_id: clientId, entity_id: client.entity_id, platform_id: 'mt5_demo', account_type: 'live', platform_group: 'real\\eu-retail-eur', currency: 'EUR', leverage: 30,
      reference: platformReference('TA', id), login: String(login), status: 'read_only', rights: 'full', created_at: now, updated_at: now, provisioned_at: now,
    })
    .execute();
  await ctx.db
    .insertInto('platform_rights_sync')
    .values({
      trading_account_id: id, desired_rights: 'trading_disabled', follows_client: true, state, attempts: 1, desired_since: now, last_attempt_at: now,
      last_error: state === 'pending' ? null : 'permission_denied: seeded', last_error_at: state === 'pending' ? null : now, created_at: now, updated_at: now,
    })
    .execute();
  return id;
}
