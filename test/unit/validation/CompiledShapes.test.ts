/**
 * CompiledShapes (the NGSI-LD write path's SHACL) must say exactly what the general engine says:
 * - on the W3C SHACL core suite, every case whose shapes compile gives the expected results;
 * - on the continuum's own shapes (shapes/*.ttl, all of which compile), random instances of every targeted class
 *   with random values (well- and ill-formed literals of many datatypes, IRIs, blank nodes, 0–3 values per
 *   property) give the same results as shacl-engine (ShaclValidator), messages included.
 */
import fc from 'fast-check';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { CompiledShapes } from '../../../fabric/validation/CompiledShapes.js';
import { ShaclValidator } from '../../../fabric/validation/ShaclValidator.js';
import { loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import type { ValidationResultEntry } from '../../../fabric/validation/ValidationReport.js';
import { cases, key } from './w3cShaclCases.js';

const { quad, namedNode, literal, blankNode } = N3.DataFactory;
const SH = 'http://www.w3.org/ns/shacl#';
const XSD = 'http://www.w3.org/2001/XMLSchema#';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

describe('CompiledShapes on the W3C SHACL core suite (the cases whose shapes compile)', () => {
  const compiled = cases.map((c) => ({ c, shapes: CompiledShapes.compile(c.shapes) })).filter((x) => x.shapes !== undefined);

  it('compiles a good part of the suite and refuses the rest (no half-compiled shape)', () => {
    expect(compiled.length).toBeGreaterThanOrEqual(30);
    expect(compiled.length).toBeLessThan(cases.length);
    // A shape with sh:class is outside the compiled subset.
    expect(CompiledShapes.compile(new N3.Parser().parse(`@prefix sh: <${SH}> . <urn:s> sh:targetNode <urn:x> ; sh:property [ sh:path <urn:p> ; sh:class <urn:C> ] .`))).toBeUndefined();
  });

  it.each(compiled.map(({ c, shapes }) => [c.name, c, shapes!] as const))('%s', (_name, c, shapes) => {
    const results = shapes.validate(c.data);
    expect(results.length === 0).toBe(c.expectedConforms);
    expect(results.map(key).sort()).toEqual([...c.expected].sort());
  });
});

describe('CompiledShapes agrees with shacl-engine on the continuum shapes', () => {
  const shapes = loadShapes();
  const subclassing = loadOntology().filter((q) => q.predicate.value === 'http://www.w3.org/2000/01/rdf-schema#subClassOf');
  const compiled = CompiledShapes.compile([...shapes, ...subclassing]);
  const engine = new ShaclValidator([...shapes, ...subclassing]);
  const targets = [...new Set(shapes.filter((q) => q.predicate.value === `${SH}targetClass`).map((q) => q.object.value))].sort();
  const paths = [...new Set(shapes.filter((q) => q.predicate.value === `${SH}path`).map((q) => q.object.value))].sort();

  it('compiles every shape of shapes/', () => {
    expect(compiled).toBeDefined();
    expect(targets.length).toBeGreaterThan(10);
  });

  const anyValue: fc.Arbitrary<RDF.Term> = fc.oneof(
    fc.integer({ min: -5, max: 200 }).map((n) => literal(String(n), namedNode(`${XSD}integer`))),
    fc.double({ min: -10, max: 150, noNaN: true }).map((n) => literal(String(n), namedNode(`${XSD}double`))),
    fc.constantFrom('1.5', '-0.25', '100.0', '1e3').map((s) => literal(s, namedNode(`${XSD}decimal`))),
    fc.constantFrom('abc', '', 'x1', '12').map((s) => literal(s, namedNode(`${XSD}integer`))), // ill-formed mostly
    fc.string({ maxLength: 6 }).map((s) => literal(s)),
    fc.constantFrom('en', 'de').map((l) => literal('text', l)),
    fc.boolean().map((b) => literal(String(b), namedNode(`${XSD}boolean`))),
    fc.constantFrom('2026-11-20T10:15:00Z', '2026-11-20T10:15:00', 'not a date').map((s) => literal(s, namedNode(`${XSD}dateTime`))),
    fc.constantFrom('https://example.org/x', 'urn:ngsi-ld:Thing:1').map((s) => literal(s, namedNode(`${XSD}anyURI`))),
    fc.constantFrom(...paths.slice(0, 3), 'https://w3id.org/aerOS/continuum#ReadyInfrastructureElement', 'urn:ngsi-ld:Domain:d1').map((s) => namedNode(s)),
    fc.constant(blankNode('b1')),
  );
  const instance = fc.record({
    type: fc.constantFrom(...targets),
    values: fc.array(fc.tuple(fc.constantFrom(...paths), fc.array(anyValue, { maxLength: 3 })), { maxLength: 12 }),
  });

  const sorted = (rs: ValidationResultEntry[]) => rs.map((r) => JSON.stringify([r.focusNode, r.path, r.value, r.severity, r.sourceShape, r.constraint, r.message])).sort();

  it('gives the same results, messages included, for random instances of every targeted class', async () => {
    await fc.assert(fc.asyncProperty(instance, async ({ type, values }) => {
      const e = namedNode('urn:ngsi-ld:Thing:e1');
      const data: RDF.Quad[] = [quad(e, namedNode(RDF_TYPE), namedNode(type), e), ...values.flatMap(([p, os]) => os.map((o) => quad(e, namedNode(p), o as RDF.Quad_Object, e)))];
      const expected = (await engine.validate(data)).results;
      expect(sorted(compiled!.validate(data))).toEqual(sorted(expected));
    }), { numRuns: 300 });
  });
});
