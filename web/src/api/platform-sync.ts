/** Platform sync health (src/http/routes/platform-sync-routes.ts): trading accounts whose platform rights lag behind their status. */
import { api } from './client';

export type PlatformRights = 'full' | 'trading_disabled' | 'login_disabled';
export type PlatformSyncState = 'pending' | 'retrying' | 'failed';

export interface PlatformSyncItem {
  tradingAccountId: string;
  clientId: string;
  clientName: string;
  clientEmail: string;
  clientStatus: string;
  entityId: string;
  platformId: string;
  platformName: string;
  login: string | null;
  accountType: 'live' | 'demo';
  currency: string;
  accountStatus: string;
  desiredRights: PlatformRights;
  appliedRights: PlatformRights | null;
  /** `applied` only when the platform reports other rights than the desired ones. */
  state: PlatformSyncState | 'applied';
  attempts: number;
  lastError: string | null;
  lastErrorAt: string | null;
  lastAttemptAt: string | null;
  /** Earliest time of the next automatic attempt; null when none is due. */
  nextAttemptAt: string | null;
  desiredSince: string;
  ageMs: number;
}

export interface PlatformSyncPage {
  counts: Record<PlatformSyncState, number>;
  items: PlatformSyncItem[];
  nextCursor: string | null;
}

export interface PlatformSyncQuery {
  entity?: string | null;
  state?: PlatformSyncState | null;
}

export const platformSyncApi = {
  list: (query: PlatformSyncQuery, cursor: string | null, signal?: AbortSignal) => api.get<PlatformSyncPage>('/api/backoffice/platform-sync', { query: { ...query, cursor }, signal }),
  retry: (tradingAccountId: string, note?: string) =>
    api.post<{ tradingAccountId: string; state: 'pending'; desiredRights: PlatformRights }>(`/api/backoffice/platform-sync/${encodeURIComponent(tradingAccountId)}/retry`, note ? { note } : {}),
};
