import { api, setCsrfToken } from './client';
import type {
  ClientDetail,
  ClientSummary,
  CreateStaffInput,
  CreateStaffResult,
  Page,
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
  client: (id: string, signal?: AbortSignal) =>
    api.get<{ client: ClientDetail }>(`/api/backoffice/clients/${encodeURIComponent(id)}`, { signal }),
  timeline: (id: string, cursor: string | null, signal?: AbortSignal) =>
    api.get<Page<TimelineEvent>>(`/api/backoffice/clients/${encodeURIComponent(id)}/timeline`, {
      query: { limit: PAGE_SIZE, cursor },
      signal,
    }),

  staff: (signal?: AbortSignal) => api.get<{ items: StaffMember[] }>('/api/backoffice/staff', { signal }),
  createStaff: (input: CreateStaffInput) => api.post<CreateStaffResult>('/api/backoffice/staff', input),
};
