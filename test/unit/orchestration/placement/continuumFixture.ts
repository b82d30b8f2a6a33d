/** A small hand-built continuum for placement tests: IEs in natural RDF, each in its own entity graph. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import { GRAPHS } from '../../../../fabric/rdf/namespaces.js';
import { packageRoot } from '../../../../fabric/validation/modelFiles.js';
import type { ComponentRequest, ComponentRequirements, ServiceRequest } from '../../../../orchestration/request/ServiceRequest.js';
import type { PolicyGate, PolicyVerdict, ProposedPlacement } from '../../../../orchestration/placement/PolicyGate.js';

export const PREFIXES = `@prefix aeros: <https://w3id.org/aerOS/continuum#> .
@prefix cf: <https://w3id.org/continuum-fabric/ns#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ngsi-ld: <https://uri.etsi.org/ngsi-ld/> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
`;

export interface IeSpec {
  status?: string; arch?: string; cores?: number; usage?: number; ram?: number; ramCap?: number; disk?: number; gpu?: boolean;
  rt?: boolean; tier?: string; domain?: string; ee?: number; green?: number; trust?: number; orch?: string; lon?: number; lat?: number;
}

/** A healthy x64 edge IE with plenty of everything; override what a test needs. */
export const GOOD: Required<IeSpec> = {
  status: 'ReadyInfrastructureElement', arch: 'x64Architecture', cores: 8, usage: 25, ram: 16000, ramCap: 32000, disk: 100000, gpu: true,
  rt: true, tier: 'EdgeTier', domain: 'urn:ngsi-ld:Domain:edge', ee: 0.8, green: 0.7, trust: 0.9, orch: 'DockerOrchestration', lon: -0.38, lat: 39.47,
};

export const ieIri = (name: string) => `urn:ngsi-ld:InfrastructureElement:${name}`;

export function ieTrig(name: string, spec: IeSpec): string {
  const s = { ...spec };
  const id = `<${ieIri(name)}>`;
  const lines = [`${id} a aeros:InfrastructureElement`];
  if (s.status) lines.push(`aeros:infrastructureElementStatus aeros:${s.status}`);
  if (s.arch) lines.push(`aeros:cpuArchitecture aeros:${s.arch}`);
  if (s.cores !== undefined) lines.push(`aeros:cpuCores ${s.cores}`);
  if (s.usage !== undefined) lines.push(`aeros:currentCpuUsage "${s.usage}"^^xsd:float`);
  if (s.ram !== undefined) lines.push(`aeros:availableRam ${s.ram}`);
  if (s.ramCap !== undefined) lines.push(`aeros:ramCapacity ${s.ramCap}`);
  if (s.disk !== undefined) lines.push(`cf:availableDisk ${s.disk}`);
  if (s.gpu !== undefined) lines.push(`cf:gpu ${s.gpu}`);
  if (s.rt !== undefined) lines.push(`aeros:realTimeCapable ${s.rt}`);
  if (s.tier) lines.push(`aeros:infrastructureElementTier aeros:${s.tier}`);
  if (s.domain) lines.push(`aeros:domain <${s.domain}>`);
  if (s.ee !== undefined) lines.push(`cf:energyEfficiencyRatio "${s.ee}"^^xsd:float`);
  if (s.trust !== undefined) lines.push(`cf:trustScore "${s.trust}"^^xsd:float`);
  if (s.lon !== undefined) lines.push(`ngsi-ld:location "{\\"type\\":\\"Point\\",\\"coordinates\\":[${s.lon},${s.lat}]}"^^geo:geoJSONLiteral`);
  const extra: string[] = [];
  if (s.green !== undefined) {
    lines.push(`cf:powerSource <urn:ngsi-ld:PowerSource:${name}>`);
    extra.push(`<urn:ngsi-ld:PowerSource:${name}> { <urn:ngsi-ld:PowerSource:${name}> a cf:PowerSource ; cf:greenEnergyRatio "${s.green}"^^xsd:float . }`);
  }
  if (s.orch) {
    lines.push(`cf:managedBy <urn:ngsi-ld:LowLevelOrchestrator:${name}>`);
    extra.push(`<urn:ngsi-ld:LowLevelOrchestrator:${name}> { <urn:ngsi-ld:LowLevelOrchestrator:${name}> a aeros:LowLevelOrchestrator ; aeros:orchestrationType aeros:${s.orch} . }`);
  }
  return `${id} { ${lines.join(' ;\n  ')} . }\n${extra.join('\n')}\n`;
}

export async function continuum(ies: Record<string, IeSpec>, options: { ontology?: boolean } = {}): Promise<MemoryGraphStore> {
  const store = new MemoryGraphStore();
  if (options.ontology) await store.load(readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8'), { format: 'text/turtle', graph: GRAPHS.ontology });
  await store.load(PREFIXES + Object.entries(ies).map(([n, s]) => ieTrig(n, s)).join('\n'), { format: 'application/trig' });
  return store;
}

export function component(name: string, requirements: ComponentRequirements = {}, more: Partial<ComponentRequest> = {}): ComponentRequest {
  return {
    id: `urn:ngsi-ld:ServiceComponent:svc:${name}`, name, image: 'busybox', args: [], env: {}, ports: [], isJob: false,
    requirements, affinity: [], antiAffinity: [], labels: [], ...more,
  };
}

export function service(...components: ComponentRequest[]): ServiceRequest {
  return { id: 'urn:ngsi-ld:Service:svc', name: 'svc', components };
}

/** PolicyGate test double: rejects placements on the listed IEs, records every check. */
export class RejectingPolicyGate implements PolicyGate {
  readonly checks: ProposedPlacement[][] = [];
  constructor(private readonly rejectIes: readonly string[] = [], readonly policy = 'https://w3id.org/continuum-fabric/policy#NoPersonalDataThere') {}
  async check(placements: readonly ProposedPlacement[]): Promise<PolicyVerdict> {
    this.checks.push([...placements]);
    const bad = placements.filter((p) => this.rejectIes.includes(p.ie));
    return {
      allowed: bad.length === 0,
      violations: bad.map((p) => ({ policy: this.policy, focusNode: p.component, message: `personal data must stay off ${p.ie}`, severity: 'Violation' as const })),
    };
  }
}
