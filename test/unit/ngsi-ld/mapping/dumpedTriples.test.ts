/**
 * mapping/dumpedTriples.ts: the reader of a store's one-graph N-Triples dump gives exactly n3's quads.
 * Differential on three kinds of text: oxigraph's dumps of random quads (every kind of term, escapes,
 * unicode, language tags, datatypes, blank nodes, nested RDF 1.2 triple terms), which it must read;
 * those dumps with random edits, where it either answers undefined or agrees with n3 (never differs,
 * never accepts what n3 refuses); and texts of other shapes, which go to n3 through parseGraphText.
 */
import fc from 'fast-check';
import type * as RDF from '@rdfjs/types';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { readDumpedTriples } from '../../../../fabric/ngsi-ld/mapping/dumpedTriples.js';
import { parseGraphText, parseWithN3, readEntityGraph } from '../../../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { termFactory as f } from '../../../../fabric/ngsi-ld/mapping/termFactory.js';
import { entityToQuads } from '../../../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { expandEntity } from '../../../../fabric/ngsi-ld/codec/expandEntity.js';
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import { createdEntity } from '../../../../fabric/ngsi-ld/service/entityEdits.js';
import { generatedEntity } from './generatedEntities.js';

const GRAPH = 'urn:ngsi-ld:Thing:dump';
const G = f.namedNode(GRAPH);

/** Every field n3 and the reader set, term by term (a triple term's graph included). */
function shape(term: RDF.Term): unknown {
  switch (term.termType) {
    case 'Literal': return ['L', term.value, term.language, term.datatype.termType, term.datatype.value, (term as { direction?: string }).direction ?? ''];
    case 'Quad': return ['Q', shape(term.subject), shape(term.predicate), shape(term.object), shape(term.graph)];
    default: return [term.termType, term.value];
  }
}
const shapes = (quads: readonly RDF.Quad[]): unknown[] => quads.map(shape);

const n3OrError = (text: string): RDF.Quad[] | Error => {
  try {
    return parseWithN3(text, G);
  } catch (error) {
    return error as Error;
  }
};

const iri = fc.oneof(
  fc.constantFrom('urn:ngsi-ld:Thing:dump', 'https://example.org/ns#p', 'http://www.w3.org/2001/XMLSchema#string', 'urn:x:é✓', 'https://example.org/a?b=c&d#e'),
  fc.stringMatching(/^[a-zA-Z0-9._~-]{1,12}$/).map((s) => `https://example.org/${s}`),
).map((v) => f.namedNode(v));
const blank = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9]{0,6}$/).map((v) => f.blankNode(v));
const lexical = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('', '"', '\\', '\\u0041', '\n\r\t\b\f', '\u0000\u001f\u007f', 'a"b\\"c', '😀𝄞', '{"a":[1,"x"]}'));
const literal: fc.Arbitrary<RDF.Literal> = fc.oneof(
  lexical.map((v) => f.literal(v)),
  fc.tuple(lexical, fc.constantFrom('en', 'EN', 'de-CH', 'zh-Hant-TW', 'x-private1')).map(([v, l]) => f.literal(v, l)),
  fc.tuple(lexical, iri).map(([v, d]) => f.literal(v, d)),
  fc.constantFrom(['5', 'integer'], ['+5', 'integer'], ['1.5e0', 'double'], ['2026-01-01T00:00:00.120Z', 'dateTime'], ['true', 'boolean'])
    .map(([v, d]) => f.literal(v, f.namedNode(`http://www.w3.org/2001/XMLSchema#${d}`))),
);
const subject: fc.Arbitrary<RDF.Quad_Subject> = fc.oneof({ weight: 4, arbitrary: iri }, { weight: 1, arbitrary: blank });
const tripleTerm: fc.Arbitrary<RDF.Quad> = fc.letrec<{ t: RDF.Quad; o: RDF.Quad_Object }>((tie) => ({
  t: fc.tuple(subject, iri, tie('o')).map(([s, p, o]) => f.quad(s, p, o)),
  o: fc.oneof({ depthSize: 'small', withCrossShrink: true }, literal, iri, blank, tie('t')),
})).t;
const object: fc.Arbitrary<RDF.Quad_Object> = fc.oneof(literal, iri, blank, tripleTerm);
const quads = fc.array(fc.tuple(subject, iri, object).map(([s, p, o]) => f.quad(s, p, o, G)), { minLength: 1, maxLength: 12 });

