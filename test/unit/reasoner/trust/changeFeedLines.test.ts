/** reasoner/trust/changeFeedLines.ts: the statements trust on change reads out of change-record N-Quads. */
import oxigraph from 'oxigraph';
import { relevantQuads } from '../../../../reasoner/trust/changeFeedLines.js';

const A = 'https://w3id.org/aerOS/continuum#';
const CF = 'https://w3id.org/continuum-fabric/ns#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const predicates = new Set([`${A}domain`, `${A}currentCpuUsage`, RDF_TYPE, `${CF}aboutInfrastructureElement`]);

/** N-Quads as the store writes it (oxigraph serializes the change feed). */
function nquads(text: string): string {
  return oxigraph.parse(text, { format: 'application/n-quads' }).map((q) => `${q.toString()} .\n`).join('');
}

describe('relevantQuads', () => {
  it('returns subject, predicate, object IRI and graph of the statements with a predicate asked for, and nothing else', () => {
    const text = nquads(`
<urn:ie:1> <${A}domain> <urn:d:edge> <urn:ie:1> .
<urn:ie:1> <${A}currentCpuUsage> "51.2"^^<http://www.w3.org/2001/XMLSchema#float> <urn:ie:1> .
<urn:ie:1> <${A}hostname> "x <${A}domain> y" <urn:ie:1> .
<urn:ie:2> <${A}currentCpuUsage> "7" .
<urn:r:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( <urn:ie:1> <${A}currentCpuUsage> "51.2"^^<http://www.w3.org/2001/XMLSchema#float> )>> <urn:ie:1> .
_:b <${A}domain> <urn:d:x> .
<urn:e:1> <${RDF_TYPE}> <${CF}SecurityAlert> <urn:e:1> .
<urn:e:1> <${CF}aboutInfrastructureElement> <urn:ie:1> <https://w3id.org/continuum-fabric/graph/trust> .
<urn:ie:3> <${A}domain> "not an IRI, with \\"quotes\\" and > signs"@en <urn:g> .
`);
    expect(relevantQuads(text, predicates)).toEqual([
      { subject: 'urn:ie:1', predicate: `${A}domain`, objectIri: 'urn:d:edge', graph: 'urn:ie:1' },
      { subject: 'urn:ie:1', predicate: `${A}currentCpuUsage`, objectIri: undefined, graph: 'urn:ie:1' },
      { subject: 'urn:ie:2', predicate: `${A}currentCpuUsage`, objectIri: undefined, graph: undefined },
      { subject: 'urn:e:1', predicate: RDF_TYPE, objectIri: `${CF}SecurityAlert`, graph: 'urn:e:1' },
      { subject: 'urn:e:1', predicate: `${CF}aboutInfrastructureElement`, objectIri: 'urn:ie:1', graph: 'https://w3id.org/continuum-fabric/graph/trust' },
      { subject: 'urn:ie:3', predicate: `${A}domain`, objectIri: undefined, graph: 'urn:g' },
    ]);
  });

  it('reads past a triple-term object (an NGSI-LD reifier) to the graph', () => {
    const REIFIES = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies';
    const text = nquads(`<urn:r:1> <${REIFIES}> <<( <urn:ie:1> <${A}currentCpuUsage> "5"^^<http://www.w3.org/2001/XMLSchema#double> )>> <urn:ie:1> .\n`);
    expect(relevantQuads(text, new Set([REIFIES]))).toEqual([{ subject: 'urn:r:1', predicate: REIFIES, objectIri: undefined, graph: 'urn:ie:1' }]);
  });

  it('reads nothing out of empty text or text without the predicates', () => {
    expect(relevantQuads('', predicates)).toEqual([]);
    expect(relevantQuads(nquads('<urn:a> <urn:p> <urn:b> .\n'), predicates)).toEqual([]);
  });
});
