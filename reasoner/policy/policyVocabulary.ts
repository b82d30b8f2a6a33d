/**
 * IRIs of the policies (docs/policies.md): the cf: terms, the policies graph, and the placeholder IRIs that
 * precompiled check queries carry until a check substitutes the proposed placements and focus nodes.
 */
import { AEROS, CF, GRAPHS, SH } from '../../fabric/rdf/namespaces.js';
import type { PolicySeverity } from '../../orchestration/placement/PolicyGate.js';

export const POLICY = {
  Policy: `${CF}Policy`,
  appliesTo: `${CF}appliesTo`,
  /** A placement: `<component> cf:infrastructureElement <ie>` (PolicyGate.ts). */
  infrastructureElement: `${CF}infrastructureElement`,
  /** New work: a placement under evaluation (supplied by check, ontology/continuum.ttl). */
  proposedInfrastructureElement: `${CF}proposedInfrastructureElement`,
  isPartOfService: `${AEROS}isPartOfService`,
  domain: `${AEROS}domain`,
  graph: GRAPHS.policies,
} as const;

/** Placeholders in precompiled queries, replaced textually at check time (never a real IRI). */
export const PLACEHOLDER = {
  focus: '<urn:x-cf-policy:focus>',
  moved: '<urn:x-cf-policy:moved>',
  component: 'urn:x-cf-policy:component',
  ie: 'urn:x-cf-policy:ie',
} as const;

const SEVERITIES: Record<string, PolicySeverity> = { [`${SH}Violation`]: 'Violation', [`${SH}Warning`]: 'Warning', [`${SH}Info`]: 'Info' };

/** SHACL §2.1.5 sh:severity → the PolicyGate severity; anything else (or none) is a Violation. */
export function severityOf(iri: string | undefined): PolicySeverity {
  return (iri && SEVERITIES[iri]) || 'Violation';
}
