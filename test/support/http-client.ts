/** A tiny HTTP client with a cookie jar and the CSRF header, like a browser tab would be. */
export interface HttpResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class HttpClient {
  private readonly cookies = new Map<string, string>();
  csrfToken: string | null = null;

  constructor(private readonly baseUrl: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResponse<T>> {
    const sendHeaders: Record<string, string> = { ...headers };
    const raw = body instanceof FormData || body instanceof Uint8Array;
    if (body !== undefined && !raw && !('content-type' in sendHeaders)) sendHeaders['content-type'] = 'application/json';
    if (this.cookies.size) sendHeaders.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in sendHeaders)) sendHeaders['x-csrf-token'] = this.csrfToken;
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: sendHeaders,
      ...(body !== undefined ? { body: raw ? (body as FormData | Uint8Array<ArrayBuffer>) : typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: keep the text
    }
    const maybeCsrf = (parsed as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof maybeCsrf === 'string') this.csrfToken = maybeCsrf;
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, undefined, headers);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body, headers);
  }
  patch<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, body, headers);
  }
  /** multipart/form-data: fetch writes the boundary into the content type itself. */
  postForm<T = any>(path: string, form: FormData, headers?: Record<string, string>) {
    return this.request<T>('POST', path, form, headers);
  }
  /** A body sent byte for byte, for multipart the FormData encoder would not produce (control characters in a file name). */
  postRaw<T = any>(path: string, body: Uint8Array, contentType: string, headers: Record<string, string> = {}) {
    return this.request<T>('POST', path, body, { ...headers, 'content-type': contentType });
  }
}
