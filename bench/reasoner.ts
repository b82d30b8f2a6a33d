/**
 * `reasoner`: fixpoint time of the built-in rule set (shapes/rules/rdfs-owl.ttl)
 * over the demo continuum (fabric/demo) with the ontology (ontology/continuum.ttl),
 * through RuleEngine.run() on a MemoryGraphStore: scratch copy + fixpoint + one
 * commit. Incremental: IncrementalReasoner (delta evaluation / DRed) after one IE's telemetry
 * changed, after a new security alert and after its removal, against re-running all rules from
 * scratch after the same changes. Baselines in the same run:
 * N3.js's reasoner (n3 `Reasoner`) and the EYE reasoner (npm `eyereasoner`) with the
 * same RDFS/OWL subset written as N3 rules, over the same triples.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import N3 from 'n3';
import oxigraph from 'oxigraph';
import { n3reasoner } from 'eyereasoner';
import { fmt, gc, parseSizes, repeat, sizeLabel, summarise, table, runJsonChild } from './harness.js';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { AEROS, CF, GRAPHS, RDF, XSD } from '../fabric/rdf/namespaces.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { RuleEngine, type RunStats } from '../reasoner/RuleEngine.js';
import { IncrementalReasoner } from '../reasoner/IncrementalReasoner.js';
import { ObservedMemoryStore } from '../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';

const SEED = 42;

export const help = `reasoner [--sizes 1k,10k] [--runs 5] [--no-n3] [--no-eye] [--eye-runs N] [--only engine|incremental|n3|eye] [--batch 100] [--first-only] [--child]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}, ≈ 20 quads per IE), loaded
  with the ontology. Per size and run, a fresh store: "first run" = RuleEngine.run() deriving everything (scratch copy,
  fixpoint of shapes/rules/rdfs-owl.ttl, one commit); "re-run" = run() again with nothing changed (same fixpoint,
  empty delta apart from provenance). Baseline: N3.js Reasoner with the same rules as N3 rules (equivalentClass /
  equivalentProperty / subClassOf / subPropertyOf / inverseOf) over the same triples; the EYE reasoner (npm eyereasoner,
  SWI-Prolog in WASM) with the same N3 rules over the same triples as N-Triples text, output = derivations (--eye-runs,
  default = --runs). "incremental" = IncrementalReasoner.flush() (semi-naive delta evaluation, DRed for deletions) after
  one IE's currentCpuUsage changed / a new cf:SecurityAlert about an IE / that alert deleted / a change no rule reads,
  against "from scratch" = RuleEngine.run() after the same change (--only incremental: the incremental rows only, for
  100k where a from-scratch run takes minutes), and after --batch IEs' telemetry changed (one commit each) in one
  batch. --first-only: per run only the first RuleEngine.run() (a from-scratch fixpoint, the baseline of the incremental
  rows; for 100k, where each full run takes minutes; the incremental rows are skipped). --child (with --first-only): each
  first run in a fresh child process (bench/reasonerFirstRunChild.ts, as durable-load does), so no run shares
  oxigraph's WASM memory (4 GiB per process) with the bench's other steps. Median and min-max in ms; copy /
  fixpoint / write = the phases of the last first run.`;

interface ChildRun { quads: number; ms: number; triplesDerived: number; phases: RunStats['phases']; maxRssMiB: number; wasmGiB: number }

const CHILD = fileURLToPath(new URL('./reasonerFirstRunChild.js', import.meta.url));

/** One first run in a fresh process (see --child). */
function firstRunInChild(ies: number): Promise<ChildRun> {
  return runJsonChild<ChildRun>(CHILD, { ies, seed: SEED });
}

const N3_RULES = `@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix owl: <http://www.w3.org/2002/07/owl#> .
{ ?c owl:equivalentClass ?d } => { ?c rdfs:subClassOf ?d . ?d rdfs:subClassOf ?c } .
{ ?p owl:equivalentProperty ?q } => { ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?p } .
{ ?a rdfs:subClassOf ?b . ?b rdfs:subClassOf ?c } => { ?a rdfs:subClassOf ?c } .
{ ?p rdfs:subPropertyOf ?q . ?q rdfs:subPropertyOf ?r } => { ?p rdfs:subPropertyOf ?r } .
{ ?x a ?b . ?b rdfs:subClassOf ?c } => { ?x a ?c } .
{ ?s ?p ?o . ?p rdfs:subPropertyOf ?q } => { ?s ?q ?o } .
{ ?p owl:inverseOf ?q . ?s ?p ?o } => { ?o ?q ?s } .
{ ?p owl:inverseOf ?q . ?s ?q ?o } => { ?o ?p ?s } .`;

