import oxigraph from 'oxigraph';
import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { DEMO_DOMAINS, generateDemoContinuum, iesPerDomain } from '../../../fabric/demo/DemoContinuumGenerator.js';
import { ShaclValidator } from '../../../fabric/validation/ShaclValidator.js';
import { loadOntology, loadShapes } from '../../../fabric/validation/modelFiles.js';
import { AEROS } from '../../../fabric/rdf/namespaces.js';

const text = (opts: Parameters<typeof generateDemoContinuum>[0]) => [...generateDemoContinuum(opts)].join('');
const storeOf = (nquads: string) => {
  const store = new oxigraph.Store();
  store.load(nquads, { format: 'application/n-quads' });
  return store;
};
const select = (store: oxigraph.Store, q: string) =>
  store.query(`PREFIX aeros: <${AEROS}> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> ${q}`, { use_default_graph_as_union: true }) as Map<string, oxigraph.Term>[];

describe('DemoContinuumGenerator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(text({ ies: 40, seed: 7 })).toBe(text({ ies: 40, seed: 7 }));
    expect(text({ ies: 40, seed: 7 })).not.toBe(text({ ies: 40, seed: 8 }));
  });

  it('counts the quads it yields and chunks near the requested size', () => {
    const demo = generateDemoContinuum({ ies: 300, chunkQuads: 1000 });
    const chunks = [...demo];
    const lines = chunks.join('').split('\n').filter(Boolean).length;
    expect(demo.quads).toBe(lines);
    expect(chunks.length).toBeGreaterThan(3);
    expect(storeOf(chunks.join('')).size).toBe(lines); // no duplicates, all valid N-Quads
  });

  it('generates 3 domains with owners, the requested IEs, LLOs and services (default 50 IEs)', () => {
    const store = storeOf(text({}));
    const count = (cls: string) => Number((select(store, `SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ${cls} }`)[0].get('n') as oxigraph.Literal).value);
    expect(count('aeros:Domain')).toBe(3);
    expect(count('aeros:InfrastructureElement')).toBe(50);
    expect(count('<http://www.w3.org/ns/org#Organization>')).toBe(3);
    expect(count('aeros:LowLevelOrchestrator')).toBeGreaterThanOrEqual(3);
    expect(count('aeros:Service')).toBe(3);
    expect(count('aeros:ServiceComponent')).toBeGreaterThanOrEqual(6);
    const owners = select(store, 'SELECT ?d ?o WHERE { ?d a aeros:Domain ; aeros:owner ?o ; aeros:domainStatus ?s . ?o a <http://www.w3.org/ns/org#Organization> }');
    expect(owners.map((b) => b.get('d')!.value).sort()).toEqual(DEMO_DOMAINS.map((d) => d.id).sort());
  });

  it('gives every IE exactly one domain, a tier, a status and an LLO of its own domain', () => {
    const store = storeOf(text({ ies: 120, seed: 3 }));
    const bad = select(store, `SELECT ?ie WHERE { ?ie a aeros:InfrastructureElement .
      FILTER NOT EXISTS { ?ie aeros:domain ?d ; aeros:infrastructureElementTier ?t ; aeros:infrastructureElementStatus ?s ;
        <https://w3id.org/continuum-fabric/ns#managedBy> ?llo . ?llo aeros:belongsTo ?d } }`);
    expect(bad).toEqual([]);
    const multi = select(store, 'SELECT ?ie WHERE { ?ie aeros:domain ?a, ?b FILTER(?a != ?b) }');
    expect(multi).toEqual([]);
  });

  it('puts every entity in its own named graph (graph IRI = subject IRI)', () => {
    for (const q of oxigraph.parse(text({ ies: 30 }), { format: 'application/n-quads' })) {
      expect(q.graph.value).toBe(q.subject.value);
    }
  });

  it('splits IEs across domains exactly', () => {
    for (const n of [0, 1, 2, 50, 99, 100_000]) expect(iesPerDomain(n).reduce((s, x) => s + x, 0)).toBe(n);
    expect(iesPerDomain(50)).toEqual([10, 20, 20]);
  });

  it('keeps usage within capacity (availableRam + currentRamUsage = ramCapacity, CPU usage 0–100 %)', () => {
    const store = storeOf(text({ ies: 200, seed: 11 }));
    const bad = select(store, `SELECT ?ie WHERE { ?ie aeros:ramCapacity ?cap ; aeros:availableRam ?free ; aeros:currentRamUsage ?used ; aeros:currentCpuUsage ?cpu .
      FILTER(?free + ?used != ?cap || ?free < 0 || xsd:double(?cpu) < 0 || xsd:double(?cpu) > 100) }`);
    expect(bad).toEqual([]);
  });

  it('conforms to the SHACL shapes (shapes/ + ontology)', async () => {
    const validator = new ShaclValidator([...loadShapes(), ...loadOntology()]);
    const data = oxigraph.parse(text({ ies: 60, seed: 5 }), { format: 'application/n-quads' })
      .map((q) => N3.DataFactory.quad(q.subject as N3.Quad_Subject, q.predicate as N3.Quad_Predicate, q.object as N3.Quad_Object)) as Quad[];
    const report = await validator.validate(data);
    expect(report.results).toEqual([]);
    expect(report.conforms).toBe(true);
  });

  it('streams 100k IEs quickly', () => {
    const started = Date.now();
    const demo = generateDemoContinuum({ ies: 100_000 });
    let chunks = 0;
    for (const _ of demo) chunks++;
    expect(demo.quads).toBeGreaterThan(100_000 * 15);
    expect(chunks).toBeGreaterThan(100);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
