/**
 * `reasoner`: fixpoint time of the built-in rule set (shapes/rules/rdfs-owl.ttl)
 * over the demo continuum (fabric/demo) with the ontology (ontology/continuum.ttl),
 * through RuleEngine.run() on a MemoryGraphStore: scratch copy + fixpoint + one
 * commit. Baseline in the same run: N3.js's reasoner (n3 `Reasoner`) with the same
 * RDFS/OWL subset written as N3 rules, over the same triples in an N3 Store.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import { fmt, gc, parseSizes, repeat, sizeLabel, summarise, table } from './harness.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../fabric/rdf/namespaces.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { RuleEngine, type RunStats } from '../reasoner/RuleEngine.js';

const SEED = 42;

export const help = `reasoner [--sizes 1k,10k] [--runs 5] [--no-n3]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}, ≈ 20 quads per IE), loaded
  with the ontology. Per size and run, a fresh store: "first run" = RuleEngine.run() deriving everything (scratch copy,
  fixpoint of shapes/rules/rdfs-owl.ttl, one commit); "re-run" = run() again with nothing changed (same fixpoint,
  empty delta apart from provenance). Baseline: N3.js Reasoner with the same rules as N3 rules (equivalentClass /
  equivalentProperty / subClassOf / subPropertyOf / inverseOf) over the same triples. Median and min-max in ms.`;

const N3_RULES = `@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
{ ?c owl:equivalentClass ?d } => { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c } .
{ ?p owl:equivalentProperty ?q } => { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p } .
{ ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c } => { ?a rdfs:subClassOf ?c } .
{ ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r } => { ?p rdfs:subPropertyOf ?r } .
{ ?x a ?b . ?b rdfs:subClassOf ?c } => { ?x a ?c } .
{ ?s ?p ?o . ?p rdfs:subPropertyOf ?q } => { ?s ?q ?o } .
{ ?p owl:inverseOf ?q . ?s ?p ?o } => { ?o ?q ?s } .
{ ?p owl:inverseOf ?q . ?s ?q ?o } => { ?o ?p ?s } .`;

function demoText(ies: number): string {
  let text = '';
  for (const chunk of generateDemoContinuum({ ies, seed: SEED, chunkQuads: 100_000 })) text += chunk;
  return text;
}

async function freshStore(ontology: string, demo: string): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.load(demo, { format: 'application/n-quads' });
  return store;
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k,10k');
  const runs = Number(flags.get('runs') ?? 5);
  const withN3 = !flags.has('no-n3');
  const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
  const rows: Array<Array<string | number>> = [];
  for (const ies of sizes) {
    const demo = demoText(ies);
    let last: RunStats | undefined;
    const first: number[] = [];
    const again: number[] = [];
    let quads = 0;
    for (let i = 0; i < runs; i++) {
      const store = await freshStore(ontology, demo);
      quads = store.size();
      const engine = new RuleEngine(store);
      gc();
      let t = performance.now();
      last = await engine.run();
      first.push(performance.now() - t);
      gc();
      t = performance.now();
      await engine.run();
      again.push(performance.now() - t);
    }
    const n3: number[] = [];
    let n3Triples = 0;
    if (withN3) {
      const rules = new N3.Store(new N3.Parser({ format: 'text/n3' }).parse(N3_RULES));
      const triples = [...new N3.Parser().parse(ontology), ...new N3.Parser({ format: 'application/n-quads' }).parse(demo)]
        .map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object));
      n3.push(...await repeat(runs, async () => {
        const store = new N3.Store(triples);
        const before = store.size;
        gc();
        const t = performance.now();
        new N3.Reasoner(store).reason(rules);
        const ms = performance.now() - t;
        n3Triples = store.size - before;
        return ms;
      }));
    }
    const row = (name: string, samples: number[], derived: number | string) => {
      const s = summarise(samples);
      rows.push([sizeLabel(ies), quads, name, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, derived]);
    };
    row('RuleEngine.run() first run (rdfs-owl)', first, last?.triplesDerived ?? '');
    row('RuleEngine.run() re-run, no change', again, last?.triplesDerived ?? '');
    if (withN3) row('N3.js Reasoner (same subset)', n3, n3Triples);
  }
  return table(['IEs', 'quads', 'engine', 'median ms', 'min–max ms', 'triples derived'], rows);
}
