/** Settings of the HTTP layer that come from the environment. */
export interface HttpOptions {
  /** Secure flag on cookies: on whenever the public URL is https. */
  cookieSecure: boolean;
  /** Built web app to serve at / and /backoffice; null serves no UI. */
  webDist: string | null;
  /** Per-IP limit on the login/registration endpoints. */
  authRateLimitPerMinute?: number;
}

/** Per-IP limit on unauthenticated auth endpoints (per-account throttling is in the use cases). */
export const AUTH_RATE_LIMIT = { max: 30, timeWindow: '1 minute' } as const;
