/**
 * What one simulation run is asked to model: volume, horizon, staff per role,
 * how long each decision takes, the seed. Everything else about client
 * behaviour is in `behaviour.ts` (rates and delays, fixed and documented).
 */
import type { StaffRole } from '../domain/roles';

/** The roles that work queues in the simulation (admin manages staff; it decides nothing). */
export const WORKING_ROLES = ['support', 'compliance', 'finance', 'supervisor'] as const satisfies readonly StaffRole[];
export type WorkingRole = (typeof WORKING_ROLES)[number];

/** The queues staff work, each owned by one role. */
export const QUEUES = ['kyc_review', 'deposit_review', 'withdrawal_support', 'withdrawal_compliance', 'withdrawal_finance', 'withdrawal_supervisor'] as const;
export type QueueName = (typeof QUEUES)[number];

export const QUEUE_ROLE: Readonly<Record<QueueName, WorkingRole>> = {
  kyc_review: 'compliance',
  deposit_review: 'finance',
  withdrawal_support: 'support',
  withdrawal_compliance: 'compliance',
  withdrawal_finance: 'finance',
  withdrawal_supervisor: 'supervisor',
};

export const QUEUE_LABEL: Readonly<Record<QueueName, string>> = {
  kyc_review: 'KYC review',
  deposit_review: 'Deposit review',
  withdrawal_support: 'Withdrawal: support',
  withdrawal_compliance: 'Withdrawal: compliance',
  withdrawal_finance: 'Withdrawal: finance',
  withdrawal_supervisor: 'Withdrawal: supervisor',
};

/** `--decision-minutes` keys: the median minutes of one decision in each queue. */
export const DECISION_KEYS: Readonly<Record<string, QueueName>> = {
  kyc: 'kyc_review',
  deposit: 'deposit_review',
  support: 'withdrawal_support',
  compliance: 'withdrawal_compliance',
  finance: 'withdrawal_finance',
  supervisor: 'withdrawal_supervisor',
};

export interface Scenario {
  clients: number;
  days: number;
  staff: Readonly<Record<WorkingRole, number>>;
  seed: number;
  /** First simulated day, YYYY-MM-DD (00:00 UTC). */
  start: string;
  /** Median minutes of one decision per queue (log-normal around it). */
  decisionMinutes: Readonly<Record<QueueName, number>>;
}

export const DEFAULT_SCENARIO: Scenario = {
  clients: 1000,
  days: 30,
  staff: { support: 2, compliance: 2, finance: 1, supervisor: 1 },
  seed: 1,
  start: '2026-11-02',
  decisionMinutes: {
    kyc_review: 25,
    deposit_review: 8,
    withdrawal_support: 6,
    withdrawal_compliance: 12,
    withdrawal_finance: 10,
    withdrawal_supervisor: 8,
  },
};

export const LIMITS = { clients: 100_000, days: 366, staffPerRole: 100, decisionMinutes: 8 * 60 } as const;
