import { expect } from 'vitest';
import type { HttpClient } from './http-client';
import type { TestApp } from './test-app';
import { waitFor } from './wait-for';

/** A client's wallet ↔ trading account transfer over HTTP, waited for until the platform job settled it (completed or failed); the row. */
export async function settledTransfer(app: TestApp, client: { http: HttpClient }, tradingAccountId: string, direction: 'to_account' | 'to_wallet', amountMinor: string) {
  const res = await client.http.post('/api/portal/trading-transfers', { tradingAccountId, direction, amountMinor });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const id = res.body.transfer.id as string;
  const row = () => app.ctx.db.selectFrom('trading_transfer').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await waitFor(async () => (await row()).status !== 'pending', 15_000);
  return row();
}
