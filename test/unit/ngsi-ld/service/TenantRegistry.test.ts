/**
 * TenantRegistry (GS CIM 009 v1.8 §4.14 multi-tenancy, §5.5.1 NonexistentTenant): one
 * store per tenant, created on first create, durable under <dataDir>/tenants/ when the
 * node has a data directory.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
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
    await Promise.all([tenants.getOrCreate('acme'), tenants.getOrCreate('acme'), tenants.get(undefined)]);
    await tenants.get('acme');
    expect(calls).toEqual(['create acme', 'open acme true undefined']);
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
});

test('tenant directory names are reversible and contain no dots or separators', () => {
  for (const name of ['acme', 'org:acme.eu', 'a-b_c']) {
    const dir = encodeTenantDir(name);
    expect(dir).not.toMatch(/[./:]/);
    expect(decodeTenantDir(dir)).toBe(name);
  }
});
