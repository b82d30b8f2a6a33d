/** ShaclValidator on small hand-written cases, formatReport, and the package-root loaders. */
import { mkdtempSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import { ShaclValidator } from '../../../fabric/validation/ShaclValidator.js';
import { formatReport } from '../../../fabric/validation/ValidationReport.js';
import { loadOntology, loadShapes, packageRoot } from '../../../fabric/validation/modelFiles.js';

const ttl = (s: string) => new N3.Parser().parse(`@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n${s}`);

const shapes = ttl(`
ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
  sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:maxCount 1 ; sh:minInclusive 0 ] ;
  sh:property [ sh:path ex:knows ; sh:nodeKind sh:IRI ; sh:severity sh:Warning ; sh:message "knows must be an IRI"@en ] ;
  sh:property [ sh:path ( ex:parent ex:name ) ; sh:minCount 1 ] .`);

describe('ShaclValidator', () => {
  const validator = new ShaclValidator(shapes);

  it('conforms for valid data (array of quads or a dataset)', async () => {
    const data = ttl('ex:a a ex:Person ; ex:age 30 ; ex:parent [ ex:name "P" ] .');
    expect(await validator.validate(data)).toEqual({ conforms: true, results: [] });
    expect((await validator.validate(new N3.Store(data))).conforms).toBe(true);
  });

  it('reports focus node, path, value, severity, shape and constraint', async () => {
    const report = await validator.validate(ttl('ex:a a ex:Person ; ex:age -1, 2 ; ex:knows "bob" ; ex:parent [ ex:name "P" ] .'));
    expect(report.conforms).toBe(false);
    const rows = report.results.map((r) => [r.focusNode, r.path, r.value, r.severity, r.constraint.replace('http://www.w3.org/ns/shacl#', '')]).sort();
    expect(rows).toEqual([
      ['http://example.org/a', '<http://example.org/age>', null, 'Violation', 'MaxCountConstraintComponent'],
      ['http://example.org/a', '<http://example.org/age>', '-1', 'Violation', 'MinInclusiveConstraintComponent'],
      ['http://example.org/a', '<http://example.org/knows>', 'bob', 'Warning', 'NodeKindConstraintComponent'],
    ]);
    expect(report.results.find((r) => r.severity === 'Warning')?.message).toBe('knows must be an IRI');
    expect(report.results.every((r) => r.sourceShape.length > 0)).toBe(true);
  });

  it('renders sequence paths', async () => {
    const report = await validator.validate(ttl('ex:a a ex:Person .'));
    expect(report.results.map((r) => r.path)).toEqual(['<http://example.org/parent>/<http://example.org/name>']);
  });

  it('resolves subclass targets when the ontology is in the shapes graph', async () => {
    const data = ttl('ex:s a ex:Student ; ex:age "7" ; ex:parent [ ex:name "P" ] .');
    expect((await validator.validate(data)).conforms).toBe(true);
    const withOntology = new ShaclValidator([...shapes, ...ttl('ex:Student rdfs:subClassOf ex:Person .')]);
    expect((await withOntology.validate(data)).results.map((r) => r.constraint.replace('http://www.w3.org/ns/shacl#', '')).sort()).toEqual([
      'DatatypeConstraintComponent',
      'MinInclusiveConstraintComponent', // a string is not comparable with 0 (SHACL §4.4.3)
    ]);
  });
});

describe('formatReport', () => {
  it('prints a summary and one line per result grouped by focus node', () => {
    const text = formatReport({
      conforms: false,
      results: [
        { focusNode: 'urn:ie:1', path: '<https://w3id.org/aerOS/continuum#cpuCores>', value: '0', message: 'Value is not greater than or equal to "1"', severity: 'Violation', sourceShape: 'https://w3id.org/continuum-fabric/shapes#InfrastructureElement-cpuCores', constraint: 'http://www.w3.org/ns/shacl#MinInclusiveConstraintComponent' },
        { focusNode: 'urn:ie:1', path: null, value: null, message: 'needs a domain', severity: 'Warning', sourceShape: '_:b1', constraint: 'http://www.w3.org/ns/shacl#OrConstraintComponent' },
      ],
    });
    expect(text.split('\n')).toEqual([
      'Conforms: no (2 results)',
      '',
      'urn:ie:1',
      '  [Violation] <https://w3id.org/aerOS/continuum#cpuCores> = 0: Value is not greater than or equal to "1"',
      '    constraint sh:MinInclusiveConstraintComponent, shape https://w3id.org/continuum-fabric/shapes#InfrastructureElement-cpuCores',
      '  [Warning]: needs a domain',
      '    constraint sh:OrConstraintComponent, shape _:b1',
    ]);
    expect(formatReport({ conforms: true, results: [] })).toBe('Conforms: yes (0 results)');
  });
});

describe('model file loaders', () => {
  const root = join(dirname(fileURLToPath(import.meta.url)), '../../..');

  it('find the package root from source and from a dist-like folder', () => {
    expect(packageRoot()).toBe(root);
    expect(packageRoot(join(root, 'dist', 'fabric', 'validation'))).toBe(root);
  });

  it('fail clearly when there is no package root', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cf-root-'));
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 'x.txt'), '');
    expect(() => packageRoot(join(dir, 'a'))).toThrow(/no package root/);
  });

  it('load the ontology and all shape files', () => {
    expect(loadOntology().length).toBeGreaterThan(900);
    const shapeQuads = loadShapes();
    // Every shapes/*.ttl file is loaded and has a node shape targeting its class (some have more, e.g. nested nodes).
    const files = readdirSync(join(packageRoot(), 'shapes')).filter((f) => f.endsWith('.ttl'));
    const targetedClasses = new Set(shapeQuads.filter((q) => q.predicate.value === 'http://www.w3.org/ns/shacl#targetClass').map((q) => q.object.value.replace(/^.*[#/]/, '')));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(targetedClasses).toContain(file.replace(/\.ttl$/, ''));
  });
});
