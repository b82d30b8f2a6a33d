/**
 * A deployment request after parsing, whatever its form (TOSCA 1.3 YAML as the aerOS HLO front end takes it, or
 * NGSI-LD Service / ServiceComponent / InfrastructureElementRequirements entities). Placement reads only this.
 */
import type { WorkloadPort } from '../runtime/ContainerRuntime.js';

/** aerOS InfrastructureElementRequirements plus what users of this field expect (GPU, disk, tier, trust, area). */
export interface ComponentRequirements {
  /** Minimum CPU cores of the IE. */
  readonly cpuCores?: number;
  /** The IE's current CPU usage must be at most this (percent, TOSCA node_filter cpu_usage). */
  readonly maxCpuUsage?: number;
  /** CPU the component needs, in cores, reserved on the chosen IE (aeros:requiredCpuUsage). */
  readonly requiredCpu?: number;
  /** Memory the component needs, in MiB, reserved on the chosen IE (TOSCA mem_size, aeros:requiredRam). */
  readonly requiredRamMiB?: number;
  /** Disk the component needs, in GiB. */
  readonly requiredDiskGiB?: number;
  readonly gpu?: boolean;
  /** Accepted CPU architectures as aerOS names (x64, arm64, …). */
  readonly cpuArch?: readonly string[];
  readonly realtime?: boolean;
  /** Accepted tiers (Cloud, Edge, FarEdge, IoT). */
  readonly tier?: readonly string[];
  /** Accepted domains (IRIs). */
  readonly domains?: readonly string[];
  /** A pinned IE (IRI). */
  readonly ie?: string;
  /** Area the IE must lie in: a GeoJSON Polygon/MultiPolygon. */
  readonly area?: unknown;
  readonly minEnergyEfficiency?: number;
  readonly minGreenEnergyRatio?: number;
  readonly minTrustScore?: number;
  /** Accepted LLO orchestration types (Kubernetes, Docker, Containerd). */
  readonly orchestrationTypes?: readonly string[];
}

export interface ComponentRequest {
  /** IRI of the aeros:ServiceComponent (urn:ngsi-ld:ServiceComponent:<service>:<name>). */
  readonly id: string;
  /** Name inside the service (TOSCA node template name). */
  readonly name: string;
  readonly image: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly ports: readonly WorkloadPort[];
  readonly isJob: boolean;
  readonly requirements: ComponentRequirements;
  /** Names of components of the same service that must share this component's IE. */
  readonly affinity: readonly string[];
  /** Names of components of the same service that must not share this component's IE. */
  readonly antiAffinity: readonly string[];
  /** Free labels (e.g. personal-data) that policies can test; kept as cf:label-like data on the component. */
  readonly labels: readonly string[];
}

export interface ServiceRequest {
  /** IRI of the aeros:Service (urn:ngsi-ld:Service:<name>). */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly components: readonly ComponentRequest[];
}
