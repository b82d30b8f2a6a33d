/**
 * Worker thread for the `queries` benchmark's Comunica baseline: holds the demo
 * continuum in an N3 Store and runs Comunica (@comunica/query-sparql) on it.
 * A separate thread, so a query over its time limit can be stopped for real
 * (Worker.terminate) instead of running on in the background, and so the N3
 * heap's garbage collection does not land on the fabric's measurements.
 *
 * Protocol: workerData { ies, seed } → posts { ready, quads }; then for each
 * { id, sparql } posts { id, ms, rows } (ms: query to fully serialized SPARQL
 * JSON, measured here) or { id, error }.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Parser, Store as N3Store } from 'n3';
import { QueryEngine } from '@comunica/query-sparql';
import { generateDemoContinuum } from '../fabric/demo/DemoContinuumGenerator.js';

const JSON_RESULTS = 'application/sparql-results+json';

export interface ComunicaRequest { readonly id: number; readonly sparql: string }
export type ComunicaReply =
  | { readonly ready: true; readonly quads: number }
  | { readonly id: number; readonly ms: number; readonly rows: number }
  | { readonly id: number; readonly error: string };

async function runQuery(engine: QueryEngine, store: N3Store, sparql: string): Promise<string> {
  const result = await engine.query(sparql, { sources: [store], unionDefaultGraph: true });
  const { data } = await engine.resultToString(result, JSON_RESULTS);
  let text = '';
  for await (const chunk of data as AsyncIterable<Buffer | string>) text += chunk.toString();
  return text;
}

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('comunicaWorker must run as a worker thread');
  const { ies, seed } = workerData as { ies: number; seed: number };
  const store = new N3Store();
  const parser = new Parser({ format: 'application/n-quads' });
  for (const chunk of generateDemoContinuum({ ies, seed })) store.addQuads(parser.parse(chunk));
  const engine = new QueryEngine();
  port.on('message', (req: ComunicaRequest) => {
    const t0 = performance.now();
    runQuery(engine, store, req.sparql).then(
      (body) => {
        const ms = performance.now() - t0;
        const rows = (JSON.parse(body) as { results: { bindings: unknown[] } }).results.bindings.length;
        port.postMessage({ id: req.id, ms, rows } satisfies ComunicaReply);
      },
      (error: unknown) => port.postMessage({ id: req.id, error: String((error as Error)?.stack ?? error) } satisfies ComunicaReply),
    );
  });
  port.postMessage({ ready: true, quads: store.size } satisfies ComunicaReply);
}

main();
