import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphStore } from '../store/GraphStore.js';
import { GRAPHS } from '../rdf/namespaces.js';
import { generateDemoContinuum } from '../demo/DemoContinuumGenerator.js';

export interface SeedOptions {
  /** Folder holding ontology/ and shapes/ (the package root). */
  readonly packageRoot: string;
  readonly demo: boolean;
  readonly demoIes: number;
  readonly demoSeed: number;
}

export interface SeedReport {
  readonly ontologyQuads: number;
  readonly shapesQuads: number;
  /** shapes/policies/*.ttl, loaded into GRAPHS.policies (docs/policies.md). */
  readonly policyQuads: number;
  readonly demoQuads: number;
}

/**
 * First start on an empty data directory (docs/named-graphs.md): the ontology
 * goes into GRAPHS.ontology, every shapes/*.ttl into GRAPHS.shapes and, with
 * the demo enabled, the generated demo continuum (one graph per entity).
 * The example policies (shapes/policies/*.ttl) go into GRAPHS.policies, where /policies manages them.
 */
export async function seedFreshStore(store: GraphStore, options: SeedOptions): Promise<SeedReport> {
  const ontologyFile = join(options.packageRoot, 'ontology', 'continuum.ttl');
  const ontologyQuads = await store.load(readFileSync(ontologyFile, 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  let shapesQuads = 0;
  const shapesDir = join(options.packageRoot, 'shapes');
  for (const file of readdirSync(shapesDir).filter((f) => f.endsWith('.ttl')).sort()) {
    shapesQuads += await store.load(readFileSync(join(shapesDir, file), 'utf8'), { format: 'text/turtle', graph: GRAPHS.shapes });
  }
  let policyQuads = 0;
  const policiesDir = join(shapesDir, 'policies');
  if (existsSync(policiesDir)) {
    for (const file of readdirSync(policiesDir).filter((f) => f.endsWith('.ttl')).sort()) {
      policyQuads += await store.load(readFileSync(join(policiesDir, file), 'utf8'), { format: 'text/turtle', graph: GRAPHS.policies });
    }
  }
  let demoQuads = 0;
  if (options.demo) {
    for (const chunk of generateDemoContinuum({ ies: options.demoIes, seed: options.demoSeed, chunkQuads: 100_000 })) {
      demoQuads += await store.load(chunk, { format: 'application/n-quads' });
    }
  }
  return { ontologyQuads, shapesQuads, policyQuads, demoQuads };
}
