/**
 * IRIs the orchestration service writes (ontology/continuum.ttl): the aerOS Service / ServiceComponent terms and the
 * Continuum Fabric extensions for the request, the status history and the migration in progress.
 */
import { AEROS, CF, DCT } from '../../fabric/rdf/namespaces.js';

export const O = {
  Service: `${AEROS}Service`,
  ServiceComponent: `${AEROS}ServiceComponent`,
  InfrastructureElement: `${AEROS}InfrastructureElement`,
  isPartOfService: `${AEROS}isPartOfService`,
  serviceComponentStatus: `${AEROS}serviceComponentStatus`,
  containerImage: `${AEROS}containerImage`,
  cliArgs: `${AEROS}cliArgs`,
  envVars: `${AEROS}envVars`,
  infrastructureElementStatus: `${AEROS}infrastructureElementStatus`,
  orchestrationType: `${AEROS}orchestrationType`,
  identifier: `${DCT}identifier`,
  name: `${DCT}name`,
  description: `${DCT}description`,
  isJob: `${CF}isJob`,
  InfrastructureElementRequirements: `${AEROS}InfrastructureElementRequirements`,
  infrastructureElementRequirements: `${AEROS}infrastructureElementRequirements`,
  cpuArchitecture: `${AEROS}cpuArchitecture`,
  realTimeCapable: `${AEROS}realTimeCapable`,
  requiredRam: `${AEROS}requiredRam`,
  gpu: `${CF}gpu`,
  /** Data labels of a component (e.g. personal-data) that policies test. */
  dataLabel: `${CF}dataLabel`,
  infrastructureElement: `${CF}infrastructureElement`,
  managedBy: `${CF}managedBy`,
  /** aerOS service lifecycle action: Deploying, Deployed, Destroying, Finished. */
  actionType: `${CF}actionType`,
  /** The accepted ServiceRequest as JSON (so the desired state survives restarts). */
  serviceRequest: `${CF}serviceRequest`,
  /** Hash of the component's request: update() re-plans only components whose hash changed. */
  specHash: `${CF}specHash`,
  /** Why the component has its status (no candidate, runtime error). */
  statusReason: `${CF}statusReason`,
  /** Summary of the placement decision (chosen IE, score, rejected candidates). */
  decisionSummary: `${CF}decisionSummary`,
  /** While Migrating: the IE the component is leaving. */
  migratingFrom: `${CF}migratingFrom`,
  /** LLO endpoint: aerOS reuses schema:url; cf:runtimeNamespace names the containerd / Kubernetes namespace. */
  url: 'https://schema.org/url',
  runtimeNamespace: `${CF}runtimeNamespace`,
  StatusTransition: `${CF}StatusTransition`,
  transitionOf: `${CF}transitionOf`,
  fromStatus: `${CF}fromStatus`,
  toStatus: `${CF}toStatus`,
  transitionAt: `${CF}transitionAt`,
  transitionSeq: `${CF}transitionSeq`,
  transitionReason: `${CF}transitionReason`,
  transitionIe: `${CF}transitionIe`,
} as const;

/** The history graph of one service: every status transition of its components (docs/orchestration.md). */
export function historyGraph(serviceId: string): string {
  return `https://w3id.org/continuum-fabric/graph/orchestration/history/${encodeURIComponent(serviceId)}`;
}
