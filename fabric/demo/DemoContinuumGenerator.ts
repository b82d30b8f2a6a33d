import { SeededRandom } from './SeededRandom.js';
import { CPU_ARCH, IE_STATUS, lit, ORCHESTRATION, OS, T, TIER } from './demoVocabulary.js';

/**
 * Deterministic generator of a demo aerOS continuum in natural RDF
 * (ontology/continuum.ttl): three Domains (cloud, edge, far-edge) with their
 * owning org:Organization and status, LowLevelOrchestrators, InfrastructureElements
 * with realistic capacities and usage, and a few Services whose components are
 * deployed on IEs. Every entity lives in its own named graph (graph IRI = entity
 * IRI, docs/named-graphs.md). Output is N-Quads text in chunks, so 100k IEs
 * stream without building a dataset in memory.
 */
export interface DemoContinuumOptions {
  /** Number of InfrastructureElements (default 50). */
  readonly ies?: number;
  /** PRNG seed (default 42): the same seed gives the same quads. */
  readonly seed?: number;
  /** Approximate quads per yielded chunk (default 10 000). */
  readonly chunkQuads?: number;
}

export interface DemoDomainSpec {
  readonly key: 'cloud' | 'edge' | 'far-edge';
  readonly id: string;
  /** Share of the IEs placed in this domain. */
  readonly share: number;
}

export const DEMO_DOMAINS: readonly DemoDomainSpec[] = [
  { key: 'cloud', id: 'urn:ngsi-ld:Domain:cloud', share: 0.2 },
  { key: 'edge', id: 'urn:ngsi-ld:Domain:edge', share: 0.4 },
  { key: 'far-edge', id: 'urn:ngsi-ld:Domain:far-edge', share: 0.4 },
];

/** A stream of N-Quads chunks; `quads` and the entity counts are final once iteration ends. */
export interface DemoContinuum extends Iterable<string> {
  readonly quads: number;
  readonly entities: number;
}

export function generateDemoContinuum(options: DemoContinuumOptions = {}): DemoContinuum {
  const generator = new DemoContinuumGenerator(options);
  return {
    [Symbol.iterator]: () => generator.chunks(),
    get quads() { return generator.quadCount; },
    get entities() { return generator.entityCount; },
  };
}

/** How many IEs each domain gets: shares rounded, remainder to the last domain, so the total is exact. */
export function iesPerDomain(total: number): number[] {
  const counts = DEMO_DOMAINS.map((d) => Math.floor(total * d.share));
  counts[counts.length - 1] += total - counts.reduce((s, n) => s + n, 0);
  return counts;
}

const LLOS: Record<DemoDomainSpec['key'], Array<[string, string]>> = {
  cloud: [['kubernetes', ORCHESTRATION.kubernetes]],
  edge: [['kubernetes', ORCHESTRATION.kubernetes], ['docker', ORCHESTRATION.docker]],
  'far-edge': [['containerd', ORCHESTRATION.containerd], ['docker', ORCHESTRATION.docker]],
};

const ORGS: Record<DemoDomainSpec['key'], [string, string]> = {
  cloud: ['urn:ngsi-ld:Organization:nimbus-cloud', 'Nimbus Cloud Services'],
  edge: ['urn:ngsi-ld:Organization:metro-edge', 'Metro Edge Networks'],
  'far-edge': ['urn:ngsi-ld:Organization:port-authority', 'Port Authority IoT Lab'],
};

/** Rough geographic centre of each domain's sites (lon, lat). */
const SITES: Record<DemoDomainSpec['key'], [number, number]> = {
  cloud: [8.68, 50.11],
  edge: [-0.38, 39.47],
  'far-edge': [-0.32, 39.44],
};

const SERVICE_BLUEPRINTS: Array<{ name: string; description: string; components: Array<[string, string]> }> = [
  { name: 'video-analytics', description: 'Camera stream object detection', components: [['ingest', 'ghcr.io/demo/rtsp-ingest:1.4'], ['detector', 'ghcr.io/demo/yolo-detector:8.1'], ['dashboard', 'ghcr.io/demo/dashboard:2.0']] },
  { name: 'predictive-maintenance', description: 'Crane vibration anomaly detection', components: [['collector', 'ghcr.io/demo/mqtt-collector:0.9'], ['model', 'ghcr.io/demo/anomaly-model:3.2']] },
  { name: 'energy-monitor', description: 'Power usage aggregation per site', components: [['meter-reader', 'ghcr.io/demo/meter-reader:1.1'], ['aggregator', 'ghcr.io/demo/timeseries-agg:5.0'], ['api', 'ghcr.io/demo/energy-api:1.3']] },
];

