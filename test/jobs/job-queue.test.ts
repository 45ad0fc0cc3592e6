import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobQueue } from '../../src/jobs/job-queue';
import type { EmailJob } from '../../src/jobs/job-types';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { waitFor } from '../support/wait-for';

let database: TestDatabase;
let queue: JobQueue;
beforeAll(async () => {
  database = await createTestDatabase();
  queue = new JobQueue(database, { pollingIntervalSeconds: 0.5 });
  await queue.install();
});
afterAll(async () => {
  await queue?.stop();
  await database?.close();
});

const job = (to: string): EmailJob => ({ template: 'email_verification', to, language: 'en', variables: {} });

describe('job queue (outbox)', () => {
  it('delivers a job enqueued in a committed transaction, never one from a rolled-back one, and retries failures', async () => {
    await database.db.transaction().execute(async (trx) => {
      await queue.enqueue(trx, 'email.send', job('committed@example.test'));
    });
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queue.enqueue(trx, 'email.send', job('rolled-back@example.test'));
        throw new Error('business rule refused');
      }),
    ).rejects.toThrow('business rule refused');

    const seen: string[] = [];
    let failuresLeft = 1;
    await queue.work({
      'email.send': async (data) => {
        if (data.to === 'committed@example.test' && failuresLeft-- > 0) throw new Error('SMTP down');
        seen.push(data.to);
      },
    });
    await waitFor(() => seen.length >= 1, 20_000);
    expect(seen).toEqual(['committed@example.test']);
    const { rows } = await sql<{ n: bigint }>`select count(*) as n from pgboss.job where data->>'to' = 'rolled-back@example.test'`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0n);
  });
});
