/**
 * The real outbox (pg-boss's job table, written in the use case's own
 * transaction), with no workers: nothing runs on the wall clock. It also
 * hands the simulator what each use case call enqueued, so the simulator
 * plays the effects it needs itself (the client opens the email link, the
 * payout job sends the payout) at simulated times.
 */
import type { Transaction } from 'kysely';
import { JobQueue } from '../jobs/job-queue';
import type { JobData, JobName } from '../jobs/job-types';
import type { DB } from '../persistence/schema';

export interface CapturedJob {
  name: JobName;
  data: JobData[JobName];
}

export class CapturingJobQueue extends JobQueue {
  private captured: CapturedJob[] = [];

  override async enqueue<N extends JobName>(trx: Transaction<DB>, name: N, data: JobData[N]): Promise<string | null> {
    const id = await super.enqueue(trx, name, data);
    this.captured.push({ name, data });
    return id;
  }

  /** What was enqueued since the last call (the caller drops it when its use case failed and rolled back). */
  take(): CapturedJob[] {
    const out = this.captured;
    this.captured = [];
    return out;
  }
}