export class DemoContinuumGenerator {
  quadCount = 0;
  entityCount = 0;
  private readonly ies: number;
  private readonly rng: SeededRandom;
  private readonly chunkQuads: number;
  private buffer: string[] = [];

  constructor(options: DemoContinuumOptions = {}) {
    this.ies = options.ies ?? 50;
    if (!Number.isInteger(this.ies) || this.ies < 0) throw new RangeError(`ies must be a non-negative integer, got ${options.ies}`);
    this.rng = new SeededRandom(options.seed ?? 42);
    this.chunkQuads = Math.max(1, options.chunkQuads ?? 10_000);
  }

  /** Yields N-Quads text chunks (each ends with a newline). */
  *chunks(): Generator<string> {
    const ieIdsByDomain: string[][] = [];
    const counts = iesPerDomain(this.ies);
    for (let d = 0; d < DEMO_DOMAINS.length; d++) {
      const domain = DEMO_DOMAINS[d];
      this.organization(domain);
      this.domain(domain, d === 0);
      const llos = LLOS[domain.key].map(([name, type]) => this.llo(domain, name, type));
      const ids: string[] = [];
      for (let i = 1; i <= counts[d]; i++) {
        ids.push(this.infrastructureElement(domain, i, llos));
        if (this.buffer.length >= this.chunkQuads) yield this.flush();
      }
      ieIdsByDomain.push(ids);
    }
    const allIes = ieIdsByDomain.flat();
    const services = this.ies === 0 ? 0 : Math.max(SERVICE_BLUEPRINTS.length, Math.floor(this.ies / 16));
    for (let s = 0; s < services; s++) {
      this.service(s, allIes);
      if (this.buffer.length >= this.chunkQuads) yield this.flush();
    }
    if (this.buffer.length > 0) yield this.flush();
  }

  private flush(): string {
    const text = this.buffer.join('\n') + '\n';
    this.quadCount += this.buffer.length;
    this.buffer = [];
    return text;
  }

  /** Emit triples of one entity into its own named graph. */
  private entity(id: string, po: Array<[string, string]>): void {
    const s = `<${id}>`;
    for (const [p, o] of po) this.buffer.push(`${s} ${p} ${o} ${s} .`);
    this.entityCount++;
  }

  private organization(domain: DemoDomainSpec): void {
    const [id, name] = ORGS[domain.key];
    this.entity(id, [[T.type, T.Organization], [T.identifier, lit.str(id.split(':').pop()!)], [T.label, lit.str(name)]]);
  }

  private domain(domain: DemoDomainSpec, entrypoint: boolean): void {
    this.entity(domain.id, [
      [T.type, T.Domain],
      [T.identifier, lit.str(domain.key)],
      [T.description, lit.str(`Demo ${domain.key} domain of the continuum`)],
      [T.owner, `<${ORGS[domain.key][0]}>`],
      [T.domainStatus, domain.key === 'far-edge' && this.rng.chance(0.5) ? T.PreliminarDomain : T.FunctionalDomain],
      [T.publicUrl, lit.anyUri(`https://${domain.key}.continuum.example.org`)],
      [T.isEntrypoint, lit.bool(entrypoint)],
    ]);
  }

  private llo(domain: DemoDomainSpec, name: string, type: string): string {
    const id = `urn:ngsi-ld:LowLevelOrchestrator:${domain.key}:${name}`;
    this.entity(id, [
      [T.type, T.LowLevelOrchestrator],
      [T.name, lit.str(`${name} (${domain.key})`)],
      [T.belongsTo, `<${domain.id}>`],
      [T.orchestrationType, type],
    ]);
    return id;
  }

