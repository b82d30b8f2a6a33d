/**
 * Late-bound access to fabric modules written concurrently by other parts of
 * the project. They are imported by computed path at run time so the bench
 * compiles (and reports "not available") while a module does not exist yet.
 */
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { generateSyntheticContinuum } from './syntheticContinuum.js';

async function tryImport(rel: string): Promise<Record<string, unknown> | undefined> {
  try {
    return (await import(new URL(rel, import.meta.url).href)) as Record<string, unknown>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw e;
  }
}

export interface DurableStoreModule {
  open(dataDir: string, opts?: Record<string, unknown>): Promise<GraphStore>;
}

export async function loadDurableStore(): Promise<DurableStoreModule | undefined> {
  const m = await tryImport('../fabric/store/durable/DurableGraphStore.js');
  const cls = m?.DurableGraphStore as { open?: DurableStoreModule['open'] } | undefined;
  if (!cls || typeof cls.open !== 'function') return undefined;
  return { open: (dir, opts) => cls.open!.call(cls, dir, opts) };
}

export async function loadMemoryStore(): Promise<(() => GraphStore) | undefined> {
  const m = await tryImport('../fabric/store/MemoryGraphStore.js');
  const cls = m?.MemoryGraphStore as (new () => GraphStore) & { create?: () => GraphStore } | undefined;
  if (!cls) return undefined;
  return () => (typeof cls.create === 'function' ? cls.create() : new cls());
}

export type ChunkSource = (ies: number, seed: number) => Iterable<string>;

/** Quads per IE of a source, measured on a 2 000-IE sample (to size runs in triples). */
export function quadsPerIe(chunks: ChunkSource): number {
  let quads = 0;
  for (const c of chunks(2000, 1)) for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) quads++;
  return quads / 2000;
}

/** The demo generator (fabric/demo/) when present, else the bench's synthetic one. */
export async function loadDataSource(prefer: 'demo' | 'synthetic'): Promise<{ name: string; chunks: ChunkSource }> {
  if (prefer === 'demo') {
    for (const p of ['../fabric/demo/DemoContinuumGenerator.js', '../fabric/demo/generateDemoContinuum.js']) {
      const m = await tryImport(p);
      const gen = m?.generateDemoContinuum as ((o: { ies: number; seed: number }) => Iterable<string>) | undefined;
      if (typeof gen === 'function') return { name: 'demo (fabric/demo generateDemoContinuum)', chunks: (ies, seed) => gen({ ies, seed }) };
    }
  }
  return { name: 'synthetic (bench/syntheticContinuum.ts)', chunks: (ies, seed) => generateSyntheticContinuum({ ies, seed }) };
}