async function dumped(inserts: RDF.Quad[]): Promise<string> {
  const store = new MemoryGraphStore();
  await store.commit({ deletes: [], inserts });
  return store.dump('application/n-triples', GRAPH);
}

describe('readDumpedTriples', () => {
  test('reads every dump oxigraph prints, as n3 does', async () => {
    await fc.assert(fc.asyncProperty(quads, async (written) => {
      const text = await dumped(written);
      const read = readDumpedTriples(text, G);
      expect(read).toBeDefined();
      expect(shapes(read!)).toEqual(shapes(parseWithN3(text, G)));
      expect(read!.length).toBeGreaterThan(0);
    }), { numRuns: 300, seed: 20261205 });
  });

  test('reads the dumps of NGSI-LD entities (reifiers, triple terms, JSON literals) as n3 does', async () => {
    const ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
    await fc.assert(fc.asyncProperty(generatedEntity(), async (json) => {
      const store = new MemoryGraphStore();
      await store.commit({ deletes: [], inserts: entityToQuads(createdEntity({ ...expandEntity({ ...json, id: GRAPH }, ctx), id: GRAPH }, '2026-12-05T03:00:00.120Z')) });
      const text = store.dump('application/n-triples', GRAPH);
      expect(shapes(readDumpedTriples(text, G)!)).toEqual(shapes(parseWithN3(text, G)));
      expect(shapes(readEntityGraph(store, GRAPH))).toEqual(shapes(parseWithN3(text, G)));
    }), { numRuns: 60, seed: 20261205 });
  });

  test('on an edited dump it answers undefined or what n3 reads, and never reads what n3 refuses', async () => {
    const edit = fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.constantFrom('', ' ', '  ', '\\', '"', '<', '>', '_:', '@', '^^', '.', '\n', '\r\n', '#', '<<( ', ' )>>', '--ltr', '\\u00', '\\uD800', 'é', '{', 'x:'));
    let read = 0;
    await fc.assert(fc.asyncProperty(quads, fc.array(edit, { minLength: 1, maxLength: 3 }), async (written, edits) => {
      let text = await dumped(written);
      for (const [at, cut, insert] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + insert + text.slice(i + cut);
      }
      const mine = readDumpedTriples(text, G);
      if (mine === undefined) return;
      read++;
      const theirs = n3OrError(text);
      expect(theirs).not.toBeInstanceOf(Error);
      expect(shapes(mine)).toEqual(shapes(theirs as RDF.Quad[]));
    }), { numRuns: 1500, seed: 20261205 });
    expect(read).toBeGreaterThan(100); // not vacuous: many edited texts were still read (and agreed with n3)
  });

  test.each([
    ['an escaped IRI', '<urn:a> <urn:p> <urn:\\u0041> .\n'],
    ['a comment', '# note\n<urn:a> <urn:p> "x" .\n'],
    ['two spaces', '<urn:a>  <urn:p> "x" .\n'],
    ['a directional string', '<urn:a> <urn:p> "x"@en--ltr .\n'],
    ['a relative IRI', '<urn:a> <urn:p> <b> .\n'],
    ['a lone surrogate escape', '<urn:a> <urn:p> "\\uD800" .\n'],
    ['a blank-node label ending in a dot', '_:b. <urn:p> "x" .\n'],
  ])('leaves a text with %s to n3', (_name, text) => {
    expect(readDumpedTriples(text, G)).toBeUndefined();
    const n3 = n3OrError(text);
    if (n3 instanceof Error) expect(() => parseGraphText(text, GRAPH)).toThrow();
    else expect(shapes(parseGraphText(text, GRAPH))).toEqual(shapes(n3));
  });

  test('reads an empty dump, CRLF line ends and a last line without a line end', () => {
    expect(readDumpedTriples('', G)).toEqual([]);
    const text = '<urn:a> <urn:p> "x"@en .\r\n<urn:a> <urn:p> _:b1 .';
    expect(shapes(readDumpedTriples(text, G)!)).toEqual(shapes(parseWithN3(text, G)));
  });
});
