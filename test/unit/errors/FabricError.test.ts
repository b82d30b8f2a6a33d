import { QueryTimeoutError, SparqlSyntaxError } from '../../../fabric/errors/FabricError.js';
import oxigraph from 'oxigraph';

describe('FabricError (GS CIM 009 §5.5.1)', () => {
  it('renders an RFC 7807 body with the ETSI type URI', () => {
    const p = new SparqlSyntaxError('expected WHERE', 1, 25).toProblem();
    expect(p).toEqual({ type: 'https://uri.etsi.org/ngsi-ld/errors/InvalidRequest', title: 'SPARQL syntax error', status: 400, detail: 'expected WHERE', line: 1, column: 25 });
  });
  it('maps a query timeout to 503 TooComplexQuery', () => {
    const e = new QueryTimeoutError(30000);
    expect([e.status, e.typeUri]).toEqual([503, 'https://uri.etsi.org/ngsi-ld/errors/TooComplexQuery']);
    expect(new oxigraph.Store().size).toBe(0);
  });
});
