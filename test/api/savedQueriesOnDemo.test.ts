/** The saved competency queries answer about the demo continuum that `npm start` loads (issue 2 §4, §5). */
import type { FastifyInstance } from 'fastify';
import { buildHttpApp } from '../../fabric/http/buildHttpApp.js';
import { generateDemoContinuum } from '../../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../../fabric/store/MemoryGraphStore.js';

let app: FastifyInstance;
let store: MemoryGraphStore;
beforeAll(async () => {
  store = new MemoryGraphStore();
  for (const chunk of generateDemoContinuum({ ies: 50, seed: 42 })) await store.load(chunk, { format: 'application/n-quads' });
  app = buildHttpApp({ store, config: { bodyLimitBytes: 100_000 }, stats: () => ({ quads: store.size(), walBytes: 0 }) });
});

const rows = async (url: string): Promise<Array<Record<string, string>>> => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode).toBe(200);
  return res.json().results.bindings.map((b: Record<string, { value: string }>) =>
    Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.value])));
};

it('service-placement finds where each demo component runs (components link to IEs by cf:infrastructureElement)', async () => {
  const components = store.match(null, null, null).filter((q) => q.predicate.value === 'https://w3id.org/aerOS/continuum#isPartOfService');
  expect(components.length).toBeGreaterThan(0);
  const service = components[0].object.value;
  const placed = await rows(`/sparql/queries/service-placement?service=${encodeURIComponent(service)}`);
  const expected = components.filter((q) => q.object.value === service).map((q) => q.subject.value).sort();
  expect(placed.map((r) => r.component).sort()).toEqual(expected);
  for (const row of placed) {
    expect(row.ie).toMatch(/^urn:ngsi-ld:InfrastructureElement:/);
    expect(row.domain).toMatch(/^urn:ngsi-ld:Domain:/);
  }
});

it('components-per-ie counts the demo components on their IEs', async () => {
  const perIe = await rows('/sparql/queries/components-per-ie');
  const total = perIe.reduce((sum, r) => sum + Number(r.components), 0);
  const links = store.match(null, null, null).filter((q) => q.predicate.value === 'https://w3id.org/continuum-fabric/ns#infrastructureElement');
  expect(links.length).toBeGreaterThan(0);
  expect(total).toBe(links.length);
});

it('ies-of-domain answers for the documented example domain', async () => {
  const edge = await rows('/sparql/queries/ies-of-domain?domain=urn:ngsi-ld:Domain:edge');
  expect(edge.length).toBe(20);
  for (const row of edge) expect(row.freeCpuCores).toMatch(/^\d+(\.\d{1,3})?$/); // rounded, no float artefacts
});
