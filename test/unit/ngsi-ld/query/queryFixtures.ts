/**
 * Entities for the query-compiler tests, written into a MemoryGraphStore through the RDF mapping
 * (fabric/ngsi-ld/mapping/entityToQuads, docs/ngsi-ld-mapping.md), plus hand-written TriG for the
 * cases the mapping writes in particular ways: an enumeration value stored as an individual IRI
 * with the code in cf:jsonValue, and natural triples without reifiers (as SPARQL Update writes them).
 */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import type { AttributeInstance, Entity, GeoJsonGeometry, JsonValue } from '../../../../fabric/ngsi-ld/model/Entity.js';

export const EX = 'https://example.org/ns#';
const NGSI = 'https://uri.etsi.org/ngsi-ld/';
/** Compact terms: `aeros:` / `cf:` (ontology properties: enumerations, xsd:anyURI / xsd:dateTime ranges), full IRIs, else ex:. */
const PREFIXES: Record<string, string> = { aeros: 'https://w3id.org/aerOS/continuum#', cf: 'https://w3id.org/continuum-fabric/ns#' };
export const expand = (term: string): string => {
  const prefixed = /^(aeros|cf):([A-Za-z]\w*)$/.exec(term);
  return prefixed ? `${PREFIXES[prefixed[1]]}${prefixed[2]}` : term.includes(':') ? term : `${EX}${term}`;
};
export const sensor = (n: number): string => `urn:ngsi-ld:Sensor:S${n}`;

type Extra = Partial<AttributeInstance>;
const sub = (m: Record<string, AttributeInstance>): Map<string, AttributeInstance[]> => new Map(Object.entries(m).map(([k, v]) => [expand(k), [v]]));
const prop = (value: JsonValue | { '@type': string; '@value': string }, extra: Extra = {}): AttributeInstance => ({ kind: 'Property', value, subAttributes: new Map(), ...extra });
const rel = (object: string): AttributeInstance => ({ kind: 'Relationship', object, subAttributes: new Map() });
const geo = (geometry: GeoJsonGeometry): AttributeInstance => ({ kind: 'GeoProperty', geometry, subAttributes: new Map() });
const text = (languageMap: Record<string, string | string[]>): AttributeInstance => ({ kind: 'LanguageProperty', languageMap, subAttributes: new Map() });
const vocab = (...terms: string[]): AttributeInstance => ({ kind: 'VocabProperty', vocab: terms.length === 1 ? expand(terms[0]) : terms.map(expand), subAttributes: new Map() });
const dateTime = (v: string) => ({ '@type': `${NGSI}DateTime`, '@value': v });

function entity(id: string, types: string[], scope: string[], attributes: Record<string, AttributeInstance | AttributeInstance[]>): Entity {
  return {
    id, types: types.map(expand), scope,
    attributes: new Map(Object.entries(attributes).map(([k, v]) => [expand(k), Array.isArray(v) ? v : [v]])),
  };
}

export const PARIS_BLOCK: GeoJsonGeometry = { type: 'Polygon', coordinates: [[[2.30, 48.85], [2.40, 48.85], [2.40, 48.90], [2.30, 48.90], [2.30, 48.85]]] };

export const ENTITIES: readonly Entity[] = [
  entity(sensor(1), ['Sensor'], ['/Madrid/Gardens'], {
    temperature: prop(20, { observedAt: '2024-01-01T10:00:00Z', unitCode: 'CEL', subAttributes: sub({ accuracy: prop(0.5) }) }),
    name: prop('Alpha'), on: prop(true), installed: prop(dateTime('2023-05-01T00:00:00Z')),
    config: prop({ [`${EX}net`]: { [`${EX}port`]: 80 }, [`${EX}mode`]: 'a' }),
    location: geo({ type: 'Point', coordinates: [-3.70, 40.41] }), owner: rel('urn:ngsi-ld:Person:1'),
    label: text({ en: 'Hello', fr: 'Bonjour' }), category: vocab('Sensor'),
  }),
  entity(sensor(2), ['Sensor'], ['/Madrid'], {
    temperature: [prop(25.5), prop(99, { datasetId: 'urn:ds:raw' })],
    name: prop('Beta'), on: prop(false), installed: prop(dateTime('2024-02-01T00:00:00Z')),
    config: prop({ [`${EX}net`]: { [`${EX}port`]: 443 } }),
    location: geo({ type: 'Point', coordinates: [2.17, 41.38] }),
    label: text({ en: 'Good day', fr: 'Hello' }), category: vocab('Actuator', 'Sensor'),
  }),
  entity(sensor(3), ['Sensor', 'Device'], ['/Paris/Nord'], {
    temperature: prop(30), name: prop('gamma'), location: geo(PARIS_BLOCK), owner: rel('urn:ngsi-ld:Person:2'),
    category: rel(expand('Sensor')), // a Relationship whose object is the IRI a vocab term expands to
  }),
  entity('urn:ngsi-ld:Room:R1', ['Room'], [], { name: prop('Alpha room') }),
];

const RDF = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
/** Machine E1: status "Running" stored as an enumeration individual; E2: a plain string; B1: bare natural triples. */
const TRIG = `
@prefix ex: <${EX}> . @prefix rdf: <${RDF}> . @prefix cf: <${CF}> . @prefix ngsi: <${NGSI}> .
<urn:ngsi-ld:Machine:E1> {
  <urn:ngsi-ld:Machine:E1> a ex:Machine ; ex:status ex:MachineStatus_Running .
  <https://w3id.org/continuum-fabric/.well-known/genid/attr/e1status> rdf:reifies <<( <urn:ngsi-ld:Machine:E1> ex:status ex:MachineStatus_Running )>> ;
    cf:attributeKind ngsi:Property ; cf:attribute ex:status ; cf:subject <urn:ngsi-ld:Machine:E1> ;
    cf:jsonValue "\\"Running\\""^^rdf:JSON .
}
<urn:ngsi-ld:Machine:E2> { <urn:ngsi-ld:Machine:E2> a ex:Machine ; ex:status "Stopped" . }
<urn:ngsi-ld:Machine:B1> { <urn:ngsi-ld:Machine:B1> a ex:Machine ; ex:temperature 12 ; ex:owner <urn:ngsi-ld:Person:1> . }
`;

export async function queryStore(): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts: ENTITIES.flatMap((e) => entityToQuads(e)) });
  await store.load(TRIG, { format: 'application/trig' });
  return store;
}
