/** The point-in-time view of a client (src/http/routes/client-history-routes.ts): the record as the audit trail says it was at a moment. */
import type { ClientRecordAt } from '../../../src/domain/point-in-time/client-record-at';
import type { EventEffect } from '../../../src/domain/point-in-time/fold-client-trail';
import { api } from './client';
import type { TimelineEvent } from './types';

export type { ClientRecordAt, DocumentAt, KycCaseAt, TradingAccountAt } from '../../../src/domain/point-in-time/client-record-at';

export interface AsOfEvent extends TimelineEvent {
  seq: string;
  /** Whether the event shaped the record, lies outside it (logins, money movements) or is unknown to the view. */
  effect: EventEffect;
}

export interface ClientAsOf {
  clientId: string;
  at: string;
  generatedAt: string;
  existed: boolean;
  registeredAt: string;
  record: ClientRecordAt | null;
  /** Null when this staff member may not read wallets. */
  walletBalances: { currency: string; availableMinor: string; onHoldMinor: string; debtMinor: string }[] | null;
  trail: { eventCount: number; applied: number; outsideRecord: number; unknown: number; lastSeq: string | null; lastHash: string | null; lastEventAt: string | null };
  gaps: string[];
  events: { items: AsOfEvent[]; truncated: boolean };
}

export const pointInTimeApi = {
  clientAsOf: (clientId: string, at: string, signal?: AbortSignal) =>
    api.get<ClientAsOf>(`/api/backoffice/clients/${encodeURIComponent(clientId)}/as-of`, { query: { at }, signal }),
};

/** Where the back office shows a client's record as of a moment. */
export function clientAsOfPath(clientId: string, at?: string): string {
  const base = `/backoffice/clients/${encodeURIComponent(clientId)}/as-of`;
  return at ? `${base}?at=${encodeURIComponent(at)}` : base;
}
