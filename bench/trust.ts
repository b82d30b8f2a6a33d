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

const SEED = 42;

export const help = `trust [--sizes 1k] [--runs 5]
  Sizes count InfrastructureElements of the demo continuum (fabric/demo, seed ${SEED}; domains cloud 20 %, edge 40 %,
  far-edge 40 %), loaded with the ontology. Per size and run, a fresh store: "full, first" = TrustService.recompute()
  writing every score, breakdown and status; "full, unchanged" = the same again; then one edge IE's currentCpuUsage
  is changed and its score recomputed by "domain only" (recompute({domains: [edge]})) and, as baseline, by "full"
  (recompute()). Median and min-max in ms, with the phases (read / compute / write) of the last run.`;

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
async function touch(store: MemoryGraphStore, ie: string, value: number): Promise<void> {
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
    for (let i = 0; i < runs; i++) {
      const store = new MemoryGraphStore();
      await store.load(ontology, { format: 'text/turtle', graph: GRAPHS.ontology });
      await store.load(demo, { format: 'application/n-quads' });
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
    }
    const row = (name: string, key: string) => {
      const s = summarise(samples[key]);
      const p = last[key].phases;
      rows.push([sizeLabel(ies), name, last[key].ies, fmt(s.median), `${fmt(s.min)}–${fmt(s.max)}`, `${fmt(p.readMs)} / ${fmt(p.computeMs)} / ${fmt(p.writeMs)}`]);
    };
    row('full recompute, first', 'first');
    row('full recompute, unchanged', 'again');
    row('one IE updated → domain only', 'domain');
    row('one IE updated → full (baseline)', 'full');
  }
  return table(['IEs', 'run', 'IEs scored', 'median ms', 'min–max ms', 'read / compute / write ms (last run)'], rows);
}