/** The demo continuum as N-Quads chunks (loaded one by one: one 2M-quad text would sit in oxigraph's WASM memory at once). */
function demoChunks(ies: number): string[] {
  return [...generateDemoContinuum({ ies, seed: SEED, chunkQuads: 100_000 })];
}

/** Free a run's store now, not at some later GC: every oxigraph store of the process shares one WASM memory (4 GiB). */
function free(store: MemoryGraphStore): void {
  (store.raw as unknown as { free(): void }).free(); // wasm-bindgen's, left out of oxigraph's typings
}

async function freshStore(ontology: string, demo: readonly string[]): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
  for (const chunk of demo) await store.load(chunk, { format: 'application/n-quads' });
  return store;
}

/** Changes one IE's currentCpuUsage (natural triple in its entity graph), as a telemetry update through NGSI-LD would. */
async function touch(store: GraphStore, ie: string, value: number): Promise<void> {
  const g = oxigraph.namedNode(ie);
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(g, p, null, g), inserts: [oxigraph.quad(g, p, oxigraph.literal(String(value), oxigraph.namedNode(`${XSD}double`)), g)] });
}

/** A new security alert about an IE (its own entity graph), as the trust service's aerOS event intake writes one. */
function alertQuads(ie: string, i: number): oxigraph.Quad[] {
  const alert = oxigraph.namedNode(`urn:ngsi-ld:SecurityAlert:bench-${i}`);
  return [
    oxigraph.quad(alert, oxigraph.namedNode(`${RDF}type`), oxigraph.namedNode(`${CF}SecurityAlert`), alert),
    oxigraph.quad(alert, oxigraph.namedNode(`${CF}aboutInfrastructureElement`), oxigraph.namedNode(ie), alert),
  ];
}

/**
 * The bench's followed store: an ObservedMemoryStore whose bulk N-Quads loads take MemoryGraphStore's bulk path
 * (ObservedMemoryStore.load parses quad by quad: 54–98 s for the first run's write at 10k) and are not published.
 * Only the reasoner's own full-run write loads here, and the reasoner ignores its own records anyway.
 */
