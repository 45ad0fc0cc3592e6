/**
 * Sanctions/PEP screening adapter speaking the OpenSanctions yente API
 * (PROTOCOLS.md §8): `POST /match/{dataset}` and `GET /catalog`.
 *
 * Works against the hosted API (`https://api.opensanctions.org`, with
 * `Authorization: ApiKey <key>`), a self-hosted yente (no auth) and the
 * loopback simulator in src/simulators/yente.
 *
 * Errors are split by who has to act:
 *   - ScreeningUnavailableError (retryable): network failure, timeout, 408/425/429/5xx,
 *     a response that is not JSON or not shaped like yente's.
 *   - ScreeningRequestError (not retryable, our bug or our configuration): any other 4xx
 *     (invalid query, unknown dataset, too many queries, wrong API key), or a request
 *     this adapter refuses to send.
 */
import { z } from 'zod';

export const MAX_QUERIES_PER_REQUEST = 100; // yente settings.MAX_BATCH
export const MAX_EXCLUDE_ENTITY_IDS = 50; // yente: exclude_entity_ids max_length
export const DEFAULT_TIMEOUT_MS = 10_000;

export type ScreeningSchema = 'Person' | 'Company' | 'LegalEntity';

export interface ScreeningQueryProperties {
  name?: string[];
  firstName?: string[];
  lastName?: string[];
  birthDate?: string[];
  nationality?: string[];
  country?: string[];
  idNumber?: string[];
  registrationNumber?: string[];
}

export interface ScreeningQuery {
  schema: ScreeningSchema;
  properties: ScreeningQueryProperties;
}

export interface ScreeningMatch {
  /** The list entity id (stable across list versions; use it to clear false positives). */
  id: string;
  caption: string;
  schema: string;
  score: number;
  /** yente's verdict: score ≥ threshold. */
  match: boolean;
  datasets: string[];
  /** From properties.topics, e.g. `sanction`, `role.pep`, `crime`. */
  topics: string[];
  /** Short human-readable reason, e.g. `name 0.93, birth date matches, nationality differs`. */
  explanation: string;
  /** Raw feature scores as returned by yente (for the audit trail). */
  features: Record<string, number>;
}

export interface MatchResult {
  /** Number of results at or above the threshold (yente's `total.value`). */
  total: number;
  results: ScreeningMatch[];
}

export interface MatchOptions {
  threshold?: number;
  limit?: number;
  /** Entity ids cleared by compliance as false positives; at most 50 (yente's limit). */
  excludeEntityIds?: string[];
  algorithm?: string;
}

export interface CatalogDataset {
  name: string;
  version: string;
  updatedAt: string | null;
}

export interface YenteClient {
  match(dataset: string, queries: Record<string, ScreeningQuery>, options?: MatchOptions): Promise<Record<string, MatchResult>>;
  catalog(): Promise<{ datasets: CatalogDataset[] }>;
}

