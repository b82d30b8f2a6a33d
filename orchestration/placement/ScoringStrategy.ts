/**
 * Ranks the feasible IEs of a component: a weighted sum of criteria each in [0, 1], the weights read from a
 * cf:PlacementConfiguration in the store (default cf:DefaultPlacementConfiguration, ontology/continuum.ttl) with
 * code defaults for what the resource leaves out. Criteria (docs/orchestration.md "Scoring"):
 * - freeCpu: share of the IE's cores still free after placing the component;
 * - freeRam: share of the IE's RAM (aeros:ramCapacity, else availableRam) still free after placing;
 * - trust: cf:trustScore (0.5 when unknown);
 * - energyEfficiency: cf:energyEfficiencyRatio (0 when unknown);
 * - green: cf:greenEnergyRatio of the IE's power source (0 when unknown);
 * - spread: 1 / (1 + components of the same service already on the IE).
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import type { ScoreBreakdown } from './PlacementDecision.js';
import type { IeFacts } from './candidateQuery.js';
import { freeCpu, freeRam, type Need, type Taken } from './candidateFilters.js';
import { PLACEMENT } from './placementVocabulary.js';

export interface PlacementWeights {
  readonly freeCpu: number;
  readonly freeRam: number;
  readonly trust: number;
  readonly energyEfficiency: number;
  readonly green: number;
  readonly spread: number;
}

export const DEFAULT_PLACEMENT_WEIGHTS: PlacementWeights = { freeCpu: 0.25, freeRam: 0.2, trust: 0.2, energyEfficiency: 0.1, green: 0.1, spread: 0.15 };

const WEIGHT_PROPERTIES: Record<keyof PlacementWeights, string> = {
  freeCpu: PLACEMENT.freeCpuWeight, freeRam: PLACEMENT.freeRamWeight, trust: PLACEMENT.trustWeight,
  energyEfficiency: PLACEMENT.energyEfficiencyWeight, green: PLACEMENT.greenWeight, spread: PLACEMENT.spreadWeight,
};

/** Weights of a cf:PlacementConfiguration resource; a missing or non-numeric weight keeps its default. */
export async function readPlacementWeights(store: GraphStore, configuration: string = PLACEMENT.DefaultPlacementConfiguration): Promise<PlacementWeights> {
  const result = await store.query(`SELECT ?p ?w WHERE { <${configuration}> ?p ?w }`);
  const weights: Record<string, number> = { ...DEFAULT_PLACEMENT_WEIGHTS };
  if (result.kind !== 'bindings') return weights as unknown as PlacementWeights;
  for (const row of result.rows) {
    const key = (Object.keys(WEIGHT_PROPERTIES) as Array<keyof PlacementWeights>).find((k) => WEIGHT_PROPERTIES[k] === row.get('p')?.value);
    const w = Number(row.get('w')?.value);
    if (key && Number.isFinite(w) && w >= 0) weights[key] = w;
  }
  return weights as unknown as PlacementWeights;
}

/** The criteria in the order their parts are listed. */
const CRITERIA: ReadonlyArray<keyof PlacementWeights> = ['freeCpu', 'freeRam', 'trust', 'energyEfficiency', 'green', 'spread'];

const clamp01 = (n: number) => (Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : 0);
/** Rounded to 1e-9 so that the same inputs give bit-identical totals whatever the summation order. */
const tidy = (n: number) => Math.round(n * 1e9) / 1e9;

export class ScoringStrategy {
  constructor(readonly weights: PlacementWeights = DEFAULT_PLACEMENT_WEIGHTS) {}

  /** Score of placing a component needing `need` on `ie`, given what is taken there and how many siblings it hosts. */
  score(ie: IeFacts, need: Need, taken: Taken, siblingsOnIe: number): ScoreBreakdown {
    const values = criteria(ie, need, taken, siblingsOnIe, new Float64Array(CRITERIA.length));
    const parts: Record<string, number> = {};
    let total = 0;
    CRITERIA.forEach((key, i) => {
      parts[key] = tidy(this.weights[key] * values[i]);
      total += parts[key];
    });
    return { total: tidy(total), parts };
  }

  /** score(…).total without building the breakdown (the same arithmetic, so the same number): for ranking. */
  total(ie: IeFacts, need: Need, taken: Taken, siblingsOnIe: number): number {
    const values = criteria(ie, need, taken, siblingsOnIe, this.scratch);
    let total = 0;
    for (let i = 0; i < CRITERIA.length; i++) total += tidy(this.weights[CRITERIA[i]] * values[i]);
    return tidy(total);
  }

  private readonly scratch = new Float64Array(CRITERIA.length);
}

/** The criteria values in [0, 1], in CRITERIA order, written into `out`. */
function criteria(ie: IeFacts, need: Need, taken: Taken, siblingsOnIe: number, out: Float64Array): Float64Array {
  const after: Taken = { cpu: taken.cpu + need.cpu, ram: taken.ram + need.ram, disk: taken.disk + need.disk };
  const cpu = freeCpu(ie, after);
  const ram = freeRam(ie, after);
  const ramBase = ie.ramCapacity ?? ie.availableRam;
  out[0] = cpu === undefined || !ie.cpuCores ? 0 : clamp01(cpu / ie.cpuCores);
  out[1] = ram === undefined || !ramBase ? 0 : clamp01(ram / ramBase);
  out[2] = clamp01(ie.trustScore ?? 0.5);
  out[3] = clamp01(ie.energyEfficiency ?? 0);
  out[4] = clamp01(ie.greenRatio ?? 0);
  out[5] = 1 / (1 + siblingsOnIe);
  return out;
}
