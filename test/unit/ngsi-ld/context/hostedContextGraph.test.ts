/**
 * The RDF form of hosted @contexts (GS CIM 009 v1.8 §5.13.2) in the contexts graph: natural RDF that
 * SPARQL can read, read back exactly, and resources that are not whole hosted contexts are skipped with
 * the reason, never half-read.
 */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { hostedContextQuads, readHostedContexts } from '../../../../fabric/ngsi-ld/context/hostedContextGraph.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';

const URL_A = 'http://127.0.0.1:1026/ngsi-ld/v1/jsonldContexts/a';
const URL_B = 'http://127.0.0.1:1026/ngsi-ld/v1/jsonldContexts/b';
const recordA = { localId: 'a', url: URL_A, document: { '@context': { speed: 'https://example.org/speed', 'x"y': ['\n', 1.5] } }, createdAt: new Date('2026-12-04T16:00:00.123Z') };
const recordB = { localId: 'b', url: URL_B, document: { '@context': 'https://example.org/other.jsonld' }, createdAt: new Date('2026-12-04T15:00:00Z') };

async function storeWith(...records: Array<typeof recordA | typeof recordB>): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts: records.flatMap(hostedContextQuads) });
  return store;
}

describe('hostedContextGraph', () => {
  it('writes natural RDF in the contexts graph that SPARQL reads', async () => {
    const store = await storeWith(recordA);
    const result = await store.query(`PREFIX cf: <https://w3id.org/continuum-fabric/ns#>
      SELECT ?id ?json WHERE { GRAPH <${GRAPHS.contexts}> { <${URL_A}> a cf:HostedContext ; cf:contextLocalId ?id ; cf:contextDocument ?json
        FILTER(datatype(?json) = <http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>) } }`);
    expect(result.kind).toBe('bindings');
    const rows = result.kind === 'bindings' ? result.rows : [];
    expect(rows.map((r) => [r.get('id')?.value, JSON.parse(r.get('json')!.value)])).toEqual([['a', recordA.document]]);
  });

  it('reads back every record exactly, oldest first', async () => {
    const store = await storeWith(recordA, recordB);
    expect(readHostedContexts(store)).toEqual({ records: [recordB, recordA], skipped: [] });
  });

  it('skips resources that are not whole hosted contexts and names them', async () => {
    const store = await storeWith(recordA);
    const g = `<${GRAPHS.contexts}>`;
    await store.update(`PREFIX cf: <https://w3id.org/continuum-fabric/ns#> PREFIX dct: <http://purl.org/dc/terms/>
      PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
      INSERT DATA { GRAPH ${g} {
        <urn:no-type> cf:contextLocalId "n" .
        <urn:bad-json> a cf:HostedContext ; cf:contextLocalId "j" ; cf:contextDocument "{oops"^^rdf:JSON ; dct:created "2026-12-04T16:00:00Z"^^xsd:dateTime .
        <urn:no-context> a cf:HostedContext ; cf:contextLocalId "c" ; cf:contextDocument "[1]"^^rdf:JSON ; dct:created "2026-12-04T16:00:00Z"^^xsd:dateTime .
        <urn:two-ids> a cf:HostedContext ; cf:contextLocalId "1", "2" ; cf:contextDocument "{\\"@context\\":{}}"^^rdf:JSON ; dct:created "2026-12-04T16:00:00Z"^^xsd:dateTime .
        <urn:plain-string> a cf:HostedContext ; cf:contextLocalId "p" ; cf:contextDocument "{\\"@context\\":{}}" ; dct:created "2026-12-04T16:00:00Z"^^xsd:dateTime .
        <urn:no-time> a cf:HostedContext ; cf:contextLocalId "t" ; cf:contextDocument "{\\"@context\\":{}}"^^rdf:JSON .
        [] a cf:HostedContext .
      } }`);
    const { records, skipped } = readHostedContexts(store);
    expect(records).toEqual([recordA]);
    const named = skipped.map((s) => (s.startsWith('_:') ? '_:' : s.split(': ')[0])).sort();
    expect(named).toEqual(['_:', 'urn:bad-json', 'urn:no-context', 'urn:no-time', 'urn:no-type', 'urn:plain-string', 'urn:two-ids']);
  });
});
