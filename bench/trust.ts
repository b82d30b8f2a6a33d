/**
 * `trust`: the trust scores of the demo continuum (fabric/demo) through TrustService on a
 * MemoryGraphStore holding the ontology (default cf:TrustConfiguration): a full recompute of every
 * IE (two SPARQL input queries, TOPSIS per domain, one commit), the same again with nothing changed,
 * and the latency from one IE's telemetry update to its recomputed score — recomputing only that
 * IE's domain (TOPSIS ranks within a domain) against, as the same-run baseline, recomputing all.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { fmt, gc, parseSizes, sizeLabel, summarise, table } from './harness.js';
import { generateDemoContinuum, DEMO_DOMAINS } from '../fabric/demo/DemoContinuumGenerator.js';
import { MemoryGraphStore } from '../fabric/store/MemoryGraphStore.js';
import { AEROS, GRAPHS } from '../fabric/rdf/namespaces.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { TrustService, type TrustRunSummary } from '../reasoner/trust/TrustService.js';
import { TrustOnChange, type TrustChangeRun } from '../reasoner/trust/TrustOnChange.js';
import { ObservedMemoryStore } from '../fabric/store/replica/ObservedMemoryStore.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { TRUST } from '../reasoner/trust/trustVocabulary.js';

const SEED = 42;

export const help = `trust [--sizes 1k] [--runs 5]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}; domains cloud 20 %, edge 40 %,
  far-edge 40 %), loaded with the ontology. Per size and run, a fresh store: "full, first" = TrustService.recompute()
  writing every score, breakdown and status; "full, unchanged" = the same again; then one edge IE's currentCpuUsage
  is changed and its score recomputed by "domain only" (recompute({domains: [edge]})) and, as baseline, by "full"
  (recompute()). "on change" = TrustOnChange (debounce 0) following the store's change feed: the time from the commit
  of one edge IE's new currentCpuUsage (as NGSI-LD writes it) until its recomputed cf:trustScore is in the store.
  Median and min-max in ms, with the phases (read / compute / write) of the last run.`;

function demoText(ies: number): string {
  let text = '';
  for (const chunk of generateDemoContinuum({ ies, seed: SEED, chunkQuads: 100_000 })) text += chunk;
  return text;
}

async function timed(fn: () => Promise<TrustRunSummary>): Promise<[number, TrustRunSummary]> {
  gc();
  const t = performance.now();
  const summary = await fn();
  return [performance.now() - t, summary];
}

/** Changes one IE's currentCpuUsage (natural triple in its entity graph), as a telemetry update would. */
async function touch(store: GraphStore, ie: string, value: number): Promise<void> {
  const g = oxigraph.namedNode(ie);
  const p = oxigraph.namedNode(`${AEROS}currentCpuUsage`);
  await store.commit({ deletes: store.match(g, p, null, g), inserts: [oxigraph.quad(g, p, oxigraph.literal(String(value), oxigraph.namedNode('http://www.w3.org/2001/XMLSchema#double')), g)] });
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k');
  const runs = Number(flags.get('runs') ?? 5);
  const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
  const edge = DEMO_DOMAINS.find((d) => d.key === 'edge')!.id;
  const rows: Array<Array<string | number>> = [];
  for (const ies of sizes) {
    const demo = demoText(ies);
    const samples: Record<string, number[]> = { first: [], again: [], domain: [], full: [] };
    const last: Record<string, TrustRunSummary> = {};
    samples.onChange = [];
    samples.onChangeDomain = [];
    for (let i = 0; i < runs; i++) {
      const memory = new MemoryGraphStore();
      await memory.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
      await memory.load(demo, { format: 'application/n-quads' });
      const store = new ObservedMemoryStore(memory);
      const trust = new TrustService(store);
      let ms: number;
      [ms, last.first] = await timed(() => trust.recompute());
      samples.first.push(ms);
      [ms, last.again] = await timed(() => trust.recompute());
      samples.again.push(ms);
      const target = last.first.results.find((r) => r.domain === edge)!.ie;
      await touch(store, target, 99 - i);
      [ms, last.domain] = await timed(() => trust.recompute({ domains: [edge] }));
      samples.domain.push(ms);
      await touch(store, target, 1 + i);
      [ms, last.full] = await timed(() => trust.recompute());
      samples.full.push(ms);
      // On change: commit → change feed → debounced (0 ms) domain recompute → score in the store.
      let done: (run: TrustChangeRun) => void = () => undefined;
      const onChange = new TrustOnChange(store, trust, { debounceMs: 0, onRun: (r) => done(r) });
      await onChange.start();
      const finished = new Promise<TrustChangeRun>((resolve) => { done = resolve; });
      const value = 50 + i;
      let visibleAt = 0;
      const scoreLine = `<${target}> <${TRUST.trustScore}>`;
      const unsubscribe = store.onCommit((record) => { if (!visibleAt && record.inserts.includes(scoreLine)) visibleAt = performance.now(); });
      gc();
      const t = performance.now();
      await touch(store, target, value);
      const run = await finished;
      samples.onChangeDomain.push(performance.now() - t);
      samples.onChange.push(visibleAt - t);
      unsubscribe();
      last.onChange = run.summary;
      last.onChangeDomain = run.summary;
      const expected = run.summary.results.find((r) => r.ie === target)!.score;
      const stored = store.match(oxigraph.namedNode(target), oxigraph.namedNode(TRUST.trustScore), null, null).map((q) => Number(q.object.value));
      if (stored.length !== 1 || stored[0] !== expected) throw new Error(`score of ${target} not written: ${stored.join(',')} vs ${expected}`);
      await onChange.stop();
    }
    const row = (name: string, key: string) => {
      const s = summarise(samples[key]);
      const p = last[key].phases;
      rows.push([sizeLabel(ies), name, last[key].ies, last[key].written, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, `${fmt(p.readMs)} / ${fmt(p.computeMs)} / ${fmt(p.writeMs)}`]);
    };
    row('full recompute, first', 'first');
    row('full recompute, unchanged', 'again');
    row('one IE updated → domain only', 'domain');
    row('one IE updated → full (baseline)', 'full');
    row('one IE updated → on change: commit → its score in the store', 'onChange');
    row('one IE updated → on change: commit → whole domain re-ranked and written', 'onChangeDomain');
  }
  return table(['IEs', 'run', 'IEs scored', 'IEs written', 'median ms', 'min–max ms', 'read / compute / write ms (last run)'], rows);
}
