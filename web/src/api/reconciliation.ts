/**
 * Reconciliation (SPEC §8; src/http/routes/reconciliation-routes.ts, views in
 * src/usecases/reconciliation/reconciliation-views.ts and platform-exceptions.ts):
 * runs and their breaks, the platform exceptions queue, the balance sync on
 * demand. Amounts are minor units as digit strings (signed).
 */
import type { BreakKind, RunNote } from '../../../src/domain/reconciliation/breaks';
import { api } from './client';
import type { Page } from './types';

export type { BreakKind, RunNote };
export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export type ResolutionStatus = 'open' | 'resolved';

export interface ReconciliationRun {
  id: string;
  status: RunStatus;
  /** `staff:<id>` or `system:schedule`. */
  requestedBy: string;
  /** The staff member's name when a person started it (lists and the run's page). */
  requestedByName?: string | null;
  requestedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  /** Settlement report dates, YYYY-MM-DD (UTC), inclusive. */
  settlementFrom: string;
  settlementTo: string;
  accountsChecked: number;
  transfersChecked: number;
  dealsChecked: number;
  settlementRowsChecked: number;
  /** Every break of the run (all entities); known once the run completed. */
  breakCount: number;
  breaksByKind: Partial<Record<BreakKind, number>>;
  /** What the run could not check, and why. */
  notes: RunNote[];
  error: string | null;
}

export interface ReconciliationBreak {
  id: string;
  runId: string;
  seq: number;
  kind: BreakKind;
  status: ResolutionStatus;
  platformId: string | null;
  providerId: string | null;
  tradingAccountId: string | null;
  login: string | null;
  clientId: string | null;
  entityId: string | null;
  reference: string | null;
  dealId: string | null;
  currency: string | null;
  expectedMinor: string | null;
  actualMinor: string | null;
  /** actual − expected, when both are known. */
  differenceMinor: string | null;
  evidence: Record<string, unknown>;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  /** Names for the page (not sent back by the resolve endpoint). */
  clientName?: string | null;
  resolvedByName?: string | null;
}

export interface ReconciliationRunDetail {
  /** `openBreaks`: the open breaks within the staff member's entities. */
  run: ReconciliationRun & { openBreaks: number };
  breaks: ReconciliationBreak[];
  /** The `after` of the next page (the last seq of this one); null at the end. */
  nextAfter: number | null;
}

export interface BreakQuery {
  kind?: BreakKind | null;
  status?: ResolutionStatus | null;
  after?: number | null;
  limit?: number;
}

export interface PlatformExceptionEvidence {
  dealId: string;
  kind: string;
  platformType: string;
  amountMinor: string;
  balanceEffectMinor: string;
  currency: string;
  comment: string;
  time: string;
  referenceOfAnotherAccount?: string;
  [key: string]: unknown;
}

export interface PlatformException {
  id: string;
  kind: 'unknown_deal';
  status: ResolutionStatus;
  ownerQueue: 'finance';
  platformId: string;
  dealId: string;
  tradingAccountId: string;
  login: string;
  clientId: string;
  entityId: string;
  evidence: PlatformExceptionEvidence;
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
  /** Names for the page (not sent back by the resolve endpoint). */
  clientName?: string | null;
  resolvedByName?: string | null;
}

const run = (id: string) => `/api/backoffice/reconciliation/runs/${encodeURIComponent(id)}`;

/** Back office (cookie realm `tr_staff`); run and exception pages of 50 are fixed by the server. */
export const reconciliationApi = {
  runs: (cursor: string | null, signal?: AbortSignal) => api.get<Page<ReconciliationRun>>('/api/backoffice/reconciliation/runs', { query: { cursor }, signal }),
  /** `idempotencyKey`: one per attempt, so a double click cannot start two runs. */
  startRun: (input: { settlementFrom?: string; settlementTo?: string }, idempotencyKey: string) =>
    api.post<{ run: ReconciliationRun }>('/api/backoffice/reconciliation/runs', input, { headers: { 'idempotency-key': idempotencyKey } }),
  run: (id: string, query: BreakQuery = {}, signal?: AbortSignal) =>
    api.get<ReconciliationRunDetail>(run(id), { query: { kind: query.kind, status: query.status, after: query.after, limit: query.limit }, signal }),
  /** The run's breaks as CSV (a plain link: the browser downloads it with the session cookie). */
  breaksCsvUrl: (id: string) => `${run(id)}/breaks.csv`,
  resolveBreak: (id: string, note: string) =>
    api.post<{ break: ReconciliationBreak }>(`/api/backoffice/reconciliation/breaks/${encodeURIComponent(id)}/resolve`, { note }),

  exceptions: (status: ResolutionStatus, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<PlatformException>>('/api/backoffice/reconciliation/exceptions', { query: { status, cursor }, signal }),
  resolveException: (id: string, note: string) =>
    api.post<{ exception: PlatformException }>(`/api/backoffice/reconciliation/exceptions/${encodeURIComponent(id)}/resolve`, { note }),

  /** Queues the balance sync with the trading platforms now (it also runs every 15 minutes). */
  syncBalances: () => api.post<{ queued: true; platformId: string | null }>('/api/backoffice/reconciliation/balance-sync', {}),
};
