/**
 * `trust`: the trust scores of the demo continuum (fabric/demo) through TrustService on a
 * DurableGraphStore holding the ontology (default cf:TrustConfiguration): a full recompute of every
 * IE, the same again with nothing changed, and the latency from one IE's telemetry update to its
 * recomputed score — on change (TrustOnChange), and by recomputing its domain or, as the same-run
 * baseline, everything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import oxigraph from 'oxigraph';
import { fmt, gc, parseSizes, sizeLabel, summarise, table } from './harness.js';
import { generateDemoContinuum, DEMO_DOMAINS } from '../fabric/demo/DemoContinuumGenerator.js';
import { DurableGraphStore } from '../fabric/store/durable/DurableGraphStore.js';
import { AEROS, GRAPHS } from '../fabric/rdf/namespaces.js';
import { packageRoot } from '../fabric/validation/modelFiles.js';
import { TrustService, type TrustRunSummary } from '../reasoner/trust/TrustService.js';
import { TrustOnChange, type TrustChangeRun } from '../reasoner/trust/TrustOnChange.js';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { TRUST } from '../reasoner/trust/trustVocabulary.js';

const SEED = 42;

export const help = `trust [--sizes 1k] [--runs 5] [--updates 5] [--baselines yes|no]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}; domains cloud 20 %, edge 40 %,
  far-edge 40 %), loaded with the ontology into a DurableGraphStore (WAL in a temp dir, as FabricNode wires it, without
  query replicas). Per size and run, a fresh store: "full, first" = TrustService.recompute() writing every score,
  breakdown and status; "full, unchanged" = the same again; then one edge IE's currentCpuUsage is changed and its score
  recomputed by "domain only" (recompute({domains: [edge]})) and, as baseline, by "full" (recompute()); --baselines no
  skips these two. "on change" = TrustOnChange (debounce 0) following the store's change feed, --updates times per
  run: one edge IE's new currentCpuUsage is committed (as NGSI-LD writes it, a durable commit), and the time is taken
  from the telemetry write's acknowledgement (and, separately, from the moment it was issued) until that IE's new
  cf:trustScore is in the store (readable by SPARQL / NGSI-LD: a commit listener sees it; the value is checked), and
  until the whole domain is re-ranked and written. Median and min-max in ms, with the phases (read / compute / write)
  of the last run.`;

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

function cpuUsage(store: GraphStore, ie: string): number {
  return Number(store.match(oxigraph.namedNode(ie), oxigraph.namedNode(`${AEROS}currentCpuUsage`), null, null)[0]?.object.value ?? 0);
}

export async function run(flags: Map<string, string>): Promise<string> {
  const sizes = parseSizes(flags.get('sizes') ?? '1k');
  const runs = Number(flags.get('runs') ?? 5);
  const updates = Number(flags.get('updates') ?? 5);
  const baselines = flags.get('baselines') !== 'no';
  const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
  const edge = DEMO_DOMAINS.find((d) => d.key === 'edge')!.id;
  const rows: Array<Array<string | number>> = [];
  for (const ies of sizes) {
    const demo = demoText(ies);
    const samples: Record<string, number[]> = { first: [], again: [], domain: [], full: [], onChange: [], onChangeIssued: [], onChangeDomain: [] };
    const last: Record<string, TrustRunSummary> = {};
    for (let i = 0; i < runs; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'bench-trust-'));
      const store = await DurableGraphStore.open(dir, { snapshotOnClose: false });
      try {
        await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
        await store.load(demo, { format: 'application/n-quads' });
        const trust = new TrustService(store);
        let ms: number;
        [ms, last.first] = await timed(() => trust.recompute());
        samples.first.push(ms);
        [ms, last.again] = await timed(() => trust.recompute());
        samples.again.push(ms);
        const edgeIes = last.first.results.filter((r) => r.domain === edge).map((r) => r.ie);
        const target = edgeIes[0];
        if (baselines) {
          await touch(store, target, 99 - i);
          [ms, last.domain] = await timed(() => trust.recompute({ domains: [edge] }));
          samples.domain.push(ms);
          await touch(store, target, 1 + i);
          [ms, last.full] = await timed(() => trust.recompute());
          samples.full.push(ms);
        }
        // On change: commit → change feed → debounced (0 ms) domain recompute → score in the store.
        let done: (run: TrustChangeRun) => void = () => undefined;
        const onChange = new TrustOnChange(store, trust, { debounceMs: 0, minRerankIntervalMs: 0, onRun: (r) => done(r) });
        await onChange.start();
        gc(); // once, not before every update: a forced full GC leaves concurrent GC work that lands on the next measurement
        for (let u = 0; u < updates; u++) {
          const ie = edgeIes[(u * 37 + i) % edgeIes.length];
          const finished = new Promise<TrustChangeRun>((resolve) => { done = (r) => { if (r.changedIes.includes(ie)) resolve(r); }; }); // not a run caused by a status flip
          let visibleAt = 0;
          const scoreLine = `<${ie}> <${TRUST.trustScore}>`;
          const unsubscribe = store.onCommit((record) => { if (!visibleAt && record.inserts.includes(scoreLine)) visibleAt = performance.now(); });
          const issued = performance.now();
          await touch(store, ie, cpuUsage(store, ie) > 50 ? 3 + u : 97 - u); // far from the old value: its score moves
          const acked = performance.now();
          const run = await finished;
          samples.onChangeDomain.push(performance.now() - acked);
          if (!visibleAt) throw new Error(`score of ${ie} not written (update ${u}): ${JSON.stringify(run.summary.results.find((r) => r.ie === ie))} written ${run.summary.written}`);
          samples.onChange.push(Math.max(0, visibleAt - acked));
          samples.onChangeIssued.push(visibleAt - issued);
          unsubscribe();
          last.onChange = run.summary;
          last.onChangeIssued = run.summary;
          last.onChangeDomain = run.summary;
          const expected = run.summary.results.find((r) => r.ie === ie)!.storedScore;
          const stored = store.match(oxigraph.namedNode(ie), oxigraph.namedNode(TRUST.trustScore), null, null).map((q) => Number(q.object.value));
          if (stored.length !== 1 || stored[0] !== expected) throw new Error(`score of ${ie} not written: ${stored.join(',')} vs ${expected}`);
        }
        await onChange.stop();
      } finally {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const row = (name: string, key: string) => {
      if (samples[key].length === 0) return;
      const s = summarise(samples[key]);
      const p = last[key].phases;
      rows.push([sizeLabel(ies), name, samples[key].length, last[key].ies, last[key].written, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, `${fmt(p.readMs)} / ${fmt(p.computeMs)} / ${fmt(p.writeMs)}`]);
    };
    row('full recompute, first', 'first');
    row('full recompute, unchanged', 'again');
    row('one IE updated → domain only', 'domain');
    row('one IE updated → full (baseline)', 'full');
    row('one IE updated → on change: telemetry write acknowledged → its score in the store', 'onChange');
    row('one IE updated → on change: telemetry write issued → its score in the store', 'onChangeIssued');
    row('one IE updated → on change: telemetry write acknowledged → whole domain re-ranked and written', 'onChangeDomain');
  }
  return table(['IEs', 'run', 'samples', 'IEs scored', 'IEs written (last)', 'median ms', 'min–max ms', 'read / compute / write ms (last run)'], rows);
}
