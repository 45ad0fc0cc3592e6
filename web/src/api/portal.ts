import { api, setCsrfToken } from './client';
import { getLanguage } from '../i18n';
import type {
  ClientDocument,
  ClientDocuments,
  CreateDepositInput,
  CreateDepositResult,
  PortalDeposit,
  WalletBalance,
  PortalLoginResult,
  PortalMe,
  Profile,
  ProfileUpdateResult,
  ProfileValues,
  RegisterInput,
  RegisterResult,
  RegistrationOptions,
  UploadDocumentInput,
} from './types';

/** Portal endpoints (cookie realm `tr_portal`). */
export const portalApi = {
  registrationOptions: (signal?: AbortSignal) =>
    api.get<RegistrationOptions>('/api/portal/registration-options', { signal }),
  // Registers in the language the visitor is reading: the emails we send follow it.
  register: (input: RegisterInput) => api.post<RegisterResult>('/api/portal/register', { ...input, language: getLanguage() === 'ar' ? 'ar' : 'en' }),
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
  /** The language of my portal and of the emails I receive. */
  setLanguage: (language: 'en' | 'ar') => api.patch<{ language: string }>('/api/portal/me/language', { language }),

  profile: (signal?: AbortSignal) => api.get<Profile>('/api/portal/profile', { signal }),
  updateProfile: (fields: ProfileValues) => api.patch<ProfileUpdateResult>('/api/portal/profile', { fields }),

  documents: (signal?: AbortSignal) => api.get<ClientDocuments>('/api/portal/documents', { signal }),
  uploadDocument: (input: UploadDocumentInput) =>
    api.postForm<{ document: ClientDocument }>('/api/portal/documents', {
      documentType: input.documentType,
      issueDate: input.issueDate,
      expiryDate: input.expiryDate,
      file: input.file,
    }),
  documentFileUrl: (id: string) => `/api/portal/documents/${encodeURIComponent(id)}/file`,

  /** Sends the application (or the documents asked for) to compliance; takes no input. */
  submitKyc: () => api.post<{ caseId: string; status: string }>('/api/portal/kyc/submit', {}),

  // Money
  wallet: (signal?: AbortSignal) => api.get<{ balances: WalletBalance[] }>('/api/portal/wallet', { signal }),
  deposits: (signal?: AbortSignal) => api.get<{ items: PortalDeposit[] }>('/api/portal/deposits', { signal }),
  /** `idempotencyKey`: one per attempt, so a repeated submit (double click, retry) cannot start two deposits. */
  createDeposit: (input: CreateDepositInput, idempotencyKey: string) =>
    api.post<CreateDepositResult>('/api/portal/deposits', input, { headers: { 'idempotency-key': idempotencyKey } }),
};
