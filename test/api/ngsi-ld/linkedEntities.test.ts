/**
 * Linked entity retrieval (GS CIM 009 v1.8 §4.5.23; URI parameters join, joinLevel §6.3.22) on Retrieve Entity, GET
 * /entities and POST /entityOperations/query, over Relationships in this node's store: join=inline puts the linked
 * entity in the Relationship's `entity` member (as Stellio does), join=flat lists the linked entities after the ones
 * asked for, each once; joinLevel (default 1) says how deep. Loops stop (A → B → A). Before, join answered 501.
 */
import type { FastifyInstance } from 'fastify';
import { BASE, CORE, expectProblem, testApp } from './support/ngsiLdTestApp.js';

const A = 'urn:ngsi-ld:Shelf:A';
const B = 'urn:ngsi-ld:Building:B';
const C = 'urn:ngsi-ld:Person:C';
const D = 'urn:ngsi-ld:Shelf:D';
const GONE = 'urn:ngsi-ld:Person:Gone';
const rel = (object: string) => ({ type: 'Relationship', object });

const entities = [
  // A → B → C → A (a loop), A → GONE (not in the store); D → B.
  { id: A, type: 'Shelf', name: { type: 'Property', value: 'A' }, locatedIn: rel(B), checkedBy: rel(GONE) },
  { id: B, type: 'Building', name: { type: 'Property', value: 'B' }, owner: rel(C) },
  { id: C, type: 'Person', name: { type: 'Property', value: 'C' }, favourite: rel(A) },
  { id: D, type: 'Shelf', name: { type: 'Property', value: 'D' }, locatedIn: rel(B) },
];

describe.each([['read index', true], ['SPARQL', false]])('join / joinLevel (§4.5.23, %s)', (_path, index) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    ({ app } = testApp({ index }));
    for (const payload of entities) expect((await app.inject({ method: 'POST', url: `${BASE}/entities`, payload })).statusCode).toBe(201);
  });
  afterAll(() => app.close());
  const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
  const ok = (res: { statusCode: number; body: string; json: () => unknown }) => {
    expect({ status: res.statusCode, body: res.body }).toMatchObject({ status: 200 });
    return res.json() as never;
  };
  const retrieve = (id: string, qs: string) => get(`${BASE}/entities/${encodeURIComponent(id)}?${qs}`);
  const plain = (id: string) => structuredClone(entities.find((e) => e.id === id)!) as Record<string, unknown>;
  const withEntity = (attribute: unknown, entity: unknown) => ({ ...(attribute as object), entity });

  it('inlines the linked entity in the Relationship (join=inline, joinLevel 1 by default)', async () => {
    const a = ok(await retrieve(A, 'join=inline')) as Record<string, unknown>;
    expect(a).toEqual({ ...plain(A), locatedIn: withEntity(rel(B), plain(B)) }); // GONE: not held here, left as it is
  });

  it('follows joinLevel Relationships deep and stops at a loop', async () => {
    const a = ok(await retrieve(A, 'join=inline&joinLevel=5')) as Record<string, unknown>;
    const c = { ...plain(C) }; // C → A: A is the root, not inlined again
    const b = { ...plain(B), owner: withEntity(rel(C), c) };
    expect(a).toEqual({ ...plain(A), locatedIn: withEntity(rel(B), b) });
    const two = ok(await retrieve(A, 'join=inline&joinLevel=2')) as Record<string, unknown>;
    expect(two).toEqual({ ...plain(A), locatedIn: withEntity(rel(B), { ...plain(B), owner: withEntity(rel(C), plain(C)) }) });
  });

  it('lists the linked entities after the entity (join=flat), each once, as an array on retrieve', async () => {
    expect(ok(await retrieve(A, 'join=flat'))).toEqual([plain(A), plain(B)]);
    expect(ok(await retrieve(A, 'join=flat&joinLevel=3'))).toEqual([plain(A), plain(B), plain(C)]); // C → A: A is there
  });

  it('joins every entity of a query page; the count counts the matches only', async () => {
    const page = await get(`${BASE}/entities?type=Shelf&join=flat&count=true`);
    expect(page.headers['ngsild-results-count']).toBe('2');
    expect(ok(page)).toEqual([plain(A), plain(D), plain(B)]);
    const inline = ok(await get(`${BASE}/entities?type=Shelf&join=inline`)) as Array<Record<string, unknown>>;
    expect(inline.map((e) => (e.locatedIn as { entity?: { id: string } }).entity?.id)).toEqual([B, B]);
    const posted = await app.inject({ method: 'POST', url: `${BASE}/entityOperations/query?join=flat&joinLevel=2`, payload: { type: 'Query', entities: [{ id: D, type: 'Shelf' }] } });
    expect(ok(posted)).toEqual([plain(D), plain(B), plain(C)]);
  });

  it('follows only the Relationships the projection keeps, and renders linked entities whole in the same format', async () => {
    expect(ok(await retrieve(A, 'join=flat&pick=id,checkedBy'))).toEqual([{ id: A, checkedBy: rel(GONE) }]);
    expect(ok(await retrieve(A, 'join=flat&options=keyValues&attrs=locatedIn'))).toEqual([
      { id: A, type: 'Shelf', locatedIn: B }, { id: B, type: 'Building', name: 'B', owner: C },
    ]);
    const concise = ok(await retrieve(A, 'join=inline&format=concise&attrs=locatedIn')) as Record<string, unknown>;
    expect(concise).toEqual({ id: A, type: 'Shelf', locatedIn: { object: B, entity: { id: B, type: 'Building', name: 'B', owner: { object: C } } } });
  });

  it('puts the @context in each entity of a flat application/ld+json answer, not in inlined ones', async () => {
    const flat = ok(await get(`${BASE}/entities/${encodeURIComponent(A)}?join=flat`, { accept: 'application/ld+json' })) as Array<Record<string, unknown>>;
    expect(flat.map((e) => e['@context'])).toEqual([CORE, CORE]);
    const inline = ok(await get(`${BASE}/entities/${encodeURIComponent(A)}?join=inline`, { accept: 'application/ld+json' })) as Record<string, { entity?: Record<string, unknown> }>;
    expect(inline['@context']).toBe(CORE);
    expect(inline.locatedIn!.entity).not.toHaveProperty('@context');
  });

  it('answers as without join for join=@none', async () => {
    expect(ok(await retrieve(A, 'join=@none'))).toEqual(plain(A));
  });

  it('answers 400 for joinLevel without join and for values outside §6.3.22; 501 for the forms it does not render', async () => {
    expect(expectProblem(await retrieve(A, 'joinLevel=2'), 400, 'InvalidRequest').parameter).toBe('joinLevel');
    expect(expectProblem(await retrieve(A, 'join=deep'), 400, 'InvalidRequest').parameter).toBe('join');
    expect(expectProblem(await get(`${BASE}/entities?type=Shelf&join=flat&joinLevel=0`), 400, 'InvalidRequest').parameter).toBe('joinLevel');
    expectProblem(await retrieve(A, 'join=inline&options=keyValues'), 501, 'NotImplemented');
    expectProblem(await get(`${BASE}/entities?type=Shelf&join=flat`, { accept: 'application/geo+json' }), 501, 'NotImplemented');
  });
});
