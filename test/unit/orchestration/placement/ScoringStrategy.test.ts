/** orchestration/placement/ScoringStrategy.ts: weights from RDF with defaults, and the score breakdown. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import { DEFAULT_PLACEMENT_WEIGHTS, readPlacementWeights, ScoringStrategy } from '../../../../orchestration/placement/ScoringStrategy.js';
import type { IeFacts } from '../../../../orchestration/placement/candidateQuery.js';

const CF = 'https://w3id.org/continuum-fabric/ns#';

describe('placement weights', () => {
  it('cf:DefaultPlacementConfiguration in the ontology carries the same weights as the code', async () => {
    const store = new MemoryGraphStore();
    await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
    expect(await readPlacementWeights(store)).toEqual(DEFAULT_PLACEMENT_WEIGHTS);
  });

  it('takes the weights another configuration gives and defaults for the rest; ignores negative or non-numeric ones', async () => {
    const store = new MemoryGraphStore();
    await store.load(`@prefix cf: <${CF}> . <urn:cfg> a cf:PlacementConfiguration ; cf:trustWeight 0.9 ; cf:greenWeight -1 ; cf:spreadWeight "lots" .`, { format: 'text/turtle' });
    expect(await readPlacementWeights(store, 'urn:cfg')).toEqual({ ...DEFAULT_PLACEMENT_WEIGHTS, trust: 0.9 });
    expect(await readPlacementWeights(new MemoryGraphStore())).toEqual(DEFAULT_PLACEMENT_WEIGHTS);
  });
});

describe('ScoringStrategy.score', () => {
  const ie: IeFacts = { iri: 'urn:ie', cpuCores: 10, cpuUsage: 20, availableRam: 8000, ramCapacity: 16000, trustScore: 0.8, energyEfficiency: 0.5, domains: [], orchestrationTypes: [] };

  it('weights each criterion: free shares after placing, trust, energy, green, spread', () => {
    const s = new ScoringStrategy().score(ie, { cpu: 2, ram: 4000, disk: 0 }, { cpu: 1, ram: 0, disk: 0 }, 1);
    // free CPU after: 10 × 0.8 − 1 − 2 = 5 of 10 cores; free RAM after: 8000 − 4000 = 4000 of 16000
    // weights 0.25 / 0.2 / 0.2 / 0.1 / 0.1 / 0.15 × values 0.5 / 0.25 / 0.8 / 0.5 / 0 / 0.5 (parts are rounded to 1e-9)
    expect(s.parts).toEqual({ freeCpu: 0.125, freeRam: 0.05, trust: 0.16, energyEfficiency: 0.05, green: 0, spread: 0.075 });
    expect(s.total).toBeCloseTo(0.125 + 0.05 + 0.16 + 0.05 + 0.075, 9);
  });

  it('uses a neutral trust of 0.5 and zero energy / green when unknown', () => {
    const s = new ScoringStrategy().score({ iri: 'urn:x', domains: [], orchestrationTypes: [] }, { cpu: 0, ram: 0, disk: 0 }, { cpu: 0, ram: 0, disk: 0 }, 0);
    expect(s.parts).toEqual({ freeCpu: 0, freeRam: 0, trust: 0.1, energyEfficiency: 0, green: 0, spread: 0.15 });
  });
});
