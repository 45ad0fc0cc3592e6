/** The operations view and the CSV exports (GET /api/backoffice/operations, /api/backoffice/exports/*.csv). */
import { api, type QueryValue } from './client';

export interface QueueFigures {
  count: number;
  oldestAgeMs: number | null;
  medianAgeMs: number | null;
  /** Null for a queue without a service target. */
  breached: number | null;
}

export interface QueueStats {
  queue: string;
  slaTarget: string | null;
  total: QueueFigures;
  byEntity: (QueueFigures & { entityId: string | null })[];
}

export interface Distribution {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
  buckets: { label: string; count: number }[];
}

export interface RateFigure {
  part: number;
  whole: number;
  rate: number | null;
}

export interface OperationsOverview {
  asOf: string;
  entity: string | null;
  period: { from: string; to: string; start: string; end: string; timeZone: string };
  queues: QueueStats[];
  approvalTimes: {
    kyc: Distribution & { decidedLate: number };
    withdrawalRequestToPaid: Distribution;
    withdrawalStages: (Distribution & { queue: string })[];
  };
  rates: Record<'depositAutoCredit' | 'depositFailure' | 'depositChargeback' | 'payoutFailure' | 'payoutReturn', RateFigure>;
}

export interface OperationsQuery {
  entity: string | null;
  from: string | null;
  to: string | null;
}

/** A download link: the browser sends the session cookie; empty filters are left out. */
export function csvUrl(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export const operationsApi = {
  overview: (query: OperationsQuery, signal?: AbortSignal) => api.get<OperationsOverview>('/api/backoffice/operations', { query: { ...query }, signal }),
  kycQueueCsv: (query: Record<string, QueryValue>) => csvUrl('/api/backoffice/exports/kyc-queue.csv', query),
  depositQueueCsv: (query: Record<string, QueryValue>) => csvUrl('/api/backoffice/exports/deposit-queue.csv', query),
  withdrawalQueueCsv: (query: Record<string, QueryValue>) => csvUrl('/api/backoffice/exports/withdrawal-queue.csv', query),
  kycDecisionsCsv: (query: OperationsQuery) => csvUrl('/api/backoffice/exports/kyc-decisions.csv', { ...query }),
  depositDecisionsCsv: (query: OperationsQuery) => csvUrl('/api/backoffice/exports/deposit-decisions.csv', { ...query }),
  withdrawalStepsCsv: (query: OperationsQuery) => csvUrl('/api/backoffice/exports/withdrawal-steps.csv', { ...query }),
  withdrawalsCsv: (query: OperationsQuery) => csvUrl('/api/backoffice/exports/withdrawals.csv', { ...query }),
  clientAuditCsv: (clientId: string) => `/api/backoffice/clients/${encodeURIComponent(clientId)}/audit-events.csv`,
};
