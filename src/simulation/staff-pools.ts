/**
 * Staff working their queues: each role is a pool of real staff members
 * (capacity = how many). In working hours a free member takes the oldest
 * item of the role's queues that they may work (four eyes: never a second
 * stage of the same withdrawal); the decision takes a log-normal time of
 * working hours, so work left at 18:00 continues the next working morning.
 */
import { slaDueAt } from '../domain/sla/sla-due';
import { addWorkingHours } from '../domain/sla/working-hours';
import type { SlaTarget } from '../config/vocabulary';
import { BEHAVIOUR } from './behaviour';
import type { Random } from './random';
import { QUEUE_ROLE, QUEUES, type QueueName, type WorkingRole } from './scenario';
import { HOUR_MS, type StaffMember, type World } from './sim-world';

export interface WorkItem {
  queue: QueueName;
  /** Subject the handler works on (a KYC case, deposit or withdrawal id); never reported. */
  subjectId: string;
  enteredAt: number;
  dueAt: number;
  seq: number;
  /** Staff who may not take it (they approved another stage of the same withdrawal). */
  excluded: ReadonlySet<string>;
  /** Handler data (the client, the stage's context). */
  data: Record<string, unknown>;
}

export interface QueueHandler {
  /** At the start of the work (e.g. claim the case); false: the item is gone (nothing to do). */
  start?(item: WorkItem, member: StaffMember): Promise<boolean>;
  /** At the end of the work: the decision. */
  finish(item: WorkItem, member: StaffMember): Promise<void>;
}

const SLA_TARGET: Readonly<Record<QueueName, SlaTarget>> = {
  kyc_review: 'kyc_review',
  deposit_review: 'deposit_review',
  withdrawal_support: 'withdrawal_support',
  withdrawal_compliance: 'withdrawal_compliance',
  withdrawal_finance: 'withdrawal_finance',
  withdrawal_supervisor: 'withdrawal_supervisor',
};

export class StaffPools {
  private readonly waiting = new Map<QueueName, WorkItem[]>(QUEUES.map((q) => [q, []]));
  private readonly inService = new Map<QueueName, WorkItem[]>(QUEUES.map((q) => [q, []]));
  private readonly wakeScheduled = new Set<WorkingRole>();
  private seq = 0;

  constructor(
    private readonly world: World,
    private readonly members: Readonly<Record<WorkingRole, StaffMember[]>>,
    private readonly handlers: Readonly<Record<QueueName, QueueHandler>>,
    private readonly rng: Random,
  ) {}

  async enqueue(queue: QueueName, subjectId: string, data: Record<string, unknown> = {}, excluded: ReadonlySet<string> = new Set()): Promise<void> {
    const now = this.world.now();
    const dueAt = slaDueAt(this.world.ctx.config.sla, SLA_TARGET[queue], new Date(now)).getTime();
    this.waiting.get(queue)!.push({ queue, subjectId, enteredAt: now, dueAt, seq: this.seq++, excluded, data });
    this.world.metrics.sla[queue].entered += 1;
    await this.dispatch(QUEUE_ROLE[queue]);
  }

  /** Waiting items (not being worked) of a queue. */
  waitingIn(queue: QueueName): readonly WorkItem[] {
    return this.waiting.get(queue)!;
  }

  async dispatch(role: WorkingRole): Promise<void> {
    if (this.world.closed) return;
    const now = this.world.now();
    if (!this.world.isWorking(now)) {
      this.wakeAtOpening(role);
      return;
    }
    for (const member of this.members[role]) {
      if (member.busy) continue;
      const item = this.nextFor(role, member);
      if (!item) return;
      await this.start(member, item);
    }
  }

  private wakeAtOpening(role: WorkingRole): void {
    if (this.wakeScheduled.has(role) || this.members[role].length === 0) return;
    this.wakeScheduled.add(role);
    this.world.schedule(this.world.nextOpening(this.world.now()), async () => {
      this.wakeScheduled.delete(role);
      await this.dispatch(role);
    });
  }

  /** The oldest waiting item of the role's queues this member may work. */
  private nextFor(role: WorkingRole, member: StaffMember): WorkItem | undefined {
    let best: WorkItem | undefined;
    for (const queue of QUEUES) {
      if (QUEUE_ROLE[queue] !== role) continue;
      for (const item of this.waiting.get(queue)!) {
        if (item.excluded.has(member.id)) continue;
        if (!best || item.enteredAt < best.enteredAt || (item.enteredAt === best.enteredAt && item.seq < best.seq)) best = item;
        break; // each queue is in arrival order: its first eligible item is its oldest
      }
    }
    return best;
  }

  private remove(list: WorkItem[], item: WorkItem): void {
    const i = list.indexOf(item);
    if (i >= 0) list.splice(i, 1);
  }

  private async start(member: StaffMember, item: WorkItem): Promise<void> {
    const queue = item.queue;
    this.remove(this.waiting.get(queue)!, item);
    const handler = this.handlers[queue];
    member.busy = true;
    if (handler.start && !(await handler.start(item, member))) {
      member.busy = false;
      this.world.metrics.sla[queue].entered -= 1; // never a real queue item (e.g. already decided)
      return;
    }
    this.inService.get(queue)!.push(item);
    this.world.metrics.waits[queue].push((this.world.now() - item.enteredAt) / HOUR_MS);
    const minutes = this.rng.lognormal(this.world.scenario.decisionMinutes[queue], BEHAVIOUR.decisionSigma);
    const workMs = Math.max(60_000, Math.round(minutes * 60_000));
    const finishAt = addWorkingHours(new Date(this.world.now()), workMs / HOUR_MS, this.world.ctx.config.sla).getTime();
    this.world.schedule(finishAt, async () => {
      this.remove(this.inService.get(queue)!, item);
      await handler.finish(item, member);
      const tally = this.world.metrics.sla[queue];
      tally.decided += 1;
      if (this.world.now() > item.dueAt) tally.decidedLate += 1;
      this.world.metrics.busyMs[member.role] += workMs;
      member.busy = false;
      await this.dispatch(member.role);
    });
  }

  /** At the horizon: what is still waiting or being worked, and how much of it is overdue. */
  closeBooks(at: number): void {
    for (const queue of QUEUES) {
      for (const item of [...this.waiting.get(queue)!, ...this.inService.get(queue)!]) {
        const tally = this.world.metrics.sla[queue];
        tally.openAtEnd += 1;
        if (at > item.dueAt) tally.openOverdueAtEnd += 1;
      }
    }
  }

  /** Sizes and oldest ages of the waiting lines now. */
  snapshot(at: number): { size: Record<QueueName, number>; oldestHours: Record<QueueName, number> } {
    const size = {} as Record<QueueName, number>;
    const oldestHours = {} as Record<QueueName, number>;
    for (const queue of QUEUES) {
      const items = this.waiting.get(queue)!;
      size[queue] = items.length;
      oldestHours[queue] = items.length === 0 ? 0 : (at - Math.min(...items.map((i) => i.enteredAt))) / HOUR_MS;
    }
    return { size, oldestHours };
  }
}
