/**
 * readEntityGraph: the quads of an entity graph from one N-Triples dump of the graph, equal to
 * what matching the graph gives (IRIs, typed / language literals, RDF 1.2 triple terms of the
 * reifiers, blank nodes with their store labels, so an EntityWriter diff can delete them).
 */
import N3 from 'n3';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { termKey } from '../../../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import type * as RDF from '@rdfjs/types';

const ID = 'urn:ngsi-ld:Sensor:1';
const EX = 'https://example.org/ns#';
const key = (q: RDF.Quad): string => `${termKey(q.subject)} ${termKey(q.predicate)} ${termKey(q.object)} ${termKey(q.graph)}`;

test('equals the matched quads of the graph, and only of that graph', async () => {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts: entityToQuads({
    id: ID, types: [`${EX}Sensor`],
    attributes: new Map([
      [`${EX}name`, [{ kind: 'LanguageProperty', languageMap: { en: 'Hall "A"\n', de: 'Halle' }, subAttributes: new Map() }]],
      [`${EX}t`, [{ kind: 'Property', value: 21.5, observedAt: '2026-01-01T00:00:00Z', unitCode: 'CEL', subAttributes: new Map() }]],
      [`${EX}in`, [{ kind: 'Relationship', object: 'urn:ngsi-ld:Room:1', subAttributes: new Map() }]],
    ]),
  }) });
  await store.update(`INSERT DATA { GRAPH <${ID}> { <${ID}> <${EX}note> [ <${EX}text> "blank ✓" ] } GRAPH <urn:other> { <${ID}> <${EX}x> 1 } }`);
  const matched = store.match(null, null, null, N3.DataFactory.namedNode(ID)).map(key).sort();
  const read = readEntityGraph(store, ID);
  expect(read.map(key).sort()).toEqual(matched);
  expect(read.some((q) => q.object.termType === 'Quad')).toBe(true);
  // The blank node keeps its store label: deleting what was read empties the graph.
  await store.commit({ deletes: read, inserts: [] });
  expect(store.match(null, null, null, N3.DataFactory.namedNode(ID))).toHaveLength(0);
  expect(readEntityGraph(store, ID)).toEqual([]);
});
