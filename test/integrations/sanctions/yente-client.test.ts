import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createYenteClient,
  ScreeningRequestError,
  ScreeningUnavailableError,
  screeningQueryForClient,
  type ScreeningQuery,
  type YenteClient,
} from '../../../src/integrations/sanctions/yente-client';
import { FICTIONAL_ENTITIES, LATE_ADDITION, startYenteSimulator, type YenteSimulator } from '../../../src/simulators/yente';

let sim: YenteSimulator;
let client: YenteClient;

beforeAll(async () => {
  sim = await startYenteSimulator();
  client = createYenteClient({ baseUrl: sim.url, timeoutMs: 2_000 });
});
afterAll(async () => sim?.close());
afterEach(() => {
  sim.setLatency(0);
  sim.clearRequests();
});

const person = (name: string, extra: Omit<ScreeningQuery['properties'], 'name'> = {}): ScreeningQuery => ({
  schema: 'Person',
  properties: { name: [name], ...extra },
});

async function screenOne(query: ScreeningQuery, options?: Parameters<YenteClient['match']>[2], c: YenteClient = client) {
  const out = await c.match('default', { q: query }, options);
  return out.q!;
}

async function expectRejection<T extends Error>(promise: Promise<unknown>, type: new (...args: any[]) => T): Promise<T> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

