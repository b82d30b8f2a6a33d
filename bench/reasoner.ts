/**
 * `reasoner`: fixpoint time of the built-in rule set (shapes/rules/rdfs-owl.ttl)
 * over the demo continuum (fabric/demo) with the ontology (ontology/continuum.ttl),
 * through RuleEngine.run() on a MemoryGraphStore: scratch copy + fixpoint + one
 * commit. Incremental: IncrementalReasoner after one IE's telemetry changed, against
 * re-running all rules from scratch after the same change. Baselines in the same run:
 * N3.js's reasoner (n3 `Reasoner`) and the EYE reasoner (npm `eyereasoner`) with the
 * same RDFS/OWL subset written as N3 rules, over the same triples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import N3 from 'n3';
import oxigraph from 'oxigraph';
import { n3reasoner } from 'eyereasoner';
import { fmt, gc, parseSizes, repeat, sizeLabel, summarise, table } from './harness.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { AEROS, CF, GRAPHS, XSD } from '../fabric/rdf/namespaces.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { RuleEngine, type RunStats } from '../reasoner/RuleEngine.js';
import { IncrementalReasoner } from '../reasoner/IncrementalReasoner.js';
import { ObservedMemoryStore } from '../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';

const SEED = 42;

export const help = `reasoner [--sizes 1k,10k] [--runs 5] [--no-n3] [--no-eye] [--eye-runs N] [--only engine|n3|eye]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}, ≈ 20 quads per IE), loaded
  with the ontology. Per size and run, a fresh store: "first run" = RuleEngine.run() deriving everything (scratch copy,
  fixpoint of shapes/rules/rdfs-owl.ttl, one commit); "re-run" = run() again with nothing changed (same fixpoint,
  empty delta apart from provenance). Baseline: N3.js Reasoner with the same rules as N3 rules (equivalentClass /
  equivalentProperty / subClassOf / subPropertyOf / inverseOf) over the same triples; the EYE reasoner (npm eyereasoner,
  SWI-Prolog in WASM) with the same N3 rules over the same triples as N-Triples text, output = derivations (--eye-runs,
  default = --runs). "incremental" = IncrementalReasoner after one IE's currentCpuUsage changed, against "from scratch"
  = RuleEngine.run() after the same change. Median and min-max in ms.`;

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

/** Changes one IE's currentCpuUsage (natural triple in its entity graph), as a telemetry update through NGSI-LD would. */
async function touch(store: GraphStore, ie: string, value: number): Promise<void> {
  const g = oxigraph.namedNode(ie);
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(g, p, null, g), inserts: [oxigraph.quad(g, p, oxigraph.literal(String(value), oxigraph.namedNode(`${XSD}double`)), g)] });
}

/** Some IE of the demo continuum (the subject of its first cpuCores triple). */
function someIe(store: GraphStore): string {
  return store.match(null, oxigraph.namedNode(`${AEROS}currentCpuUsage`), null, null)[0].subject.value;
}

async function eyeRun(data: string): Promise<{ ms: number; derived: number }> {
  gc();
  const t = performance.now();
  const out = await n3reasoner([data, N3_RULES], undefined, { output: 'derivations', outputType: 'string' });
  const ms = performance.now() - t;
  return { ms, derived: new N3.Parser({ format: 'text/n3' }).parse(out).length };
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k,10k');
  const runs = Number(flags.get('runs') ?? 5);
  const only = flags.get('only');
  const withEngine = only === undefined || only === 'engine';
  const withN3 = !flags.has('no-n3') && (only === undefined || only === 'n3');
  const withEye = !flags.has('no-eye') && (only === undefined || only === 'eye');
  const eyeRuns = Number(flags.get('eye-runs') ?? runs);
  const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
  const rows: Array<Array<string | number>> = [];
  for (const ies of sizes) {
    const demo = demoText(ies);
    let last: RunStats | undefined;
    const samples: Record<string, number[]> = { first: [], again: [], scratch: [], incremental: [], unrelated: [] };
    let quads = 0;
    let incrementalRules = '';
    for (let i = 0; withEngine && i < runs; i++) {
      const store = await freshStore(ontology, demo);
      quads = store.size();
      const engine = new RuleEngine(store);
      gc();
      let t = performance.now();
      last = await engine.run();
      samples.first.push(performance.now() - t);
      gc();
      t = performance.now();
      await engine.run();
      samples.again.push(performance.now() - t);
      await touch(store, someIe(store), 97 - i);
      gc();
      t = performance.now();
      await engine.run();
      samples.scratch.push(performance.now() - t);
    }
    if (withEngine) {
      // Incremental: one store followed through its change feed; each sample = one IE's telemetry changed → flush.
      const observed = new ObservedMemoryStore(await freshStore(ontology, demo));
      const incremental = new IncrementalReasoner(observed, new RuleEngine(observed), { debounceMs: 60_000 });
      await incremental.start();
      const target = someIe(observed);
      for (let i = 0; i < runs; i++) {
        await touch(observed, target, 10 + i);
        gc();
        let t = performance.now();
        const summary = await incremental.flush();
        samples.incremental.push(performance.now() - t);
        incrementalRules = `${summary?.kind}: ${summary?.rulesRun.join(', ')}`;
        const g = oxigraph.namedNode(target);
        await observed.commit({ deletes: [], inserts: [oxigraph.quad(g, oxigraph.namedNode(`${CF}benchNote`), oxigraph.literal(String(i)), g)] });
        gc();
        t = performance.now();
        await incremental.flush();
        samples.unrelated.push(performance.now() - t);
      }
      await incremental.stop();
    }
    const n3: number[] = [];
    let n3Triples = 0;
    const triples = withN3 || withEye
      ? [...new N3.Parser().parse(ontology), ...new N3.Parser({ format: 'application/n-quads' }).parse(demo)].map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object))
      : [];
    if (withN3) {
      const rules = new N3.Store(new N3.Parser({ format: 'text/n3' }).parse(N3_RULES));
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
    const eye: number[] = [];
    let eyeTriples = 0;
    if (withEye) {
      const data = new N3.Writer({ format: 'N-Triples' }).quadsToString(triples);
      for (let i = 0; i < eyeRuns; i++) {
        const { ms, derived } = await eyeRun(data);
        eye.push(ms);
        eyeTriples = derived;
      }
    }
    const row = (name: string, values: number[], derived: number | string) => {
      const s = summarise(values);
      rows.push([sizeLabel(ies), quads || triples.length, name, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, values.length, derived]);
    };
    if (withEngine) {
      row('RuleEngine.run() first run (rdfs-owl)', samples.first, last?.triplesDerived ?? '');
      row('RuleEngine.run() re-run, no change', samples.again, last?.triplesDerived ?? '');
      row('after one IE\'s telemetry changed: from scratch (RuleEngine.run())', samples.scratch, last?.triplesDerived ?? '');
      row(`after one IE's telemetry changed: IncrementalReasoner (${incrementalRules})`, samples.incremental, '');
      row('after a change no rule reads: IncrementalReasoner', samples.unrelated, '');
    }
    if (withN3) row('N3.js Reasoner (same subset)', n3, n3Triples);
    if (withEye) row('EYE (eyereasoner, same subset as N3 rules)', eye, eyeTriples);
  }
  return table(['IEs', 'quads', 'engine', 'median ms', 'min–max ms', 'runs', 'triples derived'], rows);
}