export interface YenteClientOptions {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

// ---------------------------------------------------------------------------
// Errors

export abstract class ScreeningError extends Error {
  abstract readonly retryable: boolean;
}

export type UnavailableReason = 'timeout' | 'network' | 'http' | 'invalid_response';

export class ScreeningUnavailableError extends ScreeningError {
  override readonly name = 'ScreeningUnavailableError';
  readonly retryable = true;
  readonly reason: UnavailableReason;
  readonly status: number | null;
  /** From a Retry-After header, when the service sent one. */
  readonly retryAfterMs: number | null;
  constructor(message: string, details: { reason: UnavailableReason; status?: number | null; retryAfterMs?: number | null; cause?: unknown }) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.reason = details.reason;
    this.status = details.status ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
}

export class ScreeningRequestError extends ScreeningError {
  override readonly name = 'ScreeningRequestError';
  readonly retryable = false;
  /** HTTP status, or null when the adapter refused to send the request. */
  readonly status: number | null;
  /** yente's `detail`, flattened to text. */
  readonly detail: string;
  constructor(message: string, details: { status: number | null; detail: string }) {
    super(message);
    this.status = details.status;
    this.detail = details.detail;
  }
}

// ---------------------------------------------------------------------------
// Response schemas (only what we rely on; extra fields are ignored)

const featureResultSchema = z.object({
  score: z.number(),
  detail: z.string().nullish(),
  query: z.string().nullish(),
  candidate: z.string().nullish(),
});

const scoredEntitySchema = z.object({
  id: z.string().min(1),
  caption: z.string(),
  schema: z.string().min(1),
  properties: z.record(z.string(), z.array(z.unknown())).default({}),
  datasets: z.array(z.string()).default([]),
  score: z.number(),
  match: z.boolean(),
  features: z.record(z.string(), z.number()).nullish(),
  explanations: z.record(z.string(), featureResultSchema).nullish(),
});
type ScoredEntity = z.infer<typeof scoredEntitySchema>;

const matchResponseSchema = z.object({
  responses: z.record(
    z.string(),
    z.object({
      status: z.number().int().optional(),
      total: z.object({ value: z.number().int().nonnegative(), relation: z.string().optional() }),
      results: z.array(scoredEntitySchema),
    }),
  ),
  limit: z.number().optional(),
});

const catalogResponseSchema = z.object({
  datasets: z.array(
    z.object({
      name: z.string().min(1),
      version: z.string().min(1),
      updated_at: z.string().nullish(),
    }),
  ),
});

const errorBodySchema = z.object({
  detail: z.union([z.string(), z.array(z.object({ msg: z.string().optional(), loc: z.array(z.union([z.string(), z.number()])).optional() }))]),
});

// ---------------------------------------------------------------------------
// Explanations

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function fold(value: string): string {
  return value.toLowerCase().normalize('NFKD').replace(/\p{M}/gu, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

function datesCompatible(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}

/**
 * A short summary of why a result was returned, built from yente's
 * `explanations`/`features` and a comparison of the properties we sent with
 * the properties on record. Pure; exported for tests.
 */
export function explainMatch(query: ScreeningQuery | undefined, result: ScoredEntity): string {
  const scores: Record<string, number> = { ...(result.features ?? {}) };
  for (const [name, ft] of Object.entries(result.explanations ?? {})) scores[name] = ft.score;
  const parts: string[] = [];

  const nameFeatures = Object.entries(scores).filter(([k, v]) => /name|alias/.test(k) && !/mismatch|disjoint|weak_alias/.test(k) && v > 0);
  if (nameFeatures.length) {
    const [feature, best] = nameFeatures.reduce((a, b) => (b[1] > a[1] ? b : a));
    const candidate = result.explanations?.[feature]?.candidate;
    const viaAlias = candidate && fold(candidate) !== fold(result.caption) ? ` via alias "${candidate}"` : '';
    parts.push(`name ${best.toFixed(2)}${viaAlias}`);
  }
  if ((scores.weak_alias_match ?? 0) > 0) parts.push('weak alias matches');
  if (Object.entries(scores).some(([k, v]) => /identifier|_code_match|wallet/.test(k) && v > 0)) parts.push('identifier matches');

  const props = result.properties;
  const queryDates = query?.properties.birthDate ?? [];
  const resultDates = strings(props.birthDate);
  if ((scores.dob_year_disjoint ?? 0) > 0 || (scores.dob_day_disjoint ?? 0) > 0) parts.push('birth date differs');
  else if (queryDates.length && resultDates.length) {
    parts.push(queryDates.some((a) => resultDates.some((b) => datesCompatible(a, b))) ? 'birth date matches' : 'birth date differs');
  } else if (queryDates.length && result.schema === 'Person') parts.push('no birth date on record');

  const label = result.schema === 'Person' ? 'nationality' : 'country';
  const queryCountries = new Set([...(query?.properties.nationality ?? []), ...(query?.properties.country ?? [])].map((c) => c.toLowerCase()));
  const resultCountries = new Set(
    ['nationality', 'citizenship', 'country', 'jurisdiction'].flatMap((p) => strings(props[p])).map((c) => c.toLowerCase()),
  );
  if ((scores.country_mismatch ?? 0) > 0) parts.push(`${label} differs`);
  else if (queryCountries.size && resultCountries.size) {
    parts.push([...queryCountries].some((c) => resultCountries.has(c)) ? `${label} matches` : `${label} differs`);
  }

  return parts.length ? parts.join(', ') : `score ${result.score.toFixed(2)}`;
}

function toScreeningMatch(query: ScreeningQuery | undefined, result: ScoredEntity): ScreeningMatch {
  const features: Record<string, number> = { ...(result.features ?? {}) };
  for (const [name, ft] of Object.entries(result.explanations ?? {})) features[name] = ft.score;
  return {
    id: result.id,
    caption: result.caption,
    schema: result.schema,
    score: result.score,
    match: result.match,
    datasets: result.datasets,
    topics: strings(result.properties.topics),
    explanation: explainMatch(query, result),
    features,
  };
}

// ---------------------------------------------------------------------------
// Client

function errorDetail(text: string): string {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) {
      const d = parsed.data.detail;
      return typeof d === 'string' ? d : d.map((e) => [e.loc?.join('.'), e.msg].filter(Boolean).join(': ')).join('; ');
    }
  } catch {
    // not JSON
  }
  return text.slice(0, 200);
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function isAbort(err: unknown): boolean {
  return err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
}

function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

export function createYenteClient(options: YenteClientOptions): YenteClient {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;

  async function call(method: 'GET' | 'POST', path: string, params: [string, string][], body?: unknown): Promise<unknown> {
    const url = new URL(path, base);
    for (const [key, value] of params) url.searchParams.append(key, value);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (options.apiKey) headers.authorization = `ApiKey ${options.apiKey}`;
    const what = `${method} /${path}`;

    let status = 0;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await fetchImpl(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (err) {
      if (isAbort(err)) {
        throw new ScreeningUnavailableError(`yente ${what}: no answer within ${timeoutMs} ms`, { reason: 'timeout', status: status || null, cause: err });
      }
      const message = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
      throw new ScreeningUnavailableError(`yente ${what}: ${message}`, { reason: 'network', status: status || null, cause: err });
    }

    if (status < 200 || status >= 300) {
      const detail = errorDetail(text);
      const transient = status === 408 || status === 425 || status === 429 || status >= 500 || status < 400;
      if (transient) {
        throw new ScreeningUnavailableError(`yente ${what}: HTTP ${status} ${detail}`.trim(), {
          reason: 'http',
          status,
          retryAfterMs: retryAfterMs(retryAfter),
        });
      }
      throw new ScreeningRequestError(`yente ${what}: HTTP ${status} ${detail}`.trim(), { status, detail });
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (err) {
      throw new ScreeningUnavailableError(`yente ${what}: response is not JSON`, { reason: 'invalid_response', status, cause: err });
    }
  }

  function invalid(what: string, error: z.ZodError): ScreeningUnavailableError {
    const issue = error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unexpected shape';
    return new ScreeningUnavailableError(`yente ${what}: unexpected response (${where})`, { reason: 'invalid_response', cause: error });
  }

  return {
    async match(dataset, queries, matchOptions = {}) {
      const exclude = [...new Set(matchOptions.excludeEntityIds ?? [])];
      if (exclude.length > MAX_EXCLUDE_ENTITY_IDS) {
        throw new ScreeningRequestError(`yente match: at most ${MAX_EXCLUDE_ENTITY_IDS} excludeEntityIds per request (got ${exclude.length})`, {
          status: null,
          detail: 'too many exclude_entity_ids',
        });
      }
      if (!dataset || /[/?#]/.test(dataset)) {
        throw new ScreeningRequestError(`yente match: invalid dataset name ${JSON.stringify(dataset)}`, { status: null, detail: 'invalid dataset' });
      }
      const params: [string, string][] = [];
      if (matchOptions.threshold !== undefined) params.push(['threshold', String(matchOptions.threshold)]);
      if (matchOptions.limit !== undefined) params.push(['limit', String(matchOptions.limit)]);
      if (matchOptions.algorithm !== undefined) params.push(['algorithm', matchOptions.algorithm]);
      for (const id of exclude) params.push(['exclude_entity_ids', id]);

      const out: Record<string, MatchResult> = {};
      for (const batch of chunk(Object.entries(queries), MAX_QUERIES_PER_REQUEST)) {
        const body = { queries: Object.fromEntries(batch) };
        const raw = await call('POST', `match/${encodeURIComponent(dataset)}`, params, body);
        const parsed = matchResponseSchema.safeParse(raw);
        if (!parsed.success) throw invalid(`POST /match/${dataset}`, parsed.error);
        for (const [key, query] of batch) {
          const response = parsed.data.responses[key];
          if (!response) {
            throw new ScreeningUnavailableError(`yente POST /match/${dataset}: no response for query ${JSON.stringify(key)}`, { reason: 'invalid_response' });
          }
          if (response.status !== undefined && response.status !== 200) {
            throw new ScreeningUnavailableError(`yente POST /match/${dataset}: query ${JSON.stringify(key)} has status ${response.status}`, {
              reason: 'invalid_response',
              status: response.status,
            });
          }
          out[key] = { total: response.total.value, results: response.results.map((r) => toScreeningMatch(query, r)) };
        }
      }
      return out;
    },

    async catalog() {
      const raw = await call('GET', 'catalog', []);
      const parsed = catalogResponseSchema.safeParse(raw);
      if (!parsed.success) throw invalid('GET /catalog', parsed.error);
      return { datasets: parsed.data.datasets.map((d) => ({ name: d.name, version: d.version, updatedAt: d.updated_at ?? null })) };
    },
  };
}

// ---------------------------------------------------------------------------
// Building a query from a client profile

export interface ClientScreeningProfile {
  clientType: 'individual' | 'corporate';
  firstName?: string;
  lastName?: string;
  legalName?: string;
  /** YYYY-MM-DD */
  birthDate?: string;
  /** ISO 3166-1 alpha-2 */
  nationality?: string;
  country?: string;
  companyName?: string;
  registrationNumber?: string;
  incorporationCountry?: string;
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed ? trimmed : undefined;
}

function list(...values: (string | undefined)[]): string[] | undefined {
  const out: string[] = [];
  for (const v of values) {
    const c = clean(v);
    if (c && !out.some((o) => o.toLowerCase() === c.toLowerCase())) out.push(c);
  }
  return out.length ? out : undefined;
}

function countryCode(value: string | undefined): string | undefined {
  const c = clean(value)?.toLowerCase();
  return c;
}

function withoutEmpty(properties: ScreeningQueryProperties): ScreeningQueryProperties {
  return Object.fromEntries(Object.entries(properties).filter(([, v]) => Array.isArray(v) && v.length > 0)) as ScreeningQueryProperties;
}

/**
 * The yente query for a client: a Person for individuals, a Company for
 * corporate clients. Pure. Throws a RangeError when there is no name to screen
 * or the birth date is not YYYY-MM-DD.
 */
export function screeningQueryForClient(profile: ClientScreeningProfile): ScreeningQuery {
  if (profile.clientType === 'individual') {
    const first = clean(profile.firstName);
    const last = clean(profile.lastName);
    const name = list(profile.legalName, first && last ? `${first} ${last}` : (first ?? last));
    if (!name) throw new RangeError('screening needs a name (legalName or firstName/lastName)');
    const birthDate = clean(profile.birthDate);
    if (birthDate && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new RangeError(`birthDate must be YYYY-MM-DD, got ${JSON.stringify(profile.birthDate)}`);
    return {
      schema: 'Person',
      properties: withoutEmpty({
        name,
        firstName: list(first),
        lastName: list(last),
        birthDate: list(birthDate),
        nationality: list(countryCode(profile.nationality)),
        country: list(countryCode(profile.country)),
      }),
    };
  }
  const name = list(profile.companyName, profile.legalName);
  if (!name) throw new RangeError('screening needs a company name (companyName or legalName)');
  return {
    schema: 'Company',
    properties: withoutEmpty({
      name,
      registrationNumber: list(profile.registrationNumber),
      country: list(countryCode(profile.incorporationCountry), countryCode(profile.country)),
    }),
  };
}