describe('match: scores and explanations', () => {
  it('an exact name with the same birth date and nationality scores 1.0', async () => {
    const res = await screenOne(person('Mohammed Al-Fictiyyah', { birthDate: ['1971-03-14'], nationality: ['jo'] }));
    expect(res.total).toBe(1);
    const [hit] = res.results;
    expect(hit).toMatchObject({
      id: 'tr-sim-p-fictiyyah',
      caption: 'Mohammed Al-Fictiyyah',
      schema: 'Person',
      score: 1,
      match: true,
      topics: ['sanction'],
      datasets: ['tr_fictional_sanctions'],
    });
    expect(hit!.explanation).toBe('name 1.00, birth date matches, nationality matches');
    expect(hit!.features.name_match).toBe(1);
  });

  it('a transliterated spelling (Muhammad/Mohammed, Al Fictiyya) matches at 0.95', async () => {
    const res = await screenOne(person('Muhammad Al Fictiyya', { birthDate: ['1971-03-14'] }));
    const hit = res.results[0]!;
    expect(hit.id).toBe('tr-sim-p-fictiyyah');
    expect(hit.score).toBeGreaterThanOrEqual(0.95);
    expect(hit.match).toBe(true);
    expect(hit.explanation).toMatch(/^name 1\.00 via alias "Muhammad al Fictiyya", birth date matches$/);
  });

  it('Latin variants of a Cyrillic name match the listed spelling', async () => {
    const res = await screenOne(person('Yevgeniy Testovskiy', { nationality: ['ru'] }));
    const hit = res.results[0]!;
    expect(hit.id).toBe('tr-sim-p-testovsky');
    expect(hit.score).toBe(1); // 0.95 + nationality bonus, capped
    expect(hit.explanation).toBe('name 0.95, nationality matches');

    const german = await screenOne(person('Jewgenij Testowskij'));
    expect(german.results[0]).toMatchObject({ id: 'tr-sim-p-testovsky', score: 0.95, match: true });
    expect(german.results[0]!.explanation).toBe('name 0.95');
  });

  it('a name in Cyrillic matches the Latin listing (and a listed Cyrillic alias exactly)', async () => {
    const russian = await screenOne(person('Виктор Фикторенко'));
    expect(russian.results[0]).toMatchObject({ id: 'tr-sim-p-fictorenko', score: 0.95, match: true });

    const alias = await screenOne(person('Евгений Тестовский', { birthDate: ['1965-11-02'] }));
    expect(alias.results[0]).toMatchObject({ id: 'tr-sim-p-testovsky', score: 1, match: true });
    expect(alias.results[0]!.explanation).toBe('name 1.00 via alias "Евгений Тестовский", birth date matches');
  });

  it('diacritics do not matter', async () => {
    const res = await screenOne(person('Carlota Nandu Ficticia'), undefined);
    expect(res.results[0]).toMatchObject({ id: 'tr-sim-pep-ficticia', score: 1, match: true, topics: ['role.pep'] });
  });

  it('a partial name (token overlap) scores between 0.7 and 0.9', async () => {
    const res = await screenOne(person('Anna Maria Placeholder', { nationality: ['mt'] }));
    const hit = res.results[0]!;
    expect(hit.id).toBe('tr-sim-p-placeholder');
    expect(hit.score).toBeGreaterThan(0.7);
    expect(hit.score).toBeLessThan(0.95);
    expect(hit.match).toBe(true);
    expect(hit.explanation).toBe('name 0.83, nationality matches');
  });

  it('a different birth date pulls an exact name under the threshold: returned, not a match', async () => {
    const res = await screenOne(person('Mohammed Al-Fictiyyah', { birthDate: ['1990-01-01'] }));
    expect(res.total).toBe(0);
    const hit = res.results[0]!;
    expect(hit.id).toBe('tr-sim-p-fictiyyah');
    expect(hit.score).toBeCloseTo(0.6, 5);
    expect(hit.match).toBe(false);
    expect(hit.explanation).toBe('name 1.00, birth date differs');
  });

  it('a different nationality is a penalty but an exact name still matches', async () => {
    const res = await screenOne(person('Yevgeny Testovsky', { nationality: ['de'] }));
    expect(res.results[0]).toMatchObject({ id: 'tr-sim-p-testovsky', score: 0.8, match: true });
    expect(res.results[0]!.explanation).toBe('name 1.00, nationality differs');
  });

  it('companies match by name and registration number', async () => {
    const res = await screenOne({ schema: 'Company', properties: { name: ['Fictional Horizon Trading L.L.C.'], registrationNumber: ['FX 000111'], country: ['ae'] } });
    expect(res.results[0]).toMatchObject({ id: 'tr-sim-c-fictional-horizon', schema: 'Company', score: 1, match: true });
    expect(res.results[0]!.explanation).toBe('name 1.00, identifier matches, country matches');
  });

  it('a query built from a client profile finds the PEP', async () => {
    const query = screeningQueryForClient({
      clientType: 'individual',
      firstName: 'Sergey',
      lastName: 'Placeholderov',
      birthDate: '1970-02-02',
      nationality: 'RU',
    });
    const res = await screenOne(query);
    expect(res.results[0]).toMatchObject({ id: 'tr-sim-pep-placeholderov', match: true, topics: ['role.pep'] });
    expect(res.results[0]!.explanation).toMatch(/birth date matches, nationality matches$/);
  });

  it('a clean client gets no match and no results', async () => {
    const res = await screenOne(person('Jane Cleanperson', { birthDate: ['1990-05-05'], nationality: ['gb'] }));
    expect(res).toEqual({ total: 0, results: [] });
  });

  it('sends threshold, limit and algorithm; threshold decides `match`', async () => {
    const res = await screenOne(person('Anna Maria Placeholder', { nationality: ['mt'] }), { threshold: 0.9, limit: 1, algorithm: 'logic-v2' });
    expect(res.total).toBe(0);
    expect(res.results).toHaveLength(1);
    expect(res.results[0]!.match).toBe(false);
    const [req] = sim.requests;
    expect(req!.path).toBe('/match/default');
    expect(req!.query).toMatchObject({ threshold: ['0.9'], limit: ['1'], algorithm: ['logic-v2'] });
  });

  it('screens against sub-datasets (peps only)', async () => {
    const out = await client.match('peps', { a: person('Mohammed Al-Fictiyyah'), b: person('Olga Probnikova') });
    expect(out.a!.results).toEqual([]);
    expect(out.b!.results[0]!.id).toBe('tr-sim-pep-probnikova');
  });
});

