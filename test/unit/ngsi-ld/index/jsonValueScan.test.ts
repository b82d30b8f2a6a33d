/**
 * jsonValueScan: the rdf:JSON-valued statements (in named graphs) a change record adds or removes, as
 * SPARQL's `GRAPH ?g { ?s ?p ?j FILTER(DATATYPE(?j) = rdf:JSON) }` would see them, read from the
 * N-Quads text of the change feed; lines it cannot read make it unsure.
 */
import { scanJsonValues } from '../../../../fabric/ngsi-ld/index/jsonValueScan.js';

const JSON_DT = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON>';
const line = (s: string, p: string, o: string, g?: string): string => `${s} ${p} ${o}${g ? ` ${g}` : ''} .\n`;

test('inserted and deleted JSON values in named graphs, by predicate; deletes first', () => {
  const deletes = line('<urn:e:1>', '<urn:p:a>', `"[1,2]"^^${JSON_DT}`, '<urn:e:1>');
  const inserts = line('<urn:e:1>', '<urn:p:a>', `"{\\"x\\":1}"^^${JSON_DT}`, '<urn:e:1>')
    + line('<urn:e:2>', '<urn:p:b>', `"[]"^^${JSON_DT}`, '_:g1')
    + line('<urn:e:2>', '<urn:p:c>', '"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '<urn:e:2>');
  expect(scanJsonValues(deletes, inserts)).toEqual({
    changes: [{ predicate: 'urn:p:a', added: false }, { predicate: 'urn:p:a', added: true }, { predicate: 'urn:p:b', added: true }],
    unsure: false,
  });
});

test('not counted: the default graph, other datatypes, language strings, triple terms, a lexical form that spells the datatype', () => {
  const inserts = line('<urn:e:1>', '<urn:p:a>', `"[1]"^^${JSON_DT}`) // default graph
    + line('<urn:e:1>', '<urn:p:a>', '"[1]"', '<urn:e:1>')
    + line('<urn:e:1>', '<urn:p:a>', '"JSON>"@en', '<urn:e:1>')
    + line('<urn:r:1>', '<http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies>', `<<( <urn:e:1> <urn:p:a> "[1]"^^${JSON_DT} )>>`, '<urn:e:1>')
    + line('<urn:e:1>', '<urn:p:a>', `"x\\"^^${JSON_DT}"`, '<urn:e:1>')
    + line('<urn:e:1>', '<urn:p:a>', `"x\\"^^${JSON_DT}"^^<http://www.w3.org/2001/XMLSchema#string>`, '<urn:e:1>');
  expect(scanJsonValues('', inserts)).toEqual({ changes: [], unsure: false });
});

test('escaped IRIs (predicate or datatype) are read by the parser', () => {
  const inserts = line('<urn:e:1>', '<urn:p:\\u0061>', `"[1]"^^${JSON_DT}`, '<urn:e:1>')
    + line('<urn:e:1>', '<urn:p:b>', '"[2]"^^<http://www.w3.org/1999/02/22-rdf-syntax-ns\\u0023JSON>', '<urn:e:1>')
    + line('<urn:e:1>', '<urn:p:c>', '"\\u00e9"', '<urn:e:1>');
  expect(scanJsonValues('', inserts)).toEqual({
    changes: [{ predicate: 'urn:p:a', added: true }, { predicate: 'urn:p:b', added: true }], unsure: false,
  });
});

test('a line that may hold a JSON value but cannot be read makes the scan unsure', () => {
  expect(scanJsonValues('', `<urn:e:1> <urn:p:a> "[1]"^^${JSON_DT} <urn:e:1> <urn:extra> .\n`).unsure).toBe(true);
  // Lines without "JSON>" or an escape are not read at all.
  expect(scanJsonValues('', '<urn:e:1> <urn:p:a> "x" <urn:e:1> <urn:extra> .\n')).toEqual({ changes: [], unsure: false });
});

test('a line holding several needles is read once; the last line may lack its newline', () => {
  const inserts = line('<urn:e:1>', '<urn:p:a>', `"[\\"\\\\u00e9\\"]"^^${JSON_DT}`, '<urn:e:1>') + `<urn:e:2> <urn:p:b> "[2]"^^${JSON_DT} <urn:e:2> .`;
  expect(scanJsonValues('', inserts)).toEqual({
    changes: [{ predicate: 'urn:p:a', added: true }, { predicate: 'urn:p:b', added: true }], unsure: false,
  });
});
