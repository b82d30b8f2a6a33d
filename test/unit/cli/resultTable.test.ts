import { renderTable, renderTerm } from '../../../fabric/cli/resultTable.js';
import { FabricClientError } from '../../../fabric/client/FabricClient.js';
import { readQueryText } from '../../../fabric/cli/commands/queryCommand.js';

describe('renderTable (SPARQL 1.1 Query Results JSON → aligned text)', () => {
  it('aligns columns, leaves unbound cells empty and counts rows', () => {
    const text = renderTable({ head: { vars: ['ie', 'cores'] }, results: { bindings: [
      { ie: { type: 'uri', value: 'urn:ngsi-ld:InfrastructureElement:cloud:00001' }, cores: { type: 'literal', value: '16', datatype: 'http://www.w3.org/2001/XMLSchema#integer' } },
      { ie: { type: 'bnode', value: 'b0' } },
    ] } });
    expect(text).toBe([
      'ie                                            | cores',
      '----------------------------------------------+------',
      'urn:ngsi-ld:InfrastructureElement:cloud:00001 | 16',
      '_:b0                                          |',
      '(2 rows)', ''].join('\n'));
  });
  it('prints ASK results as true/false and keeps language tags and unusual datatypes visible', () => {
    expect(renderTable({ head: {}, boolean: false })).toBe('false\n');
    expect(renderTerm({ type: 'literal', value: 'Hallo', 'xml:lang': 'de' })).toBe('"Hallo"@de');
    expect(renderTerm({ type: 'literal', value: 'POINT(1 2)', datatype: 'http://www.opengis.net/ont/geosparql#wktLiteral' }))
      .toBe('"POINT(1 2)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>');
  });
});

describe('FabricClientError.describe (RFC 7807 → readable text)', () => {
  it('shows status, title, detail, position and extension members', () => {
    const e = new FabricClientError(400, { type: 'https://uri.etsi.org/ngsi-ld/errors/InvalidRequest', title: 'SPARQL syntax error', status: 400, detail: 'expected WHERE', line: 1, column: 8, hint: 'x' }, '');
    expect(e.describe()).toBe('400 SPARQL syntax error: expected WHERE (line 1, column 8)\n  type: https://uri.etsi.org/ngsi-ld/errors/InvalidRequest\n  hint: x');
    expect(new FabricClientError(502, undefined, 'Bad gateway').describe()).toBe('HTTP 502: Bad gateway');
  });
});

describe('readQueryText', () => {
  it('needs exactly one of an argument or --file', () => {
    expect(readQueryText('ASK {}', undefined)).toBe('ASK {}');
    expect(() => readQueryText(undefined, undefined)).toThrow(/No query/);
    expect(() => readQueryText('ASK {}', 'q.rq')).toThrow(/not both/);
  });
});
