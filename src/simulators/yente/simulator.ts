/**
 * A loopback simulator of the OpenSanctions yente API (PROTOCOLS.md §8) for
 * tests and the demo. It serves FICTIONAL entities only.
 *
 *   POST /match/{dataset}   query-by-example matching, yente's request and response shapes
 *   GET  /catalog           datasets with `version` / `updated_at` (bumped on every list change)
 *   GET  /healthz           {"status":"ok"}
 *
 * Faults on demand (`failNext`), latency injection (`setLatency`) and a log of
 * every request (`requests`) let tests drive the adapter through failures.
 */
import type { Socket } from 'node:net';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { FICTIONAL_ENTITIES, PEPS_DATASET, SANCTIONS_DATASET } from './fictional-entities';
import type { FtmEntity } from './ftm';
import { FEATURE_WEIGHTS, schemasCompatible, scoreCandidate, type QueryExample } from './scoring';

/** yente's settings: `MAX_BATCH`, default `threshold`, default `limit` (MATCH_PAGE), `exclude_entity_ids` max_length. */
export const MAX_BATCH = 100;
export const DEFAULT_THRESHOLD = 0.7;
export const DEFAULT_CUTOFF = 0.5;
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 500;
export const MAX_EXCLUDE_ENTITY_IDS = 50;

export type YenteFault =
  | number // an HTTP status with a yente-like `{detail}` body (429 and 503 carry Retry-After: 1)
  | 'timeout' // the request is accepted and never answered
  | 'reset' // the connection is destroyed without a response
  | 'garbage' // 200 with a body that is not JSON
  | 'wrong-shape'; // 200 with JSON that is not a yente response

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  authorization: string | undefined;
  body: unknown;
  /** HTTP status sent, or the fault that replaced the response. */
  outcome: number | 'timeout' | 'reset' | 'pending';
}

export interface YenteSimulatorOptions {
  port?: number;
  host?: string;
  /** When set, /match and /catalog require `Authorization: ApiKey <key>` (hosted API behaviour). */
  apiKey?: string;
  /** Initial list; defaults to the fictional entities. */
  entities?: readonly FtmEntity[];
  /** Clock for dataset versions; defaults to the wall clock. */
  now?: () => Date;
}

export interface YenteSimulator {
  url: string;
  close(): Promise<void>;
  /** Replace the list; bumps every dataset's version and updated_at. */
  setEntities(list: readonly FtmEntity[]): void;
  /** Add or replace entities by id; bumps the version. */
  addEntities(list: readonly FtmEntity[]): void;
  /** Remove entities by id; bumps the version. */
  removeEntities(ids: readonly string[]): void;
  entities(): FtmEntity[];
  version(): string;
  updatedAt(): string;
  /** Every request received, oldest first (live array). */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  /** The next `n` requests to /match or /catalog fail with `fault`. */
  failNext(n: number, fault: YenteFault): void;
  /** Delay before every /match or /catalog answer. */
  setLatency(ms: number): void;
}

interface DatasetDef {
  name: string;
  title: string;
  children: string[];
}

const DATASETS: DatasetDef[] = [
  { name: 'default', title: 'Traderoom fictional lists (all)', children: ['sanctions', 'peps'] },
  { name: 'sanctions', title: 'Fictional sanctioned entities', children: [SANCTIONS_DATASET] },
  { name: 'peps', title: 'Fictional politically exposed persons', children: [PEPS_DATASET] },
  { name: SANCTIONS_DATASET, title: 'Traderoom fictional sanctions list', children: [] },
  { name: PEPS_DATASET, title: 'Traderoom fictional PEP list', children: [] },
];

function leavesOf(name: string): Set<string> {
  const def = DATASETS.find((d) => d.name === name);
  if (!def) return new Set();
  if (!def.children.length) return new Set([name]);
  return new Set(def.children.flatMap((child) => [...leavesOf(child)]));
}

function isoSeconds(date: Date): string {
  return date.toISOString().slice(0, 19);
}

function versionStamp(date: Date, counter: number): string {
  const stamp = isoSeconds(date).replace(/[-:T]/g, '');
  let suffix = '';
  let n = counter;
  for (let i = 0; i < 3; i++) {
    suffix = String.fromCharCode(97 + (n % 26)) + suffix;
    n = Math.floor(n / 26);
  }
  return `${stamp}-${suffix}`;
}

function parseQuery(url: string): Record<string, string[]> {
  const params = new URL(url, 'http://simulator').searchParams;
  const out: Record<string, string[]> = {};
  for (const [key, value] of params) (out[key] ??= []).push(value);
  return out;
}

function validationError(loc: (string | number)[], msg: string, input: unknown) {
  // FastAPI's 422 shape.
  return { detail: [{ type: 'value_error', loc, msg, input }] };
}