describe('false positives cleared by compliance', () => {
  it('stay excluded through excludeEntityIds, also after the list changes', async () => {
    const query = person('Anna Maria Placeholder', { nationality: ['mt'] });
    const first = await screenOne(query);
    expect(first.results.map((r) => r.id)).toContain('tr-sim-p-placeholder');

    const cleared = ['tr-sim-p-placeholder'];
    const second = await screenOne(query, { excludeEntityIds: cleared });
    expect(second.results.map((r) => r.id)).not.toContain('tr-sim-p-placeholder');
    expect(second.total).toBe(0);
    expect(sim.requests.at(-1)!.query.exclude_entity_ids).toEqual(cleared);

    // The list is republished, with a new alias on the same record: still cleared.
    const updated = FICTIONAL_ENTITIES.map((e) =>
      e.id === 'tr-sim-p-placeholder' ? { ...e, properties: { ...e.properties, alias: ['Anna M. Placeholder'] } } : e,
    );
    const before = sim.version();
    sim.setEntities(updated);
    expect(sim.version()).not.toBe(before);
    const third = await screenOne(query, { excludeEntityIds: cleared });
    expect(third.results.map((r) => r.id)).not.toContain('tr-sim-p-placeholder');
    sim.setEntities(FICTIONAL_ENTITIES);
  });

  it('repeats exclude_entity_ids as separate query parameters', async () => {
    await screenOne(person('Anna Placeholder'), { excludeEntityIds: ['a-1', 'b-2', 'a-1'] });
    const url = sim.requests.at(-1)!;
    expect(url.query.exclude_entity_ids).toEqual(['a-1', 'b-2']);
  });

  it('refuses more than 50 exclusions without calling yente', async () => {
    const ids = Array.from({ length: 51 }, (_, i) => `id-${i}`);
    const err = await expectRejection(screenOne(person('Anna Placeholder'), { excludeEntityIds: ids }), ScreeningRequestError);
    expect(err.retryable).toBe(false);
    expect(err.status).toBeNull();
    expect(sim.requests).toHaveLength(0);
  });
});

describe('batching', () => {
  it('splits more than 100 queries into batches of at most 100 and merges the answers', async () => {
    const queries: Record<string, ScreeningQuery> = {};
    for (let i = 0; i < 150; i++) queries[`client-${i}`] = person(`Clean Person Number${i}`, { birthDate: ['1990-01-01'] });
    queries['client-149'] = person('Olga Probnikova', { birthDate: ['1981-03-03'] });
    const out = await client.match('default', queries);

    const posts = sim.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(2);
    const sizes = posts.map((r) => Object.keys((r.body as { queries: object }).queries).length);
    expect(sizes).toEqual([100, 50]);
    expect(Object.keys(out)).toHaveLength(150);
    expect(out['client-0']).toEqual({ total: 0, results: [] });
    expect(out['client-149']!.results[0]).toMatchObject({ id: 'tr-sim-pep-probnikova', match: true });
  });

  it('exactly 100 queries go in one request; no queries make no request', async () => {
    const queries = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, person(`Nobody ${i}`)]));
    await client.match('default', queries);
    expect(sim.requests).toHaveLength(1);
    expect(await client.match('default', {})).toEqual({});
    expect(sim.requests).toHaveLength(1);
  });
});

