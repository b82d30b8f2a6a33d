/**
 * "SPARQL sees the data naturally" (issue 3): IEs written through NGSI-LD — one with the
 * continuum @context, one with the Smart Data Models @context — are found with plain
 * triples in a MemoryGraphStore. The continuum IE answers
 * `?ie a aeros:InfrastructureElement ; aeros:cpuCores ?c` directly; the Smart Data Models
 * IE carries sdm: IRIs, which the ontology aligns with owl:equivalentClass /
 * owl:equivalentProperty: until the reasoner (issue 4) materializes those equivalences,
 * the documented query follows them with property paths (docs/ngsi-ld-mapping.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { aerosIe, sdmExamples } from '../ngsiLdTestData.js';

const PREFIXES = 'PREFIX aeros: <https://w3id.org/aerOS/continuum#> PREFIX owl: <http://www.w3.org/2002/07/owl#>\n';
const NATURAL = `${PREFIXES}SELECT ?ie ?c WHERE { ?ie a aeros:InfrastructureElement ; aeros:cpuCores ?c } ORDER BY ?ie`;
/** The query for data written with other vocabularies aligned in the ontology (until issue 4 materializes equivalences). */
const WITH_EQUIVALENCES = `${PREFIXES}SELECT ?ie ?c WHERE {
  ?class (owl:equivalentClass|^owl:equivalentClass)* aeros:InfrastructureElement .
  ?cores (owl:equivalentProperty|^owl:equivalentProperty)* aeros:cpuCores .
  ?ie a ?class ; ?cores ?c .
} ORDER BY ?ie`;

async function storeWithBothIes(): Promise<MemoryGraphStore> {
  const resolver = new ContextResolver();
  const store = new MemoryGraphStore();
  const aeros = aerosIe();
  const sdm = sdmExamples().find((e) => e.file === 'InfrastructureElement.normalized.jsonld')!.json;
  for (const json of [aeros, sdm]) {
    const entity = expandEntity(json, await resolver.resolve(json['@context']));
    await store.commit({ deletes: [], inserts: entityToQuads(entity) });
  }
  await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  return store;
}

async function rows(store: MemoryGraphStore, sparql: string): Promise<string[][]> {
  const result = await store.query(sparql);
  if (result.kind !== 'bindings') throw new Error('expected bindings');
  return result.rows.map((r) => [r.get('ie')!.value, r.get('c')!.value]);
}

describe('IEs written through NGSI-LD are found by natural SPARQL', () => {
  it('the continuum-context IE: ?ie a aeros:InfrastructureElement ; aeros:cpuCores ?c', async () => {
    const store = await storeWithBothIes();
    expect(await rows(store, NATURAL)).toEqual([['urn:ngsi-ld:InfrastructureElement:Domain01:worker-7a', '8']]);
  });

  it('the Smart Data Models IE has sdm: IRIs; following owl:equivalent* finds both IEs', async () => {
    const store = await storeWithBothIes();
    expect(await rows(store, WITH_EQUIVALENCES)).toEqual([
      ['urn:ngsi-ld:InfrastructureElement:Domain01:worker-7a', '8'],
      ['urn:ngsi-ld:InfrastructureElement:Production:00155dc09474', '4'],
    ]);
  });

  it('values are plain literals, not hasValue nodes', async () => {
    const store = await storeWithBothIes();
    const result = await store.query(`${PREFIXES}SELECT (DATATYPE(?c) AS ?dt) WHERE { ?ie <https://smartdatamodels.org/dataModel.IT/cpuCores> ?c }`);
    if (result.kind !== 'bindings') throw new Error('expected bindings');
    expect(result.rows.map((r) => r.get('dt')!.value)).toEqual(['http://www.w3.org/2001/XMLSchema#integer']);
  });
});
