/**
 * TenantRegistry (GS CIM 009 v1.8 §4.14 multi-tenancy, §5.5.1 NonexistentTenant): one
 * store per tenant, created on first create, durable under <dataDir>/tenants/ when the
 * node has a data directory.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BadRequestDataError, NonexistentTenantError } from '../../../../fabric/errors/FabricError.js';
import { EntityService } from '../../../../fabric/ngsi-ld/service/EntityService.js';
import { EntityWriter } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';
import { decodeTenantDir, encodeTenantDir, TenantRegistry } from '../../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import type { GraphStore } from '../../../../fabric/store/GraphStore.js';
import { entity, prop } from './serviceFixtures.js';

const ID = 'urn:ngsi-ld:Sensor:1';
const entitiesOf = (store: GraphStore): EntityService => new EntityService(new EntityWriter(store));

describe('TenantRegistry in memory (no data dir)', () => {
  test('no header / empty header is the default tenant: the node store', async () => {
    const defaultStore = new MemoryGraphStore();
    const tenants = new TenantRegistry({ defaultStore });
    expect(await tenants.get(undefined)).toBe(defaultStore);
    expect(await tenants.getOrCreate('')).toBe(defaultStore);
  });

  test('reading an unknown tenant is NonexistentTenant (404)', async () => {
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore() });
    await expect(tenants.get('acme')).rejects.toBeInstanceOf(NonexistentTenantError);
    await expect(tenants.get('acme')).rejects.toMatchObject({ status: 404, problemType: 'NonexistentTenant' });
  });

  test('a tenant created on first write is isolated from the default tenant and from other tenants', async () => {
    const defaultStore = new MemoryGraphStore();
    const tenants = new TenantRegistry({ defaultStore });
    const acme = await tenants.getOrCreate('acme');
    await entitiesOf(acme).create(entity(ID, 'Sensor', { t: prop(1) }));
    const globex = await tenants.getOrCreate('globex');
    await entitiesOf(globex).create(entity('urn:ngsi-ld:Sensor:2', 'Sensor', { t: prop(2) }));
    expect(acme).not.toBe(defaultStore);
    expect(await tenants.get('acme')).toBe(acme);
    expect(entitiesOf(defaultStore).find(ID)).toBeUndefined();
    expect(entitiesOf(globex).find(ID)).toBeUndefined();
    expect(entitiesOf(await tenants.get('acme')).find(ID)).toBeDefined();
    expect(tenants.list()).toEqual(['acme', 'globex']);
  });

  test('concurrent first writes of one tenant share one store; onCreate runs once', async () => {
    const created: string[] = [];
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore(), onCreate: async (t) => { created.push(t); } });
    const [a, b] = await Promise.all([tenants.getOrCreate('acme'), tenants.getOrCreate('acme')]);
    expect(a).toBe(b);
    expect(created).toEqual(['acme']);
  });

  test('onOpen runs once per opened tenant store, after onCreate, with no directory in memory', async () => {
    const calls: string[] = [];
    const tenants = new TenantRegistry({
      defaultStore: new MemoryGraphStore(),
      onCreate: async (t) => { calls.push(`create ${t}`); },
      onOpen: (t, store, dir) => { calls.push(`open ${t} ${store instanceof MemoryGraphStore} ${dir}`); },
    });
    const [acme] = await Promise.all([tenants.getOrCreate('acme'), tenants.getOrCreate('acme'), tenants.get(undefined)]);
    await entitiesOf(acme).create(entity(ID, 'Sensor', { t: prop(1) }));
    await tenants.get('acme');
    expect(calls).toEqual(['create acme', 'open acme true undefined']);
  });

  test('a write that commits nothing does not create the tenant (no feed: confirmed by a change of size)', async () => {
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore(), onCreate: async (_t, store) => { await store.load('<urn:x:s> <urn:x:p> "seed" .', { format: 'application/n-triples' }); } });
    const acme = await tenants.getOrCreate('acme');
    await acme.commit({ deletes: [], inserts: [] }); // e.g. a create rejected before its commit: nothing changes
    expect(tenants.has('acme')).toBe(false);
    expect(tenants.list()).toEqual([]);
    await expect(tenants.get('acme')).rejects.toBeInstanceOf(NonexistentTenantError);
    expect(await tenants.getOrCreate('acme')).toBe(acme); // a later write shares the store, seeded once
    await entitiesOf(acme).create(entity(ID, 'Sensor', { t: prop(1) }));
    expect(tenants.has('acme')).toBe(true);
    expect(await tenants.get('acme')).toBe(acme);
    expect(tenants.list()).toEqual(['acme']);
  });

  test.each(['../etc', '.hidden', 'a b', 'x'.repeat(65), 'ümlaut', 'a/b'])('invalid tenant name %p is BadRequestData', async (name) => {
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore() });
    await expect(tenants.getOrCreate(name)).rejects.toBeInstanceOf(BadRequestDataError);
  });
});

describe('TenantRegistry with a data dir (durable tenants)', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'cf-tenants-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('a tenant lives in <dataDir>/tenants/<encoded name> and survives a restart', async () => {
    const first = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir });
    await entitiesOf(await first.getOrCreate('org:acme.eu')).create(entity(ID, 'Sensor', { t: prop(7) }));
    await first.close();
    expect(existsSync(join(dataDir, 'tenants', encodeTenantDir('org:acme.eu')))).toBe(true);

    const second = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir });
    expect(second.list()).toEqual(['org:acme.eu']);
    const reopened = await second.get('org:acme.eu');
    expect(entitiesOf(reopened).retrieve(ID).attributes.size).toBe(1);
    await expect(second.get('other')).rejects.toBeInstanceOf(NonexistentTenantError);
    await second.close();

    // A reopened tenant is opened again (onOpen: e.g. its reasoner restarts), not created again.
    const opened: Array<[string, string | undefined]> = [];
    const third = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir, onCreate: async () => { throw new Error('not created again'); }, onOpen: (t, _s, dir) => { opened.push([t, dir]); } });
    await third.get('org:acme.eu');
    expect(opened).toEqual([['org:acme.eu', join(dataDir, 'tenants', encodeTenantDir('org:acme.eu'))]]);
    await third.close();
  });

  test('a tenant created by a write that commits nothing is not kept: its directory goes at close', async () => {
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir, onCreate: async (_t, store) => { await store.load('<urn:x:s> <urn:x:p> "seed" .', { format: 'application/n-triples' }); } });
    const dir = join(dataDir, 'tenants', encodeTenantDir('acme'));
    const acme = await tenants.getOrCreate('acme');
    expect(existsSync(`${dir}.unconfirmed`)).toBe(true);
    await acme.commit({ deletes: [], inserts: [] });
    expect(tenants.has('acme')).toBe(false);
    await expect(tenants.get('acme')).rejects.toBeInstanceOf(NonexistentTenantError);
    await tenants.close();
    expect([existsSync(dir), existsSync(`${dir}.unconfirmed`)]).toEqual([false, false]);
    const again = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir });
    expect(again.list()).toEqual([]);
    await again.close();
  });

  test('the first commit to a new durable tenant confirms it at once (marker gone); it survives a restart', async () => {
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir });
    const dir = join(dataDir, 'tenants', encodeTenantDir('acme'));
    await entitiesOf(await tenants.getOrCreate('acme')).create(entity(ID, 'Sensor', { t: prop(1) }));
    expect(existsSync(`${dir}.unconfirmed`)).toBe(false);
    expect(tenants.list()).toEqual(['acme']);
    await tenants.close();
    const again = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir });
    expect(again.list()).toEqual(['acme']);
    expect(entitiesOf(await again.get('acme')).find(ID)).toBeDefined();
    await again.close();
  });

  test('at start, a tenant directory still marked unconfirmed (the node stopped before any write committed) is removed', async () => {
    const dir = join(dataDir, 'tenants', encodeTenantDir('ghost'));
    mkdirSync(dir, { recursive: true });
    writeFileSync(`${dir}.unconfirmed`, '');
    mkdirSync(join(dataDir, 'tenants', 'kept'));
    const tenants = new TenantRegistry({ defaultStore: new MemoryGraphStore(), dataDir });
    expect(tenants.list()).toEqual(['kept']);
    expect([existsSync(dir), existsSync(`${dir}.unconfirmed`)]).toEqual([false, false]);
    await tenants.close();
  });
});

test('tenant directory names are reversible and contain no dots or separators', () => {
  for (const name of ['acme', 'org:acme.eu', 'a-b_c']) {
    const dir = encodeTenantDir(name);
    expect(dir).not.toMatch(/[./:]/);
    expect(decodeTenantDir(dir)).toBe(name);
  }
});
