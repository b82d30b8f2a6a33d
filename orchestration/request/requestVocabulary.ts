/**
 * Names shared by both request front ends (TOSCA, NGSI-LD): the IRIs of services and components, and the aerOS
 * names of CPU architectures, tiers and orchestration types (ontology/continuum.ttl enumerations).
 */
import { InvalidServiceRequestError, type RequestProblem } from '../../fabric/errors/OrchestrationError.js';

/** aerOS Service IRI for a service name (urn:ngsi-ld:Service:<name>). */
export const serviceIri = (name: string): string => `urn:ngsi-ld:Service:${name}`;
/** aerOS ServiceComponent IRI (urn:ngsi-ld:ServiceComponent:<service>:<component>). */
export const componentIri = (service: string, component: string): string => `urn:ngsi-ld:ServiceComponent:${service}:${component}`;

/** Names that fit in an URN segment and a container name. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** CPU architecture spellings → aerOS names (aeros:x64Architecture, aeros:arm64Architecture, aeros:arm32Architecture). */
const ARCHITECTURES: Record<string, string> = {
  x64: 'x64', x86_64: 'x64', amd64: 'x64', 'x86-64': 'x64',
  arm64: 'arm64', aarch64: 'arm64', arm64v8: 'arm64',
  arm32: 'arm32', arm: 'arm32', armv7: 'arm32', armv7l: 'arm32', armhf: 'arm32',
};
export function architectureName(value: string): string | undefined {
  return ARCHITECTURES[value.trim().toLowerCase()];
}

/** Tier spellings → aerOS tier names (aeros:CloudTier, EdgeTier, FarEdgeTier, IotTier). */
const TIERS: Record<string, string> = { cloud: 'Cloud', edge: 'Edge', faredge: 'FarEdge', 'far-edge': 'FarEdge', far_edge: 'FarEdge', iot: 'IoT' };
export function tierName(value: string): string | undefined {
  return TIERS[value.trim().toLowerCase()];
}

/** Orchestration type spellings → aerOS names (aeros:KubernetesOrchestration, DockerOrchestration, ContainerdOrchestration). */
const ORCHESTRATIONS: Record<string, string> = { kubernetes: 'Kubernetes', k8s: 'Kubernetes', docker: 'Docker', containerd: 'Containerd' };
export function orchestrationName(value: string): string | undefined {
  return ORCHESTRATIONS[value.trim().toLowerCase()];
}

/** Collects problems while a request is read, then throws them all at once. */
export class ProblemList {
  readonly items: RequestProblem[] = [];
  add(path: string, message: string): void {
    this.items.push({ path, message });
  }
  throwIfAny(): void {
    if (this.items.length > 0) throw new InvalidServiceRequestError(this.items);
  }
}
