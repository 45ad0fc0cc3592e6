/**
 * Client money under real concurrency (issue: "Concurrency on real
 * PostgreSQL"), over HTTP. Skipped on PGlite, whose dialect runs one
 * transaction at a time (nothing would race).
 *
 * (a) 50 parallel withdrawal requests worth more than the wallet: exactly the
 *     affordable ones are accepted, the rest refused with 409, and the hold
 *     is exactly what was accepted.
 * (b) Two server PROCESSES on one database (this one, and `src/cli/start.ts`
 *     spawned with node, both starting on the empty database at once): the same
 *     signed deposit callback delivered to both at once credits once; the same
 *     finance approval sent to both at once credits once; the same payout
 *     callback (and a copy under another event id) sent to both settles once.
 * (c) Two staff members with the same role approving the same stage of the
 *     same withdrawal at the same instant, 21 times over the three stages:
 *     every time exactly one 200 and one 409, one approval step recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { integrationsFrom, type PspConnection } from '../../src/app/integrations';
import { pspEnvPrefix } from '../../src/app/settings';
import { startRuntime, type Runtime } from '../../src/app/runtime';
import { loadConfig } from '../../src/config/load-config';
import { buildServer } from '../../src/http/server';
import { fileMailer } from '../../src/integrations/email/mailer';
import { localFileStore } from '../../src/integrations/files/file-store';
import { signStripePayload } from '../../src/integrations/psp';
import { openDatabase, type Database } from '../../src/persistence/database';
import { newId } from '../../src/persistence/ids';
import { clientBalance } from '../../src/persistence/ledger/ledger-repository';
import { migrate, readMigrations } from '../../src/persistence/migrate';
import { hashPassword } from '../../src/security/passwords';
import { startPspSimulator, type PspSimulator } from '../../src/simulators/psp';
import { SYSTEM_REQUEST } from '../../src/usecases/app-context';
import { logInClient } from '../../src/usecases/clients/log-in-client';
import { loggedInStaff, PASSWORD, uniqueEmail, type LoggedInStaff } from '../support/actors';
import { HttpClient, type HttpResponse } from '../support/http-client';
import type { TestApp } from '../support/test-app';
import { onRealPostgres, TEST_DATABASE_URL } from '../support/test-database';
import { waitFor } from '../support/wait-for';
import { act, addBankAccount, CARD, configWith, fundedClient, LEGAL_NAME, startMoneyWorld, WIRE, type MoneyWorld } from '../withdrawals/withdrawal-support';
import { assertMoneyInvariants } from './money-checks';

/** src/persistence/migrate.ts MIGRATION_LOCK_KEY (not exported): the advisory lock every process migrates under. */
const MIGRATION_LOCK_KEY = 72_707_369;

const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort((a, b) => a - b);

