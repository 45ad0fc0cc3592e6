/** A reconciliation run with one open break of a client of `entityId`, inserted directly (runs themselves are tested in test/reconciliation). */
import { newId } from '../../src/persistence/ids';
import type { AppContext } from '../../src/usecases/app-context';

export async function seedReconciliationBreak(ctx: AppContext, clientId: string, entityId = 'eu'): Promise<string> {
  const now = ctx.clock.now();
  const runId = newId();
  const breakId = newId();
  const today = now.toISOString().slice(0, 10);
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('reconciliation_run')
      .values({ id: runId, status: 'completed', requested_by: 'system:test', requested_at: now, started_at: now, finished_at: now, settlement_from: today, settlement_to: today, break_count: 1 })
      .execute();
    await trx
      .insertInto('reconciliation_break')
      .values({
        id: breakId, run_id: runId, seq: 1, kind: 'unknown_deal', platform_id: 'mt5_demo', login: '500001', client_id: clientId, entity_id: entityId, deal_id: '100001',
        currency: 'EUR', expected_minor: 0n, actual_minor: 5000n, evidence: JSON.stringify({ comment: 'seeded' }), status: 'open', created_at: now,
      })
      .execute();
  });
  return breakId;
}
