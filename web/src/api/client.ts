/**
 * Fetch wrapper for the Traderoom JSON API.
 *
 * - JSON in, JSON out; cookies are HttpOnly and handled by the browser
 *   (`credentials: 'same-origin'`), never read here.
 * - Two authentication realms (portal and back office), each with its own
 *   CSRF token, kept in memory only. Any JSON response carrying `csrfToken`
 *   refreshes the token of the realm the path belongs to; the token is sent as
 *   `x-csrf-token` on every non-GET request of that realm.
 * - Every error response has the single shape
 *   `{ "error": { "code", "message", "details" } }` and becomes an `ApiError`.
 */

export type Realm = 'portal' | 'staff';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  /** Field errors from `details.fields` (`{ [field]: message }`), or an empty record. */
  get fields(): FieldErrors {
    const fields = isRecord(this.details) ? this.details['fields'] : undefined;
    if (!isRecord(fields)) return {};
    const out: FieldErrors = {};
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value === 'string') out[name] = value;
      else if (Array.isArray(value) && typeof value[0] === 'string') out[name] = value[0];
    }
    return out;
  }
}

/** Turns anything thrown into an `ApiError` (so UI code handles one type). */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  const message = error instanceof Error ? error.message : 'Unexpected error';
  return new ApiError(0, 'client_error', message);
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

const csrfTokens: Record<Realm, string | null> = { portal: null, staff: null };

export function setCsrfToken(realm: Realm, token: string | null): void {
  csrfTokens[realm] = token;
}

export function realmOf(path: string): Realm | null {
  if (path.startsWith('/api/portal/')) return 'portal';
  if (path.startsWith('/api/backoffice/')) return 'staff';
  return null;
}

type UnauthorizedListener = (error: ApiError) => void;
const unauthorizedListeners: Record<Realm, Set<UnauthorizedListener>> = {
  portal: new Set(),
  staff: new Set(),
};

/**
 * Subscribe to 401 answers of a realm (session expired or logged out
 * elsewhere). Login endpoints are excluded: their 401 is a form error.
 * Returns the unsubscribe function.
 */
export function onUnauthorized(realm: Realm, listener: UnauthorizedListener): () => void {
  unauthorizedListeners[realm].add(listener);
  return () => {
    unauthorizedListeners[realm].delete(listener);
  };
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  query?: Record<string, QueryValue>;
  /** JSON-encoded, unless it is a `FormData` (sent as multipart/form-data, boundary set by the browser). */
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function request<T>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<T> {
  const realm = realmOf(path);
  const multipart = options.body instanceof FormData;
  const headers: Record<string, string> = { ...options.headers, accept: 'application/json' };
  if (options.body !== undefined && !multipart) headers['content-type'] = 'application/json';
  if (method !== 'GET' && realm) {
    const token = csrfTokens[realm];
    if (token) headers['x-csrf-token'] = token;
  }

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : multipart ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (isAbortError(error)) throw error;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection and try again.');
  }

  const payload = await readBody(response);
  if (!response.ok) {
    const error = errorFrom(response, payload);
    if (response.status === 401 && realm && !isLoginPath(path)) {
      for (const listener of unauthorizedListeners[realm]) listener(error);
    }
    throw error;
  }
  if (realm && isRecord(payload) && typeof payload['csrfToken'] === 'string') {
    csrfTokens[realm] = payload['csrfToken'];
  }
  return payload as T;
}

export const api = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
  /**
   * POST multipart/form-data (file uploads). String fields and files are
   * appended in order (fields before the file, so the server reads them
   * first); null/undefined/empty fields are left out. The realm's CSRF token
   * is sent like for any other non-GET request.
   */
  postForm: <T>(path: string, fields: Record<string, string | Blob | null | undefined>, options?: Omit<RequestOptions, 'body'>) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) {
      if (value === null || value === undefined || value === '') continue;
      if (value instanceof File) form.append(name, value, value.name);
      else form.append(name, value);
    }
    return request<T>('POST', path, { ...options, body: form });
  },
};

function buildUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorFrom(response: Response, payload: unknown): ApiError {
  const body = isRecord(payload) ? payload['error'] : undefined;
  if (isRecord(body) && typeof body['code'] === 'string') {
    const message = typeof body['message'] === 'string' ? body['message'] : response.statusText;
    return new ApiError(response.status, body['code'], message, body['details']);
  }
  if (response.status === 429) return new ApiError(429, 'rate_limited', 'Too many attempts; try again later');
  return new ApiError(response.status, `http_${response.status}`, response.statusText || 'Request failed');
}

function isLoginPath(path: string): boolean {
  return /\/login(\/totp)?$/.test(path);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
