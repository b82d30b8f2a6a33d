/**
 * Concurrent POST /entities (GS CIM 009 v1.8 §6.4.3.1, §5.6.1) on the durable store, where the creates of one
 * event-loop turn are committed together (CommitCoalescer: one oxigraph load, one log record): a duplicate id in
 * the same turn answers 409 AlreadyExists, a create that breaks the shapes answers 400 BadRequestData and writes
 * nothing, and the others of the turn are written and durable (201 only after fsync: they come back after a restart).
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildHttpApp, defaultNgsiLdDeps } from '../../../fabric/http/buildHttpApp.js';
import { EntityValidator } from '../../../fabric/ngsi-ld/service/EntityValidator.js';
import { NgsiLdServices } from '../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { DurableGraphStore } from '../../../fabric/store/durable/DurableGraphStore.js';
import type { WalRecord } from '../../../fabric/store/durable/walRecord.js';
import { loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import { BASE, expectProblem, link } from './support/ngsiLdTestApp.js';

const IE = JSON.parse(readFileSync('test/fixtures/ngsi-ld/aeros-ie.normalized.json', 'utf8')) as Record<string, unknown>;
const validator = new EntityValidator({ shapes: loadShapes(), ontology: loadOntology(), defaultMode: 'reject' });
const ie = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ ...IE, id: `urn:ngsi-ld:InfrastructureElement:concurrent-${n}`, ...extra });

function appOn(store: DurableGraphStore): FastifyInstance {
  return buildHttpApp({
    store,
    config: { bodyLimitBytes: 1_000_000 },
    ngsiLd: { ...defaultNgsiLdDeps(store), services: new NgsiLdServices(new TenantRegistry({ defaultStore: store }), { validator }) },
  });
}

const post = (app: FastifyInstance, entity: unknown) =>
  app.inject({ method: 'POST', url: `${BASE}/entities`, headers: { 'content-type': 'application/ld+json' }, payload: JSON.stringify(entity) });
const CONTEXT = (IE['@context'] as string[])[0];
/** Retrieve with the IE's own @context, so attributes come back by the names it was written with. */
const get = (app: FastifyInstance, id: string) => app.inject({ method: 'GET', url: `${BASE}/entities/${encodeURIComponent(id)}`, headers: { link: link(CONTEXT) } });

describe('concurrent creates on the durable store (§5.6.1)', () => {
  let dir: string;
  let store: DurableGraphStore;
  let app: FastifyInstance;
  let records: WalRecord[];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cf-concurrent-creates-'));
    store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    records = [];
    store.onCommit((record) => records.push(record));
    app = appOn(store);
  });
  afterEach(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('two concurrent creates of one id: one 201, one 409 AlreadyExists, and the stored entity is the one answered 201', async () => {
    const [a, b] = await Promise.all([post(app, ie(1, { hostname: { type: 'Property', value: 'first' } })), post(app, ie(1, { hostname: { type: 'Property', value: 'second' } }))]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expectProblem(a.statusCode === 409 ? a : b, 409, 'AlreadyExists');
    const winner = a.statusCode === 201 ? 'first' : 'second';
    expect((await get(app, String(ie(1).id))).json().hostname.value).toBe(winner);
  });

  it('a create that breaks the shapes among concurrent ones answers 400 and writes nothing; the others land, coalesced and durable', async () => {
    const bodies = [ie(10), ie(11), ie(12, { cpuCores: { type: 'Property', value: 'eight' } }), ie(13), ie(14)];
    const answers = await Promise.all(bodies.map((body) => post(app, body)));
    expect(answers.map((res) => res.statusCode)).toEqual([201, 201, 400, 201, 201]);
    expect(expectProblem(answers[2], 400, 'BadRequestData').attribute).toBe('cpuCores');
    expect((await get(app, String(bodies[2].id))).statusCode).toBe(404);
    // The four creates of the turn went to the store together: fewer log records than creates.
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records.length).toBeLessThan(4);
    expect(records.map((r) => r.inserts).join('')).not.toContain('concurrent-12');
    // 201 came after fsync: a store opened again from the directory holds them.
    await app.close();
    await store.close();
    store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
    app = appOn(store);
    const back = await Promise.all(bodies.map((body) => get(app, String(body.id))));
    expect(back.map((res) => res.statusCode)).toEqual([200, 200, 404, 200, 200]);
    expect(back[0].json().cpuCores.value).toBe((IE.cpuCores as { value: number }).value);
  });
});