  private infrastructureElement(domain: DemoDomainSpec, index: number, llos: string[]): string {
    const r = this.rng;
    const seq = String(index).padStart(5, '0');
    const id = `urn:ngsi-ld:InfrastructureElement:${domain.key}:${seq}`;
    let cores: number, ramMb: number, tier: string, arch: string, realTime: boolean, idleW: number, maxW: number;
    if (domain.key === 'cloud') {
      cores = r.pick([16, 32, 48, 64]); ramMb = r.pick([64, 128, 256, 512]) * 1024; tier = TIER.cloud;
      arch = r.chance(0.85) ? CPU_ARCH.x64 : CPU_ARCH.arm64; realTime = false; idleW = 120; maxW = 450;
    } else if (domain.key === 'edge') {
      cores = r.pick([4, 8, 12, 16]); ramMb = r.pick([8, 16, 32]) * 1024; tier = TIER.edge;
      arch = r.chance(0.6) ? CPU_ARCH.x64 : CPU_ARCH.arm64; realTime = r.chance(0.3); idleW = 25; maxW = 120;
    } else {
      cores = r.pick([1, 2, 4]); ramMb = r.pick([1, 2, 4, 8]) * 1024; tier = TIER.farEdge;
      arch = r.chance(0.7) ? CPU_ARCH.arm64 : CPU_ARCH.arm32; realTime = r.chance(0.7); idleW = 2; maxW = 15;
    }
    const cpuUsage = r.chance(0.1) ? r.float(85, 99) : r.float(3, 80);
    const ramUsed = Math.min(ramMb, Math.round(ramMb * r.float(0.1, 0.95, 3)));
    const avgPower = r.float(idleW, maxW * 0.7);
    const curPower = Math.round((idleW + (maxW - idleW) * cpuUsage / 100) * 10) / 10;
    const [lon, lat] = SITES[domain.key];
    const octet = (n: number) => n.toString(16).padStart(2, '0');
    this.entity(id, [
      [T.type, T.InfrastructureElement],
      [T.domain, `<${domain.id}>`],
      [T.hostname, lit.str(`${domain.key}-node-${seq}`)],
      [T.internalIpAddress, lit.str(`10.${DEMO_DOMAINS.findIndex((d) => d.key === domain.key) + 1}.${Math.floor(index / 250)}.${(index % 250) + 1}`)],
      [T.macAddress, lit.str(`02:00:${octet(r.int(0, 255))}:${octet(r.int(0, 255))}:${octet(index >> 8 & 255)}:${octet(index & 255)}`)],
      [T.cpuCores, lit.int(cores)],
      [T.currentCpuUsage, lit.float(cpuUsage)],
      [T.ramCapacity, lit.int(ramMb)],
      [T.availableRam, lit.int(ramMb - ramUsed)],
      [T.currentRamUsage, lit.int(ramUsed)],
      [T.averagePowerConsumption, lit.float(avgPower)],
      [T.currentPowerConsumption, lit.float(curPower)],
      [T.realTimeCapable, lit.bool(realTime)],
      [T.cpuArchitecture, arch],
      [T.operatingSystem, domain.key === 'edge' && r.chance(0.1) ? OS.windows : OS.linux],
      [T.infrastructureElementTier, tier],
      [T.infrastructureElementStatus, cpuUsage >= 85 ? IE_STATUS.overload : IE_STATUS.ready],
      [T.location, lit.point(Math.round((lon + r.float(-0.2, 0.2, 4)) * 1e4) / 1e4, Math.round((lat + r.float(-0.2, 0.2, 4)) * 1e4) / 1e4)],
      [T.managedBy, `<${r.pick(llos)}>`],
    ]);
    return id;
  }

  private service(index: number, ies: string[]): void {
    const blueprint = SERVICE_BLUEPRINTS[index % SERVICE_BLUEPRINTS.length];
    const name = index < SERVICE_BLUEPRINTS.length ? blueprint.name : `${blueprint.name}-${index}`;
    const id = `urn:ngsi-ld:Service:${name}`;
    this.entity(id, [[T.type, T.Service], [T.identifier, lit.str(name)], [T.description, lit.str(blueprint.description)]]);
    for (const [component, image] of blueprint.components) {
      const cid = `urn:ngsi-ld:ServiceComponent:${name}:${component}`;
      this.entity(cid, [
        [T.type, T.ServiceComponent],
        [T.identifier, lit.str(`${name}-${component}`)],
        [T.isPartOfService, `<${id}>`],
        [T.serviceComponentStatus, this.rng.chance(0.9) ? T.RunningServiceComponent : T.StartingServiceComponent],
        [T.containerImage, lit.str(image)],
        [T.infrastructureElement, `<${this.rng.pick(ies)}>`],
      ]);
    }
  }
}
