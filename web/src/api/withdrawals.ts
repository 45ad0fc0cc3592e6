/** Withdrawal and payout-destination endpoints (src/http/routes/withdrawal-routes.ts), for the portal and the back office. */
import { api } from './client';
import type {
  AddPayoutDestinationInput,
  PayoutDestinationEditInput,
  PortalPayoutDestination,
  PortalWithdrawal,
  RequestWithdrawalInput,
  StaffPayoutDestination,
  StaffWithdrawal,
  WithdrawalActionInput,
  WithdrawalDetail,
  WithdrawalQueuePage,
  WithdrawalQueueQuery,
} from './withdrawal-types';

const withdrawal = (id: string) => `/api/backoffice/withdrawals/${encodeURIComponent(id)}`;

/** Portal (cookie realm `tr_portal`). */
export const portalWithdrawalApi = {
  destinations: (signal?: AbortSignal) => api.get<{ items: PortalPayoutDestination[] }>('/api/portal/payout-destinations', { signal }),
  /** `idempotencyKey`: one per attempt, so a double click cannot add the destination twice. */
  addDestination: (input: AddPayoutDestinationInput, idempotencyKey: string) =>
    api.post<{ destination: PortalPayoutDestination }>('/api/portal/payout-destinations', input, { headers: { 'idempotency-key': idempotencyKey } }),
  removeDestination: (id: string) => api.delete<{ ok: true }>(`/api/portal/payout-destinations/${encodeURIComponent(id)}`),

  withdrawals: (signal?: AbortSignal) => api.get<{ items: PortalWithdrawal[] }>('/api/portal/withdrawals', { signal }),
  /** `idempotencyKey`: one per attempt, so a repeated submit cannot put two holds on the balance. */
  request: (input: RequestWithdrawalInput, idempotencyKey: string) =>
    api.post<{ withdrawal: PortalWithdrawal }>('/api/portal/withdrawals', input, { headers: { 'idempotency-key': idempotencyKey } }),
  cancel: (id: string) => api.post<{ withdrawal: PortalWithdrawal }>(`/api/portal/withdrawals/${encodeURIComponent(id)}/cancel`, {}),
};

/** Back office (cookie realm `tr_staff`); queue pages of 50 are fixed by the server. */
export const backofficeWithdrawalApi = {
  queue: (query: WithdrawalQueueQuery, cursor: string | null, signal?: AbortSignal) =>
    api.get<WithdrawalQueuePage>('/api/backoffice/withdrawals', { query: { ...query, cursor }, signal }),
  withdrawal: (id: string, signal?: AbortSignal) => api.get<WithdrawalDetail>(withdrawal(id), { signal }),
  act: (id: string, input: WithdrawalActionInput) => api.post<{ withdrawal: StaffWithdrawal }>(`${withdrawal(id)}/actions`, input),

  clientDestinations: (clientId: string, signal?: AbortSignal) =>
    api.get<{ items: StaffPayoutDestination[] }>(`/api/backoffice/clients/${encodeURIComponent(clientId)}/payout-destinations`, { signal }),
  editDestination: (id: string, input: PayoutDestinationEditInput) =>
    api.patch<{ destination: StaffPayoutDestination }>(`/api/backoffice/payout-destinations/${encodeURIComponent(id)}`, input),
};
