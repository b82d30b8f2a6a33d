/**
 * changeRecordScan: which entity graphs a change of the store's feed touches and which type triples
 * it adds or removes (docs/ngsi-ld-mapping.md: entity = graph named by its id), from N-Quads text as
 * the store writes it and as users load it.
 */
import { scanChange } from '../../../../fabric/ngsi-ld/index/changeRecordScan.js';

const TYPE = '<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>';

test('graphs and type triples of canonical N-Quads, triple terms and escaped literals included', () => {
  const inserts = [
    `<urn:e:1> ${TYPE} <urn:T> <urn:e:1> .`,
    '<urn:r:1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> <<( <urn:e:1> <urn:p> "x > y" )>> <urn:e:1> .',
    '<urn:r:1> <urn:json> "\\"Ready\\" <urn:fake> ."^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#JSON> <urn:e:2> .',
    '<urn:s> <urn:p> "in the default graph" .',
    `<urn:e:3> ${TYPE} <urn:T> <urn:other> .`,
  ].join('\n');
  const deletes = `<urn:e:4> ${TYPE} <urn:U> <urn:e:4> .\n`;
  const scanned = scanChange(deletes, inserts);
  expect([...scanned.touched].sort()).toEqual(['urn:e:1', 'urn:e:2', 'urn:e:4', 'urn:other']);
  expect(scanned.typeChanges).toEqual([
    { id: 'urn:e:4', type: 'urn:U', added: false },
    { id: 'urn:e:1', type: 'urn:T', added: true },
  ]);
});

test('user text: tabs, comments, no space before the dot, escaped IRIs, blank nodes, literal types', () => {
  const inserts = [
    '# a comment line',
    `<urn:e:1>\t${TYPE}\t<urn:T>\t<urn:e:1>. # trailing comment <urn:nope> .`,
    `<urn:e:\\u0032> ${TYPE} <urn:T> <urn:e:\\u0032> .`,
    '_:b <urn:p> "v"@en <urn:e:3> .',
    `<urn:e:5> ${TYPE} "T" <urn:e:5> .`,
  ].join('\n');
  const scanned = scanChange('', inserts);
  expect([...scanned.touched].sort()).toEqual(['urn:e:1', 'urn:e:2', 'urn:e:3', 'urn:e:5']);
  expect(scanned.typeChanges.map((c) => [c.id, c.type.startsWith('urn:') ? c.type : 'non-IRI'])).toEqual([
    ['urn:e:1', 'urn:T'], ['urn:e:2', 'urn:T'], ['urn:e:5', 'non-IRI'],
  ]);
});
