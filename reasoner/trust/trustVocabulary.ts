/**
 * Trust vocabulary (ontology/continuum.ttl "trust" section, docs/trust.md): the inputs
 * (security alerts, self-security events, health events), the configuration and the
 * breakdown of the aerOS Trust Manager's score as Continuum Fabric terms under CF;
 * the score itself is cf:trustScore on the aerOS InfrastructureElement.
 */
import { AEROS, CF, GRAPHS } from '../../fabric/rdf/namespaces.js';

export const TRUST = {
  TrustEvent: `${CF}TrustEvent`,
  SecurityAlert: `${CF}SecurityAlert`,
  SelfSecurityEvent: `${CF}SelfSecurityEvent`,
  HealthEvent: `${CF}HealthEvent`,
  aboutInfrastructureElement: `${CF}aboutInfrastructureElement`,
  priority: `${CF}priority`,
  occurredAt: `${CF}occurredAt`,
  eventMessage: `${CF}eventMessage`,
  reportedNode: `${CF}reportedNode`,
  networkProtocol: `${CF}networkProtocol`,
  sourceAddress: `${CF}sourceAddress`,
  destinationAddress: `${CF}destinationAddress`,
  healthScenario: `${CF}healthScenario`,

  TrustConfiguration: `${CF}TrustConfiguration`,
  DefaultTrustConfiguration: `${CF}DefaultTrustConfiguration`,
  TrustCriterion: `${CF}TrustCriterion`,
  reliabilityWeight: `${CF}reliabilityWeight`,
  securityWeight: `${CF}securityWeight`,
  reputationWeight: `${CF}reputationWeight`,
  healthPenalty: `${CF}healthPenalty`,
  reputationWindow: `${CF}reputationWindow`,
  maxPriority: `${CF}maxPriority`,
  singleElementReliability: `${CF}singleElementReliability`,
  untrustedThreshold: `${CF}untrustedThreshold`,
  reliabilityCriterion: `${CF}reliabilityCriterion`,
  criterionProperty: `${CF}criterionProperty`,
  criterionWeight: `${CF}criterionWeight`,

  TrustBreakdown: `${CF}TrustBreakdown`,
  trustConfiguration: `${CF}trustConfiguration`,
  computedScore: `${CF}computedScore`,
  reliability: `${CF}reliability`,
  security: `${CF}security`,
  reputation: `${CF}reputation`,
  healthEventCount: `${CF}healthEventCount`,
  securityAlertCount: `${CF}securityAlertCount`,
  selfSecurityEventCount: `${CF}selfSecurityEventCount`,
  domainSize: `${CF}domainSize`,
  rankedInDomain: `${CF}rankedInDomain`,
  usedEvent: `${CF}usedEvent`,
  telemetryInput: `${CF}telemetryInput`,
  weightsUsed: `${CF}weightsUsed`,
  computedAt: `${CF}computedAt`,
  untrustedByTrust: `${CF}untrustedByTrust`,

  trustScore: `${CF}trustScore`,
} as const;

export const IE = {
  InfrastructureElement: `${AEROS}InfrastructureElement`,
  domain: `${AEROS}domain`,
  status: `${AEROS}infrastructureElementStatus`,
  Ready: `${AEROS}ReadyInfrastructureElement`,
  Untrusted: `${AEROS}UntrustedInfrastructureElement`,
} as const;

/**
 * The graph holding every trust breakdown and the status markers (docs/named-graphs.md). It is derived
 * data, but not under GRAPHS.inferredPrefix: the rule engine replaces every graph there on each run.
 */
export const TRUST_GRAPH = GRAPHS.trust;

/** IRI of the breakdown resource of an IE's score. */
export function breakdownIri(ieId: string): string {
  return `https://w3id.org/continuum-fabric/trust/breakdown/${encodeURIComponent(ieId)}`;
}
