/** IRIs placement reads and writes (ontology/continuum.ttl): aerOS IE attributes, enumerations and cf: decision terms. */
import { AEROS, CF } from '../../fabric/rdf/namespaces.js';

export const NGSI_LD_LOCATION = 'https://uri.etsi.org/ngsi-ld/location';

/** Enumeration individuals → the aerOS names ServiceRequest uses. */
export const ARCHITECTURE_NAMES: Record<string, string> = {
  [`${AEROS}x64Architecture`]: 'x64', [`${AEROS}arm64Architecture`]: 'arm64', [`${AEROS}arm32Architecture`]: 'arm32',
};
export const TIER_NAMES: Record<string, string> = {
  [`${AEROS}CloudTier`]: 'Cloud', [`${AEROS}EdgeTier`]: 'Edge', [`${AEROS}FarEdgeTier`]: 'FarEdge', [`${AEROS}IotTier`]: 'IoT',
  [`${CF}CloudOnPremisesTier`]: 'CloudOnPremises',
};
export const ORCHESTRATION_NAMES: Record<string, string> = {
  [`${AEROS}KubernetesOrchestration`]: 'Kubernetes', [`${AEROS}DockerOrchestration`]: 'Docker', [`${AEROS}ContainerdOrchestration`]: 'Containerd',
  [`${AEROS}OpenstackOrchestration`]: 'OpenStack', [`${CF}PodmanOrchestration`]: 'Podman', [`${CF}iSuladOrchestration`]: 'iSulad',
};
export const READY = `${AEROS}ReadyInfrastructureElement`;
export const ENDED_COMPONENT_STATUSES = [`${AEROS}RemovingServiceComponent`, `${AEROS}FinishedServiceComponent`, `${AEROS}FailedServiceComponent`];

/** Continuum Fabric terms of placement decisions and their configuration (docs/orchestration.md). */
export const PLACEMENT = {
  PlacementDecision: `${CF}PlacementDecision`,
  Explanation: `${CF}Explanation`,
  RejectedCandidate: `${CF}RejectedCandidate`,
  ScorePart: `${CF}ScorePart`,
  forComponent: `${CF}forComponent`,
  forService: `${CF}forService`,
  placedOn: `${CF}placedOn`,
  decidedAt: `${CF}decidedAt`,
  hasExplanation: `${CF}hasExplanation`,
  explanationText: `${CF}explanationText`,
  usedPolicy: `${CF}usedPolicy`,
  score: `${CF}score`,
  hasScorePart: `${CF}hasScorePart`,
  criterion: `${CF}criterion`,
  weightedScore: `${CF}weightedScore`,
  rejectedCandidate: `${CF}rejectedCandidate`,
  rejectedCount: `${CF}rejectedCount`,
  candidate: `${CF}candidate`,
  reason: `${CF}reason`,
  rejectedByPolicy: `${CF}rejectedByPolicy`,
  failureReason: `${CF}failureReason`,
  reservedCpu: `${CF}reservedCpu`,
  reservedRam: `${CF}reservedRam`,
  reservedDisk: `${CF}reservedDisk`,
  releasedAt: `${CF}releasedAt`,
  PlacementConfiguration: `${CF}PlacementConfiguration`,
  DefaultPlacementConfiguration: `${CF}DefaultPlacementConfiguration`,
  freeCpuWeight: `${CF}freeCpuWeight`,
  freeRamWeight: `${CF}freeRamWeight`,
  trustWeight: `${CF}trustWeight`,
  energyEfficiencyWeight: `${CF}energyEfficiencyWeight`,
  greenWeight: `${CF}greenWeight`,
  spreadWeight: `${CF}spreadWeight`,
} as const;
