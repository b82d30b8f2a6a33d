/** NgsiLdServices: per-tenant service bundles (GS CIM 009 v1.8 §4.14). */
import { NonexistentTenantError } from '../../../../fabric/errors/FabricError.js';
import { NgsiLdServices } from '../../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { TenantRegistry } from '../../../../fabric/ngsi-ld/service/TenantRegistry.js';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { entity, prop, T, TestClock } from './serviceFixtures.js';

test('one bundle per tenant store, sharing one writer; reads of an unknown tenant fail; data stays per tenant', async () => {
  const clock = new TestClock();
  const services = new NgsiLdServices(new TenantRegistry({ defaultStore: new MemoryGraphStore() }), { clock: clock.now });
  await expect(services.forRead('acme')).rejects.toBeInstanceOf(NonexistentTenantError);
  const acme = await services.forWrite('acme');
  await expect(services.forRead('acme')).rejects.toBeInstanceOf(NonexistentTenantError); // nothing committed yet: no tenant
  await acme.batch.create([entity('urn:ngsi-ld:S:1', 'Sensor', { t: prop(1) })]);
  expect(await services.forRead('acme')).toBe(acme);
  expect(acme.entities.retrieve('urn:ngsi-ld:S:1').createdAt).toBe(clock.iso);
  expect(await acme.types.listTypes()).toEqual([T('Sensor')]);
  const fallback = await services.forRead(undefined);
  expect(fallback).not.toBe(acme);
  expect(await fallback.types.listTypes()).toEqual([]);
});