function asStringList(value: unknown): string[] | null {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

export async function startYenteSimulator(options: YenteSimulatorOptions = {}): Promise<YenteSimulator> {
  const now = options.now ?? (() => new Date());
  let entities = new Map<string, FtmEntity>((options.entities ?? FICTIONAL_ENTITIES).map((e) => [e.id, structuredClone(e)]));
  let counter = 0;
  let updatedAtDate = new Date(Math.floor(now().getTime() / 1000) * 1000);
  let version = versionStamp(updatedAtDate, counter);
  const requests: RecordedRequest[] = [];
  const faults: YenteFault[] = [];
  let latencyMs = 0;
  const hanging = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  function bump(): void {
    counter += 1;
    const candidate = new Date(Math.floor(now().getTime() / 1000) * 1000);
    // Versions must change even twice within one second.
    updatedAtDate = candidate.getTime() > updatedAtDate.getTime() ? candidate : new Date(updatedAtDate.getTime() + 1000);
    version = versionStamp(updatedAtDate, counter);
  }

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 10 * 1024 * 1024 });

  const entryOf = new WeakMap<FastifyRequest, RecordedRequest>();

  app.addHook('preHandler', async (request) => {
    const entry: RecordedRequest = {
      method: request.method,
      path: new URL(request.url, 'http://simulator').pathname,
      query: parseQuery(request.url),
      authorization: request.headers.authorization,
      body: request.body,
      outcome: 'pending',
    };
    requests.push(entry);
    entryOf.set(request, entry);
  });
  app.addHook('onResponse', async (request, reply) => {
    const entry = entryOf.get(request);
    if (entry && entry.outcome === 'pending') entry.outcome = reply.statusCode;
  });

  /** Latency, faults and auth; returns true when the request was answered (or dropped). */
  async function gate(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (latencyMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          timers.delete(timer);
          resolve();
        }, latencyMs);
        timers.add(timer);
      });
    }
    const fault = faults.shift();
    const entry = entryOf.get(request);
    if (fault !== undefined) {
      if (fault === 'timeout' || fault === 'reset') {
        if (entry) entry.outcome = fault;
        reply.hijack();
        const socket = request.raw.socket;
        if (fault === 'reset') socket.destroy();
        else {
          hanging.add(socket);
          socket.once('close', () => hanging.delete(socket));
        }
        return true;
      }
      if (fault === 'garbage') {
        void reply.code(200).type('application/json').send('{"responses": {"q": <html>Bad gateway</html>');
        return true;
      }
      if (fault === 'wrong-shape') {
        void reply.code(200).send({ responses: { unexpected: { results: 'not-a-list' } }, limit: 'five' });
        return true;
      }
      if (fault === 429 || fault === 503) void reply.header('retry-after', '1');
      void reply.code(fault).send({ detail: `Simulated fault (${fault}).` });
      return true;
    }
    if (options.apiKey !== undefined) {
      const header = request.headers.authorization ?? '';
      const match = /^ApiKey\s+(.+)$/i.exec(header.trim());
      if (!match || match[1] !== options.apiKey) {
        void reply.code(401).send({ detail: 'Missing or invalid API key. Send "Authorization: ApiKey <key>".' });
        return true;
      }
    }
    return false;
  }

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/catalog', async (request, reply) => {
    if (await gate(request, reply)) return reply;
    const updated_at = isoSeconds(updatedAtDate);
    return {
      datasets: DATASETS.map((d) => ({
        name: d.name,
        title: d.title,
        summary: 'FICTIONAL data served by the Traderoom yente simulator.',
        version,
        updated_at,
        load: true,
        index_version: version,
        index_current: true,
        children: d.children,
      })),
      current: DATASETS.map((d) => d.name),
      outdated: [],
      index_stale: false,
    };
  });

  app.post<{ Params: { dataset: string } }>('/match/:dataset', async (request, reply) => {
    if (await gate(request, reply)) return reply;
    const dataset = request.params.dataset;
    if (!DATASETS.some((d) => d.name === dataset)) return reply.code(404).send({ detail: 'No such dataset.' });

    const q = parseQuery(request.url);
    const num = (key: string, fallback: number): number | null => {
      const raw = q[key]?.[0];
      if (raw === undefined) return fallback;
      const value = Number(raw);
      return Number.isFinite(value) ? value : null;
    };
    const threshold = num('threshold', DEFAULT_THRESHOLD);
    const cutoffParam = num('cutoff', DEFAULT_CUTOFF);
    const limit = num('limit', DEFAULT_LIMIT);
    if (threshold === null) return reply.code(422).send(validationError(['query', 'threshold'], 'Input should be a valid number', q.threshold?.[0]));
    if (cutoffParam === null) return reply.code(422).send(validationError(['query', 'cutoff'], 'Input should be a valid number', q.cutoff?.[0]));
    if (limit === null || !Number.isInteger(limit) || limit > MAX_LIMIT) {
      return reply.code(422).send(validationError(['query', 'limit'], `Input should be an integer less than or equal to ${MAX_LIMIT}`, q.limit?.[0]));
    }
    const algorithm = q.algorithm?.[0] ?? 'best';
    if (!['best', 'logic-v2', 'logic-v1', 'regression-v1', 'name-based', 'name-qualified'].includes(algorithm)) {
      return reply.code(400).send({ detail: `Invalid algorithm: ${algorithm}` });
    }
    const excluded = new Set(q.exclude_entity_ids ?? []);
    if (excluded.size > MAX_EXCLUDE_ENTITY_IDS) {
      return reply.code(422).send(validationError(['query', 'exclude_entity_ids'], `List should have at most ${MAX_EXCLUDE_ENTITY_IDS} items`, q.exclude_entity_ids));
    }
    const topics = q.topics ?? [];
    const cutoff = Math.min(cutoffParam, threshold);

    const body = request.body as { queries?: unknown; config?: unknown } | null | undefined;
    if (!body || typeof body !== 'object' || !body.queries || typeof body.queries !== 'object' || Array.isArray(body.queries)) {
      return reply.code(422).send(validationError(['body', 'queries'], 'Field required', body));
    }
    if (body.config && typeof body.config === 'object') {
      const key = Object.keys(body.config)[0];
      if (key !== undefined) return reply.code(400).send({ detail: `Invalid configuration parameter: ${key} for algorithm logic-v2` });
    }
    const rawQueries = Object.entries(body.queries as Record<string, unknown>);
    if (rawQueries.length > MAX_BATCH) {
      return reply.code(400).send({ detail: `Too many queries in one batch (limit: ${MAX_BATCH})` });
    }
    if (rawQueries.length === 0) return reply.code(400).send({ detail: 'No queries provided.' });

    const examples: [string, QueryExample][] = [];
    for (const [key, raw] of rawQueries) {
      const example = raw as { schema?: unknown; properties?: unknown } | null;
      if (!example || typeof example.schema !== 'string' || !example.properties || typeof example.properties !== 'object') {
        return reply.code(422).send(validationError(['body', 'queries', key], 'Invalid entity example', raw));
      }
      if (!['Person', 'Company', 'Organization', 'LegalEntity', 'Thing'].includes(example.schema)) {
        return reply.code(400).send({ detail: `Cannot parse example entity: Invalid schema: ${example.schema}` });
      }
      const properties: Record<string, string[]> = {};
      for (const [prop, value] of Object.entries(example.properties as Record<string, unknown>)) {
        const list = asStringList(value);
        if (list === null) return reply.code(422).send(validationError(['body', 'queries', key, 'properties', prop], 'Input should be a list of strings', value));
        properties[prop] = list;
      }
      examples.push([key, { schema: example.schema, properties }]);
    }

    const leaves = leavesOf(dataset);
    const pool = [...entities.values()].filter((e) => {
      if (!e.datasets.some((d) => leaves.has(d))) return false;
      if (excluded.has(e.id) || (e.referents ?? []).some((r) => excluded.has(r))) return false;
      if (topics.length && !(e.properties.topics ?? []).some((t) => topics.includes(t))) return false;
      return true;
    });

    const responses: Record<string, unknown> = {};
    for (const [key, example] of examples) {
      const scored = pool
        .filter((e) => schemasCompatible(example.schema, e.schema))
        .map((e) => ({ entity: e, result: scoreCandidate(example, e) }))
        .filter((r) => r.result.score > cutoff)
        .sort((a, b) => b.result.score - a.result.score || a.entity.id.localeCompare(b.entity.id));
      const matches = scored.filter((r) => r.result.score >= threshold).length;
      responses[key] = {
        status: 200,
        query: { id: null, schema: example.schema, properties: example.properties },
        total: { value: matches, relation: 'eq' },
        results: scored.slice(0, limit).map(({ entity, result }) => ({
          id: entity.id,
          caption: entity.caption,
          schema: entity.schema,
          properties: entity.properties,
          datasets: entity.datasets,
          referents: entity.referents ?? [],
          target: entity.target ?? true,
          first_seen: entity.first_seen ?? null,
          last_seen: entity.last_seen ?? null,
          last_change: entity.last_change ?? null,
          score: result.score,
          features: result.features,
          explanations: result.explanations,
          match: result.score >= threshold,
          token: null,
        })),
      };
    }
    void reply.header('x-batch-size', String(examples.length));
    return {
      responses,
      matcher: Object.fromEntries(
        Object.entries(FEATURE_WEIGHTS).map(([name, f]) => [name, { description: f.description, coefficient: f.weight, url: null }]),
      ),
      limit,
    };
  });

  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${host}:${port}`;

  return {
    url,
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of hanging) socket.destroy();
      hanging.clear();
      await app.close();
    },
    setEntities(list) {
      entities = new Map(list.map((e) => [e.id, structuredClone(e)]));
      bump();
    },
    addEntities(list) {
      for (const e of list) entities.set(e.id, structuredClone(e));
      bump();
    },
    removeEntities(ids) {
      for (const id of ids) entities.delete(id);
      bump();
    },
    entities: () => [...entities.values()].map((e) => structuredClone(e)),
    version: () => version,
    updatedAt: () => isoSeconds(updatedAtDate),
    requests,
    clearRequests() {
      requests.length = 0;
    },
    failNext(n, fault) {
      for (let i = 0; i < n; i++) faults.push(fault);
    },
    setLatency(ms) {
      latencyMs = Math.max(0, ms);
    },
  };
}
