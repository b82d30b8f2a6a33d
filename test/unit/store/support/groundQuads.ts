/**
 * Random ground quads for the store's text paths (durable/groundDeleteData.test.ts, groundChangeText.test.ts): every kind
 * of ground term (escapes, unicode, control characters, language tags with direction, datatypes, nested RDF 1.2 triple
 * terms, default and named graphs), and the two printings the store writes (oxigraph's `toString`, rdf/termSyntax).
 */
import fc from 'fast-check';
import oxigraph from 'oxigraph';
import { termSyntax } from '../../../../fabric/rdf/termSyntax.js';

export const NQ = 'application/n-quads';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
export const parse = (text: string): oxigraph.Quad[] => oxigraph.parse(text, { format: NQ });

export const iri = fc.oneof(
  fc.constantFrom('urn:ngsi-ld:InfrastructureElement:bench:7', 'https://example.org/ns#p', `${XSD}string`, 'urn:x:é✓', 'https://example.org/a?b=c&d#e',
    'https://w3id.org/continuum-fabric/.well-known/genid/attr/KGAy8_pFiEMslG1DCgCWakBICk8'),
  fc.stringMatching(/^[a-zA-Z0-9._~/-]{0,10}$/).map((s) => `http://e.org/${s}`),
).map((v) => oxigraph.namedNode(v));
const lexical = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('', ' .', 'a . b', '"', '" .', '\\', '<', '>', '<http://e.org/x>', '#', '# x', '_:b', '^^<http://e.org/d>', '@en', ' )>>', '<<( ',
    '\n\r\t\b\f', '\u0000\u001f\u007f', "'", '😀𝄞', '{"a":[1,"x"]}', '\\u0041'),
);
const literal = fc.oneof(
  lexical.map((v) => oxigraph.literal(v)),
  fc.tuple(lexical, fc.constantFrom('en', 'EN', 'de-CH', 'zh-Hant-TW', 'x-private1')).map(([v, l]) => oxigraph.literal(v, l)),
  fc.tuple(lexical, fc.constantFrom(['en', 'ltr'], ['ar', 'rtl'], ['EN-us', 'rtl'])).map(([v, [language, direction]]) => oxigraph.literal(v, { language, direction } as never)),
  fc.tuple(lexical, iri).map(([v, d]) => oxigraph.literal(v, d)),
  fc.constantFrom(['5', 'integer'], ['+05', 'integer'], ['1.5e0', 'double'], ['2026-12-01T09:00:00Z', 'dateTime'], ['true', 'boolean'])
    .map(([v, d]) => oxigraph.literal(v, oxigraph.namedNode(`${XSD}${d}`))),
);
const tripleTerm: fc.Arbitrary<oxigraph.Quad> = fc.letrec<{ t: oxigraph.Quad; o: oxigraph.Term }>((tie) => ({
  t: fc.tuple(iri, iri, tie('o')).map(([s, p, o]) => oxigraph.quad(s, p, o as never)),
  o: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, iri, tie('t')),
})).t;
const object = fc.oneof(literal, iri, tripleTerm);
const graph = fc.oneof(fc.constant(oxigraph.defaultGraph()), iri);
export const quads = fc.array(fc.tuple(iri, iri, object, graph).map(([s, p, o, g]) => oxigraph.quad(s, p, o as never, g)), { minLength: 1, maxLength: 10 });

export const depth = (term: oxigraph.Term): number => (term.termType === 'Quad' ? 1 + depth(term.object) : 0);
export const oxigraphText = (qs: readonly oxigraph.Quad[]): string => qs.map((q) => `${q.toString()} .\n`).join('');
/** rdf/termSyntax's printing (the NGSI-LD writer's and exactChangeText's): raw control characters, language tags as given. */
export const termSyntaxText = (qs: readonly oxigraph.Quad[]): string => qs.map((q) => {
  const graphText = q.graph.termType === 'DefaultGraph' ? '' : ` ${termSyntax(q.graph)}`;
  return `${termSyntax(q.subject)} ${termSyntax(q.predicate)} ${termSyntax(q.object)}${graphText} .\n`;
}).join('');

/** Random edits of a text: at a position, cut up to 3 characters and insert one of these pieces. */
export const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', ' ', '  ', '\\', '\\\'', '"', '<', '>', '_:b', '@', '@x', '-', '--', '--xyz', '^^',
  `^^<http://www.w3.org/1999/02/22-rdf-syntax-ns#langString>`, '.', ' .', '\n', '\r\n', '#', '<<( ', ' )>>', '(', ')>>', '\\u00', 'é', '{', 'x:', 'http:', '%', '%4', '[', '\t'));

/** `text` with `edits` applied one after the other. */
export function edited(text: string, edits: ReadonlyArray<[number, number, string]>): string {
  let result = text;
  for (const [at, cut, insert] of edits) {
    const i = at % (result.length + 1);
    result = result.slice(0, i) + insert + result.slice(i + cut);
  }
  return result;
}
