import type { StaffClientEvent } from '../../../src/domain/machines/client-account-machine';
import { api, setCsrfToken } from './client';
import type {
  ClientDetail,
  ClientWallet,
  DepositDecisionInput,
  DepositDetail,
  DepositQueuePage,
  DepositQueueQuery,
  ClientSummary,
  CreateStaffInput,
  CreateStaffResult,
  DocumentReviewInput,
  EntityInfo,
  KycCaseDetail,
  KycDecisionInput,
  KycQueuePage,
  KycQueueQuery,
  Page,
  RiskLevel,
  StaffLoginResult,
  StaffMember,
  StaffSession,
  TimelineEvent,
} from './types';

export interface ClientSearch {
  q?: string;
  entity?: string | null;
  status?: string | null;
}

export const PAGE_SIZE = 50;

const kycCase = (id: string) => `/api/backoffice/kyc/cases/${encodeURIComponent(id)}`;

/** Back-office endpoints (cookie realm `tr_staff`). */
export const backofficeApi = {
  login: (email: string, password: string) =>
    api.post<StaffLoginResult>('/api/backoffice/login', { email, password }),
  loginTotp: (code: string) => api.post<StaffSession>('/api/backoffice/login/totp', { code }),
  logout: async () => {
    try {
      // Logout takes no input; the server validates the body as an empty JSON object.
      await api.post<void>('/api/backoffice/logout', {});
    } finally {
      setCsrfToken('staff', null);
    }
  },
  me: (signal?: AbortSignal) => api.get<StaffSession>('/api/backoffice/me', { signal }),

  clients: (search: ClientSearch, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<ClientSummary>>('/api/backoffice/clients', {
      query: { q: search.q?.trim(), entity: search.entity, status: search.status, limit: PAGE_SIZE, cursor },
      signal,
    }),
  /** The legal entities in this staff member's scope, for the entity filters. */
  entities: (signal?: AbortSignal) => api.get<{ items: EntityInfo[] }>('/api/backoffice/entities', { signal }),
  client: (id: string, signal?: AbortSignal) =>
    api.get<{ client: ClientDetail }>(`/api/backoffice/clients/${encodeURIComponent(id)}`, { signal }),
  /** Compliance restricts, lifts a restriction or closes the record; the note is mandatory, the reason is a code of the client machine. */
  changeClientStanding: (id: string, input: { event: StaffClientEvent; reason: string | null; note: string }) =>
    api.post<{ clientId: string; status: string; restrictionReason: string | null }>(`/api/backoffice/clients/${encodeURIComponent(id)}/status`, input),
  timeline: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<TimelineEvent>>(`/api/backoffice/clients/${encodeURIComponent(id)}/timeline`, {
      query: { limit: PAGE_SIZE, cursor },
      signal,
    }),

  staff: (signal?: AbortSignal) => api.get<{ items: StaffMember[] }>('/api/backoffice/staff', { signal }),
  createStaff: (input: CreateStaffInput) => api.post<CreateStaffResult>('/api/backoffice/staff', input),

  // KYC (pages of 50 are fixed by the server)
  kycQueue: (query: KycQueueQuery, cursor: string | null, signal?: AbortSignal) =>
    api.get<KycQueuePage>('/api/backoffice/kyc/cases', { query: { ...query, cursor }, signal }),
  kycCase: (id: string, signal?: AbortSignal) => api.get<KycCaseDetail>(kycCase(id), { signal }),
  claimCase: (id: string, note?: string) => api.post<{ status: string }>(`${kycCase(id)}/claim`, note ? { note } : {}),
  releaseCase: (id: string, note?: string) => api.post<{ status: string }>(`${kycCase(id)}/release`, note ? { note } : {}),
  assignCase: (id: string, assigneeId: string, note: string) =>
    api.post<{ status: string }>(`${kycCase(id)}/assign`, { assigneeId, note }),
  decideCase: (id: string, input: KycDecisionInput) => api.post<{ status: string; version: number }>(`${kycCase(id)}/decision`, input),
  escalateCase: (id: string, note: string) => api.post<{ status: string }>(`${kycCase(id)}/escalate`, { note }),
  returnCaseToReview: (id: string, note: string) => api.post<{ status: string }>(`${kycCase(id)}/return-to-review`, { note }),
  addCaseNote: (id: string, body: string) => api.post<{ id: string }>(`${kycCase(id)}/notes`, { body }),

  reviewDocument: (id: string, input: DocumentReviewInput) =>
    api.post<{ status: string }>(`/api/backoffice/documents/${encodeURIComponent(id)}/review`, input),
  /** The file, for <img src> or a new tab; every read is authorised and audited by the server. */
  documentFileUrl: (id: string) => `/api/backoffice/documents/${encodeURIComponent(id)}/file`,
  decideScreeningHit: (id: string, decision: 'clear' | 'confirm', note: string) =>
    api.post<{ status: string }>(`/api/backoffice/screening-hits/${encodeURIComponent(id)}/decision`, { decision, note }),
  overrideRisk: (clientId: string, level: RiskLevel | null, note: string) =>
    api.post<{ effectiveRisk: string }>(`/api/backoffice/clients/${encodeURIComponent(clientId)}/risk-override`, { level, note }),

  // Payments: deposits (pages of 50 are fixed by the server)
  depositQueue: (query: DepositQueueQuery, cursor: string | null, signal?: AbortSignal) =>
    api.get<DepositQueuePage>('/api/backoffice/deposits', { query: { ...query, cursor }, signal }),
  deposit: (id: string, signal?: AbortSignal) => api.get<DepositDetail>(`/api/backoffice/deposits/${encodeURIComponent(id)}`, { signal }),
  decideDeposit: (id: string, input: DepositDecisionInput) =>
    api.post<{ deposit: { id: string; status: string; version: number } }>(`/api/backoffice/deposits/${encodeURIComponent(id)}/decision`, input),
  clientWallet: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<ClientWallet>(`/api/backoffice/clients/${encodeURIComponent(id)}/wallet`, { query: { limit: PAGE_SIZE, cursor }, signal }),
};
