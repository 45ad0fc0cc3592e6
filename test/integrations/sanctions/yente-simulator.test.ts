/**
 * The simulator speaks yente's protocol on the wire (raw fetch, no adapter).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FICTIONAL_ENTITIES, LATE_ADDITION, startYenteSimulator, type YenteSimulator } from '../../../src/simulators/yente';
import { compareNames } from '../../../src/simulators/yente/scoring';

let sim: YenteSimulator;
beforeAll(async () => {
  sim = await startYenteSimulator({ now: () => new Date('2026-01-02T03:04:05Z') });
});
afterAll(async () => sim?.close());

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const query = (name: string) => ({ schema: 'Person', properties: { name: [name] } });

describe('yente simulator protocol', () => {
  it('answers a match in yente shape', async () => {
    const res = await post('/match/default', { queries: { c1: query('Olga Probnikova') } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-batch-size')).toBe('1');
    expect(res.body.limit).toBe(5);
    const r = res.body.responses.c1;
    expect(r.status).toBe(200);
    expect(r.total).toEqual({ value: 1, relation: 'eq' });
    expect(r.query).toMatchObject({ schema: 'Person', properties: { name: ['Olga Probnikova'] } });
    expect(r.results[0]).toMatchObject({
      id: 'tr-sim-pep-probnikova',
      caption: 'Olga Probnikova',
      schema: 'Person',
      score: 1,
      match: true,
      target: true,
      datasets: ['tr_fictional_peps'],
      features: { name_match: 1 },
      explanations: { name_match: { score: 1, query: 'Olga Probnikova', candidate: 'Olga Probnikova' } },
    });
    expect(r.results[0].properties.topics).toEqual(['role.pep']);
    expect(res.body.matcher.name_match.coefficient).toBe(1);
  });

  it('returns 400 with a yente-like detail for 101 queries in one request', async () => {
    const queries = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`q${i}`, query(`Person ${i}`)]));
    const res = await post('/match/default', { queries });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ detail: 'Too many queries in one batch (limit: 100)' });
    const ok = await post('/match/default', { queries: Object.fromEntries(Object.entries(queries).slice(0, 100)) });
    expect(ok.status).toBe(200);
  });

  it('404 for an unknown dataset, 400 for no queries, bad schema or config, 422 for invalid input', async () => {
    expect(await post('/match/nope', { queries: { a: query('X') } })).toMatchObject({ status: 404, body: { detail: 'No such dataset.' } });
    expect(await post('/match/default', { queries: {} })).toMatchObject({ status: 400, body: { detail: 'No queries provided.' } });
    expect((await post('/match/default', { queries: { a: { schema: 'Vessel', properties: { name: ['X'] } } } })).status).toBe(400);
    expect((await post('/match/default', { queries: { a: query('X') }, config: { nm_bogus: 1 } })).status).toBe(400);
    expect((await post('/match/default', {})).status).toBe(422);
    expect((await post('/match/default', { queries: { a: { schema: 'Person', properties: { name: [1] } } } })).status).toBe(422);
    const tooMany = Array.from({ length: 51 }, (_, i) => `exclude_entity_ids=x${i}`).join('&');
    expect((await post(`/match/default?${tooMany}`, { queries: { a: query('X') } })).status).toBe(422);
  });

  it('honours threshold, cutoff, limit, topics and exclude_entity_ids', async () => {
    const q = { queries: { a: query('Anna Maria Placeholder') } };
    const base = (await post('/match/default', q)).body.responses.a;
    expect(base.results[0]).toMatchObject({ id: 'tr-sim-p-placeholder', match: true });
    const strict = (await post('/match/default?threshold=0.95', q)).body.responses.a;
    expect(strict.total.value).toBe(0);
    expect(strict.results[0].match).toBe(false);
    const excluded = (await post('/match/default?exclude_entity_ids=tr-sim-p-placeholder', q)).body.responses.a;
    expect(excluded.results).toEqual([]);
    const pepsOnly = (await post('/match/default?topics=role.pep', q)).body.responses.a;
    expect(pepsOnly.results).toEqual([]);
    const many = (await post('/match/default?limit=1', { queries: { a: query('Mohammed Al-Fictiyyah') } })).body;
    expect(many.limit).toBe(1);
    expect(many.responses.a.results).toHaveLength(1);
  });

  it('serves the catalog with a version that changes when the list changes', async () => {
    const cat1 = (await (await fetch(`${sim.url}/catalog`)).json()) as any;
    const def1 = cat1.datasets.find((d: any) => d.name === 'default');
    expect(def1).toMatchObject({ version: '20260102030405-aaa', updated_at: '2026-01-02T03:04:05', children: ['sanctions', 'peps'], load: true });
    expect(cat1).toMatchObject({ outdated: [], index_stale: false });

    sim.addEntities([LATE_ADDITION]);
    sim.removeEntities([LATE_ADDITION.id]);
    const def2 = ((await (await fetch(`${sim.url}/catalog`)).json()) as any).datasets.find((d: any) => d.name === 'default');
    // Same wall-clock second: the simulator still moves updated_at forward.
    expect(def2.version).toBe('20260102030407-aac');
    expect(def2.updated_at).toBe('2026-01-02T03:04:07');
    expect(sim.version()).toBe(def2.version);
    expect(sim.entities()).toHaveLength(FICTIONAL_ENTITIES.length);
  });

  it('healthz', async () => {
    const res = await fetch(`${sim.url}/healthz`);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('enforces the API key when configured', async () => {
    const secured = await startYenteSimulator({ apiKey: 'k-fictional' });
    try {
      const call = (headers: Record<string, string>) =>
        fetch(`${secured.url}/match/default`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ queries: { a: query('X') } }) });
      expect((await call({})).status).toBe(401);
      expect((await call({ authorization: 'Bearer k-fictional' })).status).toBe(401);
      expect((await call({ authorization: 'ApiKey k-fictional' })).status).toBe(200);
      expect((await fetch(`${secured.url}/catalog`)).status).toBe(401);
      expect((await fetch(`${secured.url}/healthz`)).status).toBe(200);
    } finally {
      await secured.close();
    }
  });

  it('records every request with its outcome', async () => {
    sim.clearRequests();
    sim.failNext(1, 503);
    await post('/match/sanctions?threshold=0.8&exclude_entity_ids=a&exclude_entity_ids=b', { queries: { a: query('X') } });
    await post('/match/sanctions', { queries: { a: query('X') } });
    expect(sim.requests.map((r) => [r.method, r.path, r.outcome])).toEqual([
      ['POST', '/match/sanctions', 503],
      ['POST', '/match/sanctions', 200],
    ]);
    expect(sim.requests[0]!.query).toEqual({ threshold: ['0.8'], exclude_entity_ids: ['a', 'b'] });
    expect(sim.requests[0]!.body).toEqual({ queries: { a: query('X') } });
  });
});

describe('simulator name scoring', () => {
  it.each([
    ['Mohammed Al-Fictiyyah', 'Mohammed Al-Fictiyyah', 1],
    ['MOHAMMED  al-fictiyyah', 'Mohammed Al-Fictiyyah', 1],
    ['Muhammad Al Fictiyyah', 'Mohammed Al-Fictiyyah', 0.95],
    ['Mohamed Alfictiyah', 'Mohammed Al-Fictiyyah', 0.95],
    ['Husayn Abdul Testari', 'Hussein Abdul-Testari', 0.95],
    ['Hussain Abd al-Testari', 'Hussein Abdul-Testari', 0.95],
    ['Ahmed Youssef Imaginari', 'Ahmad Yusuf Imaginari', 0.95],
    ['Aleksandr Mokovich', 'Oleksandr Mockovych', 0.95],
    ['Hans-Jürgen Beispielmann', 'Hans Juergen Beispielmann', 0.95],
    ['Ramon Ejemplo Nunez', 'Ramón Ejemplo Núñez', 1],
  ])('%s ~ %s = %d', (a, b, expected) => {
    expect(compareNames(a, b).score).toBe(expected);
  });

  it('token overlap lands in 0.7–0.9; one shared token or none stays under the cutoff', () => {
    for (const [a, b] of [
      ['Anna Maria Placeholder', 'Anna Placeholder'],
      ['Fictional Horizon', 'Fictional Horizon Trading LLC'],
      ['Olga Probnikov', 'Olga Probnikova'],
    ] as const) {
      const s = compareNames(a, b).score;
      expect(s, `${a} ~ ${b}`).toBeGreaterThanOrEqual(0.7);
      expect(s, `${a} ~ ${b}`).toBeLessThanOrEqual(0.9);
    }
    expect(compareNames('Anna Smith', 'Anna Placeholder').score).toBeLessThanOrEqual(0.5);
    expect(compareNames('John Smith', 'Anna Placeholder').score).toBe(0);
  });
});
