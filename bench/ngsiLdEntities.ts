/**
 * Deterministic aerOS InfrastructureElements (the continuum context's terms) for the
 * `ngsi-ld` bench: entity i in NGSI-LD normalized JSON (GS CIM 009 v1.8 §4.5.1), and the
 * telemetry fragment an IE agent would upsert (currentCpuUsage, availableRam with observedAt).
 * Entity i always has the same attribute values, so the selectivity of the bench query is
 * the same at every size: cpuCores ∈ {2,4,8,16,32} (60 % ≥ 8), currentCpuUsage uniform in
 * [0, 100) (50 % < 50) → `cpuCores>=8;currentCpuUsage<50` matches ≈ 30 % of the IEs.
 */
import { SeededRandom } from '../fabric/demo/SeededRandom.js';

export const CONTINUUM_CONTEXT = 'https://w3id.org/continuum-fabric/context.jsonld';
export const IE_TYPE = 'InfrastructureElement';
const CORES = [2, 4, 8, 16, 32];

/** A seeded PRNG (SeededRandom, mulberry32) so every run writes the same values. */
export function prng(seed: number): () => number {
  const r = new SeededRandom(seed);
  return () => r.next();
}

export function ieId(i: number, prefix = 'bench'): string {
  return `urn:ngsi-ld:InfrastructureElement:${prefix}:${i}`;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Entity i (normalized JSON, no @context: send it with the continuum context in a Link header). */
export function ieEntity(i: number, prefix = 'bench', observedAt = '2026-12-01T10:00:00Z'): Record<string, unknown> {
  const r = prng(i * 7919 + 17);
  const cores = CORES[Math.floor(r() * CORES.length)];
  const ramMb = cores * 2048;
  return {
    id: ieId(i, prefix),
    type: IE_TYPE,
    domain: { type: 'Relationship', object: `urn:ngsi-ld:Domain:bench-${i % 10}` },
    hostname: { type: 'Property', value: `${prefix}-node-${i}` },
    cpuCores: { type: 'Property', value: cores },
    currentCpuUsage: { type: 'Property', value: round(r() * 100, 2), unitCode: 'P1', observedAt },
    ramCapacity: { type: 'Property', value: ramMb, unitCode: '4L' },
    availableRam: { type: 'Property', value: Math.round(ramMb * r()), unitCode: '4L', observedAt },
    infrastructureElementStatus: { type: 'Property', value: 'Ready' },
    location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [round(-0.4 + r(), 4), round(39.4 + r(), 4)] } },
  };
}

/** The telemetry of one IE at one instant: what POST /entityOperations/upsert?options=update carries per item. */
export function ieTelemetry(i: number, r: () => number, observedAt: string, prefix = 'bench'): Record<string, unknown> {
  return {
    id: ieId(i, prefix),
    type: IE_TYPE,
    currentCpuUsage: { type: 'Property', value: round(r() * 100, 2), unitCode: 'P1', observedAt },
    availableRam: { type: 'Property', value: Math.round(65536 * r()), unitCode: '4L', observedAt },
  };
}
