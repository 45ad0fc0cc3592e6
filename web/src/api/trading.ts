/** Trading-account endpoints (src/http/routes/trading-routes.ts, backoffice-trading-routes.ts). */
import { api } from './client';
import type { ClientTradingAccounts, OpenTradingAccountInput, PortalTrading, PortalTradingAccount, PortalTradingTransfer, TradingTransferInput } from './trading-types';

/** Portal (cookie realm `tr_portal`). */
export const portalTradingApi = {
  overview: (signal?: AbortSignal) => api.get<PortalTrading>('/api/portal/trading-accounts', { signal }),
  /** `idempotencyKey`: one per attempt, so a double click cannot open two accounts. */
  open: (input: OpenTradingAccountInput, idempotencyKey: string) =>
    api.post<{ account: PortalTradingAccount }>('/api/portal/trading-accounts', input, { headers: { 'idempotency-key': idempotencyKey } }),
  /** `idempotencyKey`: one per attempt, so a repeated submit cannot move the money twice. */
  transfer: (input: TradingTransferInput, idempotencyKey: string) =>
    api.post<{ transfer: PortalTradingTransfer }>('/api/portal/trading-transfers', input, { headers: { 'idempotency-key': idempotencyKey } }),
};

/** Back office (cookie realm `tr_staff`). */
export const backofficeTradingApi = {
  clientAccounts: (clientId: string, signal?: AbortSignal) =>
    api.get<ClientTradingAccounts>(`/api/backoffice/clients/${encodeURIComponent(clientId)}/trading-accounts`, { signal }),
};
