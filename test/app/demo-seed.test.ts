/** The demo seed: staff per role, an onboarding client, and a verified trader who can withdraw at once. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../src/app/demo-seed';
import { verifyLedger } from '../../src/persistence/ledger/verify-ledger';
import { HttpClient } from '../support/http-client';
import { startTestApp, type TestApp } from '../support/test-app';

let app: TestApp;
let dataDir: string;
beforeAll(async () => {
  app = await startTestApp({ workers: false });
  dataDir = mkdtempSync(join(tmpdir(), 'traderoom-demo-'));
});
afterAll(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('demo seed', () => {
  it('creates the logins once, saves them, and gives the trader money and a bank account to withdraw to', async () => {
    const logins = await seedDemo(app.ctx, dataDir);
    expect(logins?.staff.map((s) => s.roles[0])).toEqual(expect.arrayContaining(['support', 'compliance', 'finance', 'supervisor', 'admin']));
    expect(JSON.parse(readFileSync(join(dataDir, 'demo-logins.json'), 'utf8'))).toEqual(logins);
    expect(await seedDemo(app.ctx, dataDir)).toEqual(logins); // a second start reads them back and creates nothing

    const trader = new HttpClient(app.baseUrl);
    expect((await trader.post('/api/portal/login', logins!.trader)).status).toBe(200);
    // Verified as a verified client is: nothing left to do, a complete profile and both documents accepted.
    const me = await trader.get('/api/portal/me');
    expect(me.body.client).toMatchObject({ status: 'active', verificationLevel: 'verified' });
    expect(me.body.nextSteps).toEqual([]); // funded already: nothing left to do
    const wallet = await trader.get('/api/portal/wallet');
    expect(wallet.body.balances).toEqual([{ currency: 'EUR', availableMinor: '250000', onHoldMinor: '0', debtMinor: '0' }]);
    const destinations = await trader.get('/api/portal/payout-destinations');
    expect(destinations.body.items).toHaveLength(1);
    const withdrawal = await trader.post('/api/portal/withdrawals', {
      methodId: 'eu_sepa', amountMinor: '10000', currency: 'EUR', destinationId: destinations.body.items[0].id,
    });
    expect(withdrawal.status, JSON.stringify(withdrawal.body)).toBe(201);
    expect((await verifyLedger(app.ctx.db)).ok).toBe(true);
  });
});