class BulkLoadingObservedStore extends ObservedMemoryStore {
  override async load(data: string, options: Parameters<ObservedMemoryStore['load']>[1]): Promise<number> {
    return this.memory.loadGround(data, options)?.parsed ?? super.load(data, options);
  }
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
  const firstOnly = flags.has('first-only');
  const inChild = firstOnly && flags.has('child');
  const withIncremental = (withEngine && !firstOnly) || only === 'incremental';
  const withN3 = !flags.has('no-n3') && (only === undefined || only === 'n3');
  const withEye = !flags.has('no-eye') && (only === undefined || only === 'eye');
  const eyeRuns = Number(flags.get('eye-runs') ?? runs);
  const batch = Number(flags.get('batch') ?? 100);
  const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
  const rows: Array<Array<string | number>> = [];
  for (const ies of sizes) {
    const demo = inChild ? [] : demoChunks(ies);
    let last: RunStats | undefined;
    const samples: Record<string, number[]> = { first: [], again: [], scratch: [], scratchAlert: [], incremental: [], alert: [], alertGone: [], unrelated: [], start: [], batch: [] };
    let quads = 0;
    const work: Record<string, string> = {};
    for (let i = 0; withEngine && inChild && i < runs; i++) {
      const child = await firstRunInChild(ies);
      quads = child.quads;
      samples.first.push(child.ms);
      last = { triplesDerived: child.triplesDerived, phases: child.phases } as RunStats;
      work.first = `copy / fixpoint / write ${fmt(child.phases.copyMs)} / ${fmt(child.phases.fixpointMs)} / ${fmt(child.phases.writeMs)} ms; child process, peak RSS ${fmt(child.maxRssMiB / 1024, 2)} GiB, WASM ${fmt(child.wasmGiB, 2)} GiB`;
    }
    for (let i = 0; withEngine && !inChild && i < runs; i++) {
      const store = await freshStore(ontology, demo);
      quads = store.size();
      const engine = new RuleEngine(store);
      gc();
      let t = performance.now();
      last = await engine.run();
      samples.first.push(performance.now() - t);
      work.first = `copy / fixpoint / write ${fmt(last.phases.copyMs)} / ${fmt(last.phases.fixpointMs)} / ${fmt(last.phases.writeMs)} ms`;
      if (firstOnly) { free(store); continue; }
      gc();
      t = performance.now();
      await engine.run();
      samples.again.push(performance.now() - t);
      await touch(store, someIe(store), 97 - i);
      gc();
      t = performance.now();
      await engine.run();
      samples.scratch.push(performance.now() - t);
      await store.commit({ deletes: [], inserts: alertQuads(someIe(store), i) });
      gc();
      t = performance.now();
      await engine.run();
      samples.scratchAlert.push(performance.now() - t);
      free(store);
    }
    if (withIncremental) {
      // Incremental: one store followed through its change feed; each sample = one change → flush.
      const observed = new BulkLoadingObservedStore(await freshStore(ontology, demo));
      quads ||= observed.size();
      const incremental = new IncrementalReasoner(observed, new RuleEngine(observed), { debounceMs: 60_000 });
      const startedAt = performance.now();
      const first = await incremental.start();
      samples.start.push(performance.now() - startedAt);
      work.start = `${first.kind}, ${first.full?.triplesDerived ?? '?'} derived`;
      const target = someIe(observed);
      const measure = async (name: string, change: () => Promise<unknown>): Promise<void> => {
        await change();
        gc();
        const t = performance.now();
        const summary = await incremental.flush();
        samples[name].push(performance.now() - t);
        work[name] = `${summary?.kind ?? 'none'}${summary?.rulesRun.length ? `: ${summary.rulesRun.join(', ')}` : ''}; ${summary?.executions ?? 0} queries, +${summary?.added ?? 0}/−${summary?.removed ?? 0} quads`;
      };
      for (let i = 0; i < runs; i++) {
        await measure('incremental', () => touch(observed, target, 10 + i));
        const alert = alertQuads(target, 1000 + i);
        await measure('alert', () => observed.commit({ deletes: [], inserts: alert }));
        await measure('alertGone', () => observed.commit({ deletes: alert, inserts: [] }));
        const g = oxigraph.namedNode(target);
        await measure('unrelated', () => observed.commit({ deletes: [], inserts: [oxigraph.quad(g, oxigraph.namedNode(`${CF}benchNote`), oxigraph.literal(String(i)), g)] }));
        const ies = observed.match(null, oxigraph.namedNode(`${AEROS}currentCpuUsage`), null, null).slice(0, batch).map((q) => q.subject.value);
        await measure('batch', async () => { for (const ie of ies) await touch(observed, ie, 20 + i); });
      }
      await incremental.stop();
    }
    const n3: number[] = [];
    let n3Triples = 0;
    const triples = withN3 || withEye
      ? [...new N3.Parser().parse(ontology), ...(inChild ? demoChunks(ies) : demo).flatMap((chunk) => new N3.Parser({ format: 'application/n-quads' }).parse(chunk))].map((q) => N3.DataFactory.quad(q.subject, q.predicate, q.object))
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
      if (values.length === 0) return;
      const s = summarise(values);
      rows.push([sizeLabel(ies), quads || triples.length, name, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, values.length, derived]);
    };
    if (withEngine) {
      row(`RuleEngine.run() first run (rdfs-owl; ${work.first})`, samples.first, last?.triplesDerived ?? '');
      row('RuleEngine.run() re-run, no change', samples.again, last?.triplesDerived ?? '');
      row('after one IE\'s telemetry changed: from scratch (RuleEngine.run())', samples.scratch, last?.triplesDerived ?? '');
      row('after a new security alert: from scratch (RuleEngine.run())', samples.scratchAlert, last?.triplesDerived ?? '');
    }
    if (withIncremental) {
      row(`IncrementalReasoner.start() (first full run, once: ${work.start})`, samples.start, '');
      row(`after one IE's telemetry changed: IncrementalReasoner (${work.incremental})`, samples.incremental, '');
      row(`after a new security alert: IncrementalReasoner (${work.alert})`, samples.alert, '');
      row(`after that alert was deleted: IncrementalReasoner (${work.alertGone})`, samples.alertGone, '');
      row(`after a change no rule reads: IncrementalReasoner (${work.unrelated})`, samples.unrelated, '');
      row(`after ${batch} IEs' telemetry changed, one batch: IncrementalReasoner (${work.batch})`, samples.batch, '');
    }
    if (withN3) row('N3.js Reasoner (same subset)', n3, n3Triples);
    if (withEye) row('EYE (eyereasoner, same subset as N3 rules)', eye, eyeTriples);
  }
  return table(['IEs', 'quads', 'engine', 'median ms', 'min–max ms', 'runs', 'triples derived'], rows);
}