describe.skipIf(!onRealPostgres)('client money under concurrency (real PostgreSQL)', () => {
  describe('one server', () => {
    let world: MoneyWorld;
    beforeAll(async () => {
      // No trading data yet: "recent deposit not traded" would put a supervisor on every withdrawal.
      world = await startMoneyWorld({ config: configWith({ recentDepositNotTradedDays: 0 }) });
    });
    afterAll(async () => world?.close());

    it('50 parallel withdrawal requests of 70.00 on a wallet of 1,000.00: exactly 14 accepted, 36 refused, the hold is what was accepted', async () => {
      const client = await fundedClient(world, '100000');
      const destinationId = await addBankAccount(client);
      // eu_wire's minimum is 100.00 and eu_card's 10.00: 70.00 by card (back to the card, no destination).
      expect((await clientBalance(world.app.ctx.db, client.id, 'EUR')).available.amountMinor).toBe(100_000n);
      const responses = await Promise.all(
        Array.from({ length: 50 }, () => client.http.post('/api/portal/withdrawals', { methodId: 'eu_card', amountMinor: '7000', currency: 'EUR' })),
      );
      expect(statuses(responses)).toEqual([...Array(14).fill(201), ...Array(36).fill(409)]);
      expect(responses.filter((r) => r.status === 409).every((r) => r.body.error.code === 'insufficient_available_balance')).toBe(true);
      const balance = await clientBalance(world.app.ctx.db, client.id, 'EUR');
      expect({ available: balance.available.amountMinor, onHold: balance.onHold.amountMinor, debt: balance.debt.amountMinor }).toEqual({
        available: 100_000n - 14n * 7_000n,
        onHold: 14n * 7_000n,
        debt: 0n,
      });
      const rows = await world.app.ctx.db.selectFrom('withdrawal').select(['id', 'status', 'hold_entry_id']).where('client_id', '=', client.id).execute();
      expect(rows).toHaveLength(14);
      expect(rows.every((w) => w.status === 'submitted' && w.hold_entry_id !== null)).toBe(true);
      const holds = await world.app.ctx.db
        .selectFrom('journal_entry')
        .select('business_id')
        .where('kind', '=', 'withdrawal_hold')
        .where('business_id', 'in', rows.map((w) => w.id))
        .execute();
      expect(holds).toHaveLength(14);
      // The last 20.00 is still usable, and no more.
      expect((await client.http.post('/api/portal/withdrawals', { methodId: 'eu_card', amountMinor: '2001', currency: 'EUR' })).status).toBe(409);
      expect((await client.http.post('/api/portal/withdrawals', { methodId: 'eu_wire', amountMinor: '10000', currency: 'EUR', destinationId })).status).toBe(409);
      expect((await client.http.post('/api/portal/withdrawals', { methodId: 'eu_card', amountMinor: '2000', currency: 'EUR' })).status).toBe(201);
      await assertMoneyInvariants(world.app.ctx.db);
    });

    it('two staff with the same role approve the same stage at the same instant, 21 times: always one 200 and one 409, one approval recorded', async () => {
      const twins: Record<'support' | 'compliance' | 'finance', [LoggedInStaff, LoggedInStaff]> = {
        support: [world.support, await loggedInStaff(world.app, ['support'])],
        compliance: [world.compliance, await loggedInStaff(world.app, ['compliance'])],
        finance: [world.finance, await loggedInStaff(world.app, ['finance'])],
      };
      const clients = [await fundedClient(world, '500000'), await fundedClient(world, '500000')];
      const destinations = await Promise.all(clients.map((c) => addBankAccount(c)));
      const stages = ['support', 'compliance', 'finance'] as const;
      const approve = { support: 'support_approve', compliance: 'compliance_approve', finance: 'finance_approve' } as const;
      const losers: string[] = [];
      for (let round = 0; round < 21; round++) {
        const stage = stages[round % 3]!;
        const client = clients[round % 2]!;
        const requested = await client.http.post('/api/portal/withdrawals', {
          methodId: 'eu_wire', amountMinor: String(10_000 + round), currency: 'EUR', destinationId: destinations[round % 2],
        });
        expect(requested.status, JSON.stringify(requested.body)).toBe(201);
        const id = requested.body.withdrawal.id as string;
        // Walk it up to the stage under test, each earlier stage by the first of the pair.
        expect((await act(twins.support[0], id, 'start_review')).status).toBe(200);
        if (stage !== 'support') expect((await act(twins.support[0], id, 'support_approve')).status).toBe(200);
        if (stage === 'finance') expect((await act(twins.compliance[0], id, 'compliance_approve')).status).toBe(200);

        const [a, b] = twins[stage];
        const results = await Promise.all([act(a, id, approve[stage], { note: 'first' }), act(b, id, approve[stage], { note: 'second' })]);
        expect(statuses(results), `round ${round} (${stage}): ${JSON.stringify(results.map((r) => r.body))}`).toEqual([200, 409]);
        losers.push(results.find((r) => r.status === 409)!.body.error.code);
        const approvals = await world.app.ctx.db
          .selectFrom('withdrawal_step')
          .select(['approved_stage', 'actor_id'])
          .where('withdrawal_id', '=', id)
          .where('approved_stage', 'is not', null)
          .execute();
        expect(approvals.filter((s) => s.approved_stage === stage), `round ${round}`).toHaveLength(1);
        expect(approvals).toHaveLength(stages.indexOf(stage) + 1);
        if (stage === 'finance') {
          expect(await world.app.ctx.db.selectFrom('withdrawal_payout').select('id').where('withdrawal_id', '=', id).execute()).toHaveLength(1);
        }
      }
      // The loser saw the state had moved on (not a deadlock, a serialization failure or a 500).
      expect(new Set(losers)).toEqual(new Set(['illegal_transition']));
      await waitFor(async () => (await world.app.ctx.db.selectFrom('withdrawal_payout').select('id').where('status', '=', 'initiating').execute()).length === 0, 20_000);
      await assertMoneyInvariants(world.app.ctx.db);
    });
  });

  describe('two server processes on one database', () => {
    const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
    const START = join(ROOT, 'src', 'cli', 'start.ts');
    const dbName = `traderoom_t_${randomBytes(6).toString('hex')}`;
    let url: string;
    let sim: PspSimulator;
    let database: Database;
    let runtime: Runtime;
    let server: FastifyInstance;
    let child: ChildProcess | undefined;
    let childLog = '';
    let tmp: string;
    let urlA: string;
    let urlB: string;
    /** What this process's migrate() applied: everything, or nothing when the other process won the lock. */
    let migratedHere: string[] = [];

    /** A port nobody listens on now (the second server is told to use it, as an operator would). */
    function freePort(): Promise<number> {
      return new Promise((resolve, reject) => {
        const probe = createServer();
        probe.once('error', reject);
        probe.listen(0, '127.0.0.1', () => {
          const { port } = probe.address() as AddressInfo;
          probe.close(() => resolve(port));
        });
      });
    }

    /**
     * `npm start` without npm (no web build needed): src/cli/start.ts in its own
     * node process on the same PostgreSQL database, its payment providers from
     * PSP_<ID>_* like in production. Resolves with its URL once it says it runs.
     */
    async function startSecondServer(): Promise<string> {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const pspEnv: Record<string, string> = {};
      for (const provider of loadConfig().paymentProviders) {
        const prefix = pspEnvPrefix(provider.id);
        const keys = provider.id === 'demo_card' ? CARD : provider.id === 'demo_wire' ? WIRE : null;
        pspEnv[`${prefix}URL`] = sim.url;
        if (provider.protocol === 'praxis_cashier') {
          // Configured, not used by this test.
          Object.assign(pspEnv, { [`${prefix}MERCHANT_ID`]: 'unused', [`${prefix}APPLICATION_KEY`]: 'unused', [`${prefix}MERCHANT_SECRET`]: 'unused' });
        } else {
          if (!keys) throw new Error(`no test secrets for provider ${provider.id}`);
          Object.assign(pspEnv, { [`${prefix}SECRET_KEY`]: keys.secretKey, [`${prefix}WEBHOOK_SECRETS`]: keys.webhookSecret });
        }
      }
      const proc = spawn(process.execPath, ['--import', 'tsx', START], {
        cwd: ROOT,
        env: {
          ...process.env, ...pspEnv, DATABASE_URL: url, PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: base, DATA_DIR: join(tmp, 'second'),
          DEMO_SEED: 'false', SIMULATORS: 'false', LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the second server is not running after 90 s:\n${childLog}`)), 90_000);
        const collect = (chunk: Buffer) => {
          childLog += chunk.toString();
          if (childLog.includes('Traderoom is running')) {
            clearTimeout(timer);
            resolve(base);
          }
        };
        proc.stdout!.on('data', collect);
        proc.stderr!.on('data', collect);
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`the second server exited with ${code}:\n${childLog}`));
        });
      });
    }

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const u = new URL(TEST_DATABASE_URL!);
      u.pathname = `/${dbName}`;
      url = u.toString();
      // The simulator answers the deposit and payout APIs; the callbacks are delivered by the test, to both servers.
      sim = await startPspSimulator({
        providers: [
          { id: 'demo_card', protocol: 'generic', ...CARD },
          { id: 'demo_wire', protocol: 'generic', ...WIRE },
        ],
        webhookUrl: () => undefined,
      });
      const psp: PspConnection[] = [
        { protocol: 'generic', providerId: 'demo_card', baseUrl: sim.url, secretKey: CARD.secretKey, webhookSecrets: [CARD.webhookSecret] },
        { protocol: 'generic', providerId: 'demo_wire', baseUrl: sim.url, secretKey: WIRE.secretKey, webhookSecrets: [WIRE.webhookSecret] },
      ];
      tmp = mkdtempSync(join(tmpdir(), 'traderoom-money-'));
      database = await openDatabase({ kind: 'postgres', url, poolSize: 12 });
      // Both processes start on the EMPTY database and queue for the migration lock, which this
      // test holds until both wait for it: then they race for it from the same starting line.
      const locker = new pg.Client({ connectionString: url });
      await locker.connect();
      await locker.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
      const secondReady = startSecondServer();
      secondReady.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      const migrated = migrate(database);
      migrated.catch(() => undefined);
      const waiting = async () =>
        (await locker.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND NOT granted", [MIGRATION_LOCK_KEY]))
          .rows[0]!.n;
      await waitFor(async () => (await waiting()) === 2, 90_000, 20);
      await locker.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      await locker.end();
      migratedHere = await migrated;
      runtime = await startRuntime({
        database,
        config: loadConfig(),
        publicUrl: 'http://traderoom.test',
        mailer: fileMailer(join(tmp, 'mail'), 'test@traderoom.test'),
        files: localFileStore(join(tmp, 'files')),
        integrations: integrationsFrom({
          sanctionsUrl: null, sanctionsApiKey: null, sanctionsDataset: 'default', sanctionsThreshold: 0.7,
          sumsubUrl: null, sumsubAppToken: null, sumsubSecretKey: null, sumsubWebhookSecrets: [], sumsubLevelName: 'basic-kyc-level',
          psp,
        }),
        pollingIntervalSeconds: 0.5,
      });
      urlB = await secondReady;
      server = await buildServer(runtime.ctx, { cookieSecure: false, webDist: null });
      urlA = await server.listen({ port: 0, host: '127.0.0.1' });
    }, 120_000);

    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((resolve) => child!.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await server?.close();
      await runtime?.stop();
      await database?.close();
      await sim?.close();
      if (tmp) rmSync(tmp, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await dropper.end();
    }, 60_000);

    const db = () => runtime.ctx.db;

    /** The same session on the other server (sessions live in the database). */
    function sameSessionOn(http: HttpClient, baseUrl: string, cookie: string): HttpClient {
      const other = new HttpClient(baseUrl);
      other.setCookie(cookie, http.cookie(cookie)!);
      other.csrfToken = http.csrfToken;
      return other;
    }

    async function client(): Promise<{ id: string; http: HttpClient }> {
      const id = newId();
      const email = uniqueEmail('twoservers');
      const now = new Date();
      await db()
        .insertInto('client')
        .values({
          id, email, password_hash: await hashPassword(PASSWORD), first_name: 'Anna', last_name: 'Schmidt', country: 'DE', client_type: 'individual', entity_id: 'eu',
          status: 'active', verification_level: 'verified', language: 'en', email_verified_at: now, created_at: now, updated_at: now,
        })
        .execute();
      await db().insertInto('client_profile').values({ client_id: id, fields: JSON.stringify({ legal_name: LEGAL_NAME }), updated_at: now }).execute();
      const { session } = await logInClient(runtime.ctx, SYSTEM_REQUEST, { email, password: PASSWORD });
      const http = new HttpClient(urlA);
      http.setCookie('tr_portal', session.token);
      http.csrfToken = session.csrfToken;
      return { id, http };
    }

    /** One signed callback (body + Stripe-Signature), POSTed as is to each server given, all at once. */
    async function deliver(body: string, servers: string[]): Promise<HttpResponse<{ outcome: string }>[]> {
      const signature = signStripePayload(body, CARD.webhookSecret, Math.floor(Date.now() / 1000));
      return Promise.all(
        servers.map(async (base) => {
          const res = await fetch(`${base}/api/webhooks/psp/demo_card`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body });
          return { status: res.status, headers: res.headers, body: (await res.json()) as { outcome: string } };
        }),
      );
    }

    /** The simulator's `payment_intent.succeeded` for a deposit (generic protocol). */
    function paymentSucceeded(depositId: string, amountMinor: number): string {
      const ref = depositId.replace(/-/g, '');
      return JSON.stringify({
        id: `evt_${randomBytes(12).toString('hex')}`, object: 'event', api_version: 'traderoom-psp-1', created: Math.floor(Date.now() / 1000), livemode: false, type: 'payment_intent.succeeded',
        data: { object: { id: `pi_${ref}`, object: 'payment_intent', reference: depositId, amount_minor: amountMinor, currency: 'EUR', status: 'succeeded', payer_name: LEGAL_NAME, livemode: false } },
      });
    }

    function payoutPaid(payout: { id: string; provider_payout_id: string | null }, amountMinor: number): string {
      return JSON.stringify({
        id: `evt_${randomBytes(12).toString('hex')}`, object: 'event', api_version: 'traderoom-psp-1', created: Math.floor(Date.now() / 1000), livemode: false, type: 'payout.paid',
        data: { object: { id: payout.provider_payout_id, object: 'payout', reference: payout.id, amount_minor: amountMinor, currency: 'EUR', status: 'paid', livemode: false } },
      });
    }

    async function startDeposit(http: HttpClient, amountMinor: number): Promise<string> {
      const res = await http.post('/api/portal/deposits', { methodId: 'eu_card', amountMinor: String(amountMinor), currency: 'EUR' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.deposit.id as string;
    }

    async function creditsOf(depositId: string) {
      return db().selectFrom('journal_entry').select('id').where('kind', '=', 'deposit_credit').where('business_type', '=', 'deposit').where('business_id', '=', depositId).execute();
    }

    it('both processes migrated the empty database at once: one applied every migration, the other waited and applied none', async () => {
      const all = readMigrations().map((m) => m.version);
      const applied = await db().selectFrom('schema_migration').select('version').execute();
      expect(applied.map((m) => m.version).sort()).toEqual(all);
      expect([[], all]).toContainEqual(migratedHere);
      const health = await Promise.all([fetch(`${urlA}/ready`), fetch(`${urlB}/ready`)]);
      expect(health.map((r) => r.status)).toEqual([200, 200]);
    });

    it('the same deposit callback and the same finance approval, sent to both servers at once, credit each deposit once', async () => {
      const financeA = await loggedInStaff({ ctx: runtime.ctx, baseUrl: urlA } as TestApp, ['finance']);
      const financeB = sameSessionOn(financeA.http, urlB, 'tr_staff');
      const clients = await Promise.all(Array.from({ length: 6 }, () => client()));
      // First deposits: the callback to both servers twice each, all at once → one applied, held for review (first deposit).
      const first = await Promise.all(clients.map((c) => startDeposit(c.http, 5_000)));
      const firstAnswers = await Promise.all(first.map((id) => deliver(paymentSucceeded(id, 5_000), [urlA, urlB, urlA, urlB])));
      for (const answers of firstAnswers) {
        expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
        expect(answers.map((a) => a.body.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate']);
      }
      const held = await db().selectFrom('deposit').select(['id', 'status']).where('id', 'in', first).execute();
      expect(held.every((d) => d.status === 'under_review')).toBe(true);
      // The same approval on both servers at once: one wins.
      const decisions = await Promise.all(
        first.map((id) =>
          Promise.all([
            financeA.http.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Checked (A).' }),
            financeB.post(`/api/backoffice/deposits/${id}/decision`, { decision: 'approve', note: 'Checked (B).' }),
          ]),
        ),
      );
      for (const pair of decisions) expect(statuses(pair), JSON.stringify(pair.map((r) => r.body))).toEqual([200, 409]);
      // Second deposits are credited straight away: the callback to both servers at once, twice each.
      const second = await Promise.all(clients.map((c) => startDeposit(c.http, 2_000)));
      const secondAnswers = await Promise.all(second.map((id) => deliver(paymentSucceeded(id, 2_000), [urlB, urlA, urlB, urlA])));
      for (const answers of secondAnswers) expect(answers.map((a) => a.body.outcome).sort()).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate']);
      for (const id of [...first, ...second]) expect(await creditsOf(id), `deposit ${id}`).toHaveLength(1);
      const credited = await db().selectFrom('deposit').select('status').where('id', 'in', [...first, ...second]).execute();
      expect(credited.every((d) => d.status === 'credited')).toBe(true);
      for (const c of clients) expect((await clientBalance(db(), c.id, 'EUR')).available.amountMinor).toBe(7_000n);
      // Every event stored once, whichever process received it.
      const events = await db().selectFrom('provider_event').select(['dedup_key']).where('subject_id', 'in', [...first, ...second]).execute();
      expect(events).toHaveLength(first.length + second.length);
      await assertMoneyInvariants(db());
    });

    it('the same payout callback sent to both servers at once (and again under another event id) settles each payout once', async () => {
      const staff = {
        support: await loggedInStaff({ ctx: runtime.ctx, baseUrl: urlA } as TestApp, ['support']),
        compliance: await loggedInStaff({ ctx: runtime.ctx, baseUrl: urlA } as TestApp, ['compliance']),
        finance: await loggedInStaff({ ctx: runtime.ctx, baseUrl: urlA } as TestApp, ['finance']),
        supervisor: await loggedInStaff({ ctx: runtime.ctx, baseUrl: urlA } as TestApp, ['supervisor']),
      };
      const withdrawals: { id: string; clientId: string }[] = [];
      for (let i = 0; i < 3; i++) {
        const c = await client();
        // Fund by card: first deposit approved, so the card withdrawal needs no "method differs" supervisor.
        const depositId = await startDeposit(c.http, 10_000);
        expect((await deliver(paymentSucceeded(depositId, 10_000), [urlA]))[0]!.status).toBe(200);
        expect((await staff.finance.http.post(`/api/backoffice/deposits/${depositId}/decision`, { decision: 'approve', note: 'Checked.' })).status).toBe(200);
        const res = await c.http.post('/api/portal/withdrawals', { methodId: 'eu_card', amountMinor: '3000', currency: 'EUR' });
        expect(res.status, JSON.stringify(res.body)).toBe(201);
        const id = res.body.withdrawal.id as string;
        const row = await db().selectFrom('withdrawal').select('stages').where('id', '=', id).executeTakeFirstOrThrow();
        // The demo configuration (both processes): a recent, untraded deposit brings a supervisor in.
        expect(row.stages).toEqual(['support', 'compliance', 'finance', 'supervisor']);
        for (const [who, event, note] of [
          ['support', 'start_review', undefined],
          ['support', 'support_approve', undefined],
          ['compliance', 'compliance_approve', undefined],
          ['finance', 'finance_refer', 'Supervisor sign-off.'],
          ['supervisor', 'supervisor_approve', 'Approved.'],
        ] as const) {
          const answer = await act(staff[who], id, event, note ? { note } : {});
          expect(answer.status, `${event}: ${JSON.stringify(answer.body)}`).toBe(200);
        }
        withdrawals.push({ id, clientId: c.id });
      }
      // The payout job runs on whichever process's worker takes it, once.
      const ids = withdrawals.map((w) => w.id);
      await waitFor(async () => (await db().selectFrom('withdrawal_payout').select('status').where('withdrawal_id', 'in', ids).execute()).every((p) => p.status === 'pending'), 30_000);
      const payouts = await db().selectFrom('withdrawal_payout').selectAll().where('withdrawal_id', 'in', ids).execute();
      expect(payouts).toHaveLength(3);
      for (const p of payouts) expect(sim.payouts().filter((s) => s.reference === p.id)).toHaveLength(1);

      const answers = await Promise.all(
        payouts.map(async (p) => {
          const body = payoutPaid(p, 3_000);
          const again = payoutPaid(p, 3_000); // the provider resending it as a new event
          const [same, other] = await Promise.all([deliver(body, [urlA, urlB, urlA, urlB]), deliver(again, [urlB, urlA])]);
          return { same, other };
        }),
      );
      for (const { same, other } of answers) {
        expect([...same, ...other].map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
        const outcomes = [...same, ...other].map((a) => a.body.outcome);
        expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
        expect(same.filter((a) => a.body.outcome === 'duplicate').length).toBeGreaterThanOrEqual(3);
      }
      for (const p of payouts) {
        const settles = await db().selectFrom('journal_entry').select('id').where('kind', '=', 'withdrawal_settle').where('business_id', '=', p.id).execute();
        expect(settles, `payout ${p.id}`).toHaveLength(1);
      }
      for (const w of withdrawals) {
        expect((await db().selectFrom('withdrawal').select('status').where('id', '=', w.id).executeTakeFirstOrThrow()).status).toBe('paid');
        const balance = await clientBalance(db(), w.clientId, 'EUR');
        expect([balance.available.amountMinor, balance.onHold.amountMinor]).toEqual([7_000n, 0n]);
      }
      await assertMoneyInvariants(db());
    });
  });
});
