import { api, setCsrfToken } from './client';
import type { PortalLoginResult, PortalMe, RegisterInput, RegisterResult, RegistrationOptions } from './types';

/** Portal endpoints (cookie realm `tr_portal`). */
export const portalApi = {
  registrationOptions: (signal?: AbortSignal) =>
    api.get<RegistrationOptions>('/api/portal/registration-options', { signal }),
  register: (input: RegisterInput) => api.post<RegisterResult>('/api/portal/register', input),
  verifyEmail: (token: string) => api.post<{ verified: true }>('/api/portal/verify-email', { token }),
  login: (email: string, password: string) =>
    api.post<PortalLoginResult>('/api/portal/login', { email, password }),
  logout: async () => {
    try {
      // Logout takes no input; the server validates the body as an empty JSON object.
      await api.post<void>('/api/portal/logout', {});
    } finally {
      setCsrfToken('portal', null);
    }
  },
  requestPasswordReset: (email: string) => api.post<unknown>('/api/portal/password-reset/request', { email }),
  confirmPasswordReset: (token: string, password: string) =>
    api.post<unknown>('/api/portal/password-reset/confirm', { token, password }),
  me: (signal?: AbortSignal) => api.get<PortalMe>('/api/portal/me', { signal }),
};