describe('list updates (catalog)', () => {
  it('a new list version is visible in the catalog and turns a clean client into a hit', async () => {
    const query = screeningQueryForClient({ clientType: 'individual', firstName: 'Quentin', lastName: 'Latecomer', birthDate: '1988-02-29', nationality: 'gb' });
    const catalog1 = await client.catalog();
    const default1 = catalog1.datasets.find((d) => d.name === 'default')!;
    expect(default1.version).toBe(sim.version());
    expect(default1.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(catalog1.datasets.map((d) => d.name)).toEqual(expect.arrayContaining(['default', 'sanctions', 'peps']));
    expect(await screenOne(query)).toEqual({ total: 0, results: [] });

    sim.addEntities([LATE_ADDITION]);
    try {
      const default2 = (await client.catalog()).datasets.find((d) => d.name === 'default')!;
      expect(default2.version).not.toBe(default1.version);
      expect(default2.updatedAt! >= default1.updatedAt!).toBe(true);

      const res = await screenOne(query);
      expect(res.total).toBe(1);
      expect(res.results[0]).toMatchObject({ id: 'tr-sim-p-latecomer', score: 1, match: true, topics: ['sanction'] });
      expect(res.results[0]!.explanation).toBe('name 1.00, birth date matches, nationality matches');
    } finally {
      sim.setEntities(FICTIONAL_ENTITIES);
    }
  });
});

describe('authentication (hosted API)', () => {
  let secured: YenteSimulator;
  beforeAll(async () => {
    secured = await startYenteSimulator({ apiKey: 'test-key-fictional' });
  });
  afterAll(async () => secured?.close());

  it('sends Authorization: ApiKey <key>', async () => {
    const authed = createYenteClient({ baseUrl: secured.url, apiKey: 'test-key-fictional' });
    const res = await screenOne(person('Olga Probnikova'), undefined, authed);
    expect(res.results[0]!.id).toBe('tr-sim-pep-probnikova');
    expect((await authed.catalog()).datasets.length).toBeGreaterThan(0);
    expect(secured.requests.at(-1)!.authorization).toBe('ApiKey test-key-fictional');
  });

  it('a missing or wrong key is a non-retryable request error (401)', async () => {
    for (const c of [createYenteClient({ baseUrl: secured.url }), createYenteClient({ baseUrl: secured.url, apiKey: 'wrong' })]) {
      const err = await expectRejection(screenOne(person('Olga Probnikova'), undefined, c), ScreeningRequestError);
      expect(err.status).toBe(401);
      expect(err.retryable).toBe(false);
      await expectRejection(c.catalog(), ScreeningRequestError);
    }
  });
});

describe('failures', () => {
  it.each([500, 502, 503, 429])('HTTP %i → ScreeningUnavailableError (retryable)', async (status) => {
    sim.failNext(1, status);
    const err = await expectRejection(screenOne(person('Olga Probnikova')), ScreeningUnavailableError);
    expect(err).toMatchObject({ retryable: true, reason: 'http', status });
    if (status === 429 || status === 503) expect(err.retryAfterMs).toBe(1000);
    // The next call goes through.
    expect((await screenOne(person('Olga Probnikova'))).total).toBe(1);
  });

  it('a timeout → ScreeningUnavailableError(timeout)', async () => {
    const fast = createYenteClient({ baseUrl: sim.url, timeoutMs: 300 });
    sim.failNext(1, 'timeout');
    const err = await expectRejection(screenOne(person('Olga Probnikova'), undefined, fast), ScreeningUnavailableError);
    expect(err.reason).toBe('timeout');
    expect(sim.requests.at(-1)!.outcome).toBe('timeout');
  });

  it('slow answers beyond the timeout also count as unavailable', async () => {
    const fast = createYenteClient({ baseUrl: sim.url, timeoutMs: 200 });
    sim.setLatency(600);
    const err = await expectRejection(fast.catalog(), ScreeningUnavailableError);
    expect(err.reason).toBe('timeout');
  });

  it('a dropped connection → ScreeningUnavailableError(network)', async () => {
    sim.failNext(1, 'reset');
    const err = await expectRejection(screenOne(person('Olga Probnikova')), ScreeningUnavailableError);
    expect(err.reason).toBe('network');
  });

  it('nothing listening → ScreeningUnavailableError(network)', async () => {
    const other = await startYenteSimulator();
    const url = other.url;
    await other.close();
    const err = await expectRejection(createYenteClient({ baseUrl: url }).catalog(), ScreeningUnavailableError);
    expect(err.reason).toBe('network');
  });

  it('a garbage body → ScreeningUnavailableError(invalid_response)', async () => {
    sim.failNext(1, 'garbage');
    const err = await expectRejection(screenOne(person('Olga Probnikova')), ScreeningUnavailableError);
    expect(err.reason).toBe('invalid_response');
  });

  it('JSON of the wrong shape → ScreeningUnavailableError(invalid_response)', async () => {
    sim.failNext(2, 'wrong-shape');
    const err = await expectRejection(screenOne(person('Olga Probnikova')), ScreeningUnavailableError);
    expect(err.reason).toBe('invalid_response');
    expect(err.message).toMatch(/unexpected response/);
    await expectRejection(client.catalog(), ScreeningUnavailableError);
  });

  it('an unknown dataset is our bug: ScreeningRequestError(404)', async () => {
    const err = await expectRejection(client.match('no_such_list', { q: person('Olga Probnikova') }), ScreeningRequestError);
    expect(err).toMatchObject({ status: 404, retryable: false, detail: 'No such dataset.' });
  });

  it('an invalid query parameter is our bug: ScreeningRequestError(422) with the detail', async () => {
    const err = await expectRejection(screenOne(person('Olga Probnikova'), { limit: 100_000 }), ScreeningRequestError);
    expect(err.status).toBe(422);
    expect(err.detail).toMatch(/query\.limit/);
  });

  it('the injected fetch is used', async () => {
    const calls: string[] = [];
    const spy: typeof fetch = async (input, init) => {
      calls.push(String(input));
      return fetch(input, init);
    };
    await createYenteClient({ baseUrl: `${sim.url}/`, fetch: spy }).catalog();
    expect(calls).toEqual([`${sim.url}/catalog`]);
  });
});
