/**
 * SPARQL-path queries whose q compares values (EntityQueryCompiler `jsonValues`, GS CIM 009 §4.9: an
 * array value matches by its elements) choose the exact or the widened SELECT. With a read index the
 * choice comes from the change feed (index/JsonValuedPredicates.ts), without one from the ASK probe
 * (RememberedAsks): through writes that add and remove rdf:JSON values (NGSI-LD writes, SPARQL Update,
 * ground bulk loads that repeat present quads, graph clears), both give the same ids, order and count,
 * and the index path stops asking the store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';
import type { JsonValue } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { compileEntityQuery } from '../../../../fabric/ngsi-ld/query/EntityQueryCompiler.js';
import { parseEntityQuery } from '../../../../fabric/ngsi-ld/query/EntityQuery.js';
import { EntityQueryService } from '../../../../fabric/ngsi-ld/service/EntityQueryService.js';
import { servicesFor } from '../../../../fabric/ngsi-ld/service/NgsiLdServices.js';
import { DurableGraphStore } from '../../../../fabric/store/durable/DurableGraphStore.js';
import { entity, EX, prop } from './serviceFixtures.js';

const JSON_DT = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>';
const expand = (term: string): string => (term.includes(':') ? term : `${EX}${term}`);
const id = (n: number): string => `urn:ngsi-ld:Sensor:${String(n).padStart(2, '0')}`;

const QUERIES = [
  'temperature==1', 'temperature>5', 'temperature!=1', 'temperature==1..10', 'name=="Alpha"', 'name~=".*a"',
  'temperature==1|name=="Beta"', 'name=="Beta";temperature<50', 'temperature==2,7',
];
const VALUES: JsonValue[] = [1, 2, 7, 20, [1, 2], [7, 'Alpha'], { x: 1 }, 'Alpha', 'Beta', ['Beta']];

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'json-values-index-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the same results whether the index or the ASK decides, through writes adding and removing JSON values', async () => {
  const store = await DurableGraphStore.open(dir);
  const services = servicesFor(store, { query: { cachedSelects: 0 } });
  const viaIndex = services.query;
  const viaAsk = new EntityQueryService(store, services.writer, { cachedSelects: 0 }); // no index: the ASK path
  const r = new SeededRandom(20261203);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r.next() * xs.length)];
  for (let n = 0; n < 20; n++) {
    await services.entities.create(entity(id(n), 'Sensor', { temperature: prop(pick([1, 2, 7, 20])), name: prop(pick(['Alpha', 'Beta'])) }));
  }
  const query = jest.spyOn(store, 'query');
  let asksOfIndexPath = 0;
  let asksOfAskPath = 0;
  const widened = new Set<boolean>();
  for (let step = 0; step < 30; step++) {
    const e = id(Math.floor(r.next() * 20));
    const attribute = pick(['temperature', 'name']);
    switch (pick(['replace', 'replace', 'sparql', 'load', 'delete', 'clear'])) {
      case 'replace':
        await services.entities.replace(e, entity(e, 'Sensor', { temperature: prop(pick(VALUES)), name: prop(pick(VALUES)) }));
        break;
      case 'sparql': // a bare natural triple beside the reified instance
        await store.update(`INSERT DATA { GRAPH <${e}> { <${e}> <${EX}${attribute}> "[1,\\"Beta\\"]"^^${JSON_DT} } }`);
        break;
      case 'load': // a ground bulk load (its record lists the input, a quad already present included)
        await store.load(`<${e}> <${EX}${attribute}> "[7]"^^${JSON_DT} <${e}> .\n`, { format: 'application/n-quads' });
        break;
      case 'delete':
        await store.update(`DELETE { GRAPH <${e}> { <${e}> <${EX}${attribute}> ?o } } WHERE { GRAPH <${e}> { <${e}> <${EX}${attribute}> ?o FILTER(DATATYPE(?o) = ${JSON_DT}) } }`);
        break;
      default:
        await store.update(`CLEAR GRAPH <${e}>`);
        await services.entities.create(entity(e, 'Sensor', { temperature: prop(pick([1, 20])), name: prop('Alpha') }));
    }
    for (const q of [pick(QUERIES), pick(QUERIES), pick(QUERIES)]) {
      const compiled = compileEntityQuery(parseEntityQuery({ type: 'Sensor', q }), expand);
      const sparqlOnly = { ...compiled, indexed: undefined }; // the SPARQL path on both sides
      expect(sparqlOnly.jsonValues).toBeDefined();
      const paging = { limit: pick([3, 20]), offset: pick([0, 2]), count: true };
      const before = query.mock.calls.length;
      const a = await viaIndex.query(sparqlOnly, paging);
      asksOfIndexPath += query.mock.calls.slice(before).filter(([text]) => text.startsWith('ASK')).length;
      const between = query.mock.calls.length;
      const b = await viaAsk.query(sparqlOnly, paging);
      asksOfAskPath += query.mock.calls.slice(between).filter(([text]) => text.startsWith('ASK')).length;
      const label = `step ${step} q=${q} ${JSON.stringify(paging)}`;
      expect({ label, ids: a.entities.map((x) => x.id), count: a.count }).toEqual({ label, ids: b.entities.map((x) => x.id), count: b.count });
      const probe = await store.query(sparqlOnly.jsonValues!.probe);
      widened.add(probe.kind === 'boolean' && probe.value);
    }
  }
  expect(widened).toEqual(new Set([true, false])); // both plans were compared
  expect(asksOfAskPath).toBeGreaterThan(30);
  expect(asksOfIndexPath).toBeLessThanOrEqual(3); // only before the index's first COUNTs answered
  services.index!.detach(); // a detached index no longer follows the store: it stops answering
  expect(services.index!.jsonValued.mayHold([`${EX}temperature`])).toBeUndefined();
  await store.close();
});
