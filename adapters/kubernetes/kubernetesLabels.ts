/**
 * The labels and annotations that mark what the Kubernetes adapter owns. The `app.kubernetes.io/*` keys are the
 * Kubernetes recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels); the
 * aerOS LLO custom resources (ServiceComponentK8s) carry the same set. Label values are at most 63 characters of
 * [A-Za-z0-9_.-], so IRIs go into annotations and a hash of the component IRI is the lookup key.
 */
import { createHash } from 'node:crypto';
import { localName as iriLocalName } from '../../fabric/rdf/localName.js';

/** Field manager for server-side apply and value of app.kubernetes.io/managed-by. */
export const FIELD_MANAGER = 'continuum-fabric';

export const LABEL = {
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  partOf: 'app.kubernetes.io/part-of',
  managedBy: 'app.kubernetes.io/managed-by',
  /** sha256 of the component IRI (40 hex chars): how status()/remove() find a component's objects. */
  componentKey: 'continuum-fabric/component-key',
} as const;

export const ANNOTATION = {
  /** IRI of the aeros:ServiceComponent. */
  component: 'continuum-fabric/component',
  /** IRI of the aeros:Service. */
  service: 'continuum-fabric/service',
  /** IRI of the InfrastructureElement the placement chose. */
  ie: 'continuum-fabric/infrastructure-element',
  /** WorkloadSpec.specHash of the applied spec. */
  specHash: 'continuum-fabric/spec-hash',
} as const;

/** Label selector for everything this adapter owns. */
export const MANAGED_SELECTOR = `${LABEL.managedBy}=${FIELD_MANAGER}`;

export function componentKey(componentId: string): string {
  return createHash('sha256').update(componentId).digest('hex').slice(0, 40);
}

/** Selector for the objects of one component. */
export function componentSelector(componentId: string): string {
  return `${MANAGED_SELECTOR},${LABEL.componentKey}=${componentKey(componentId)}`;
}

/**
 * A valid label value from free text (an IRI's last segment, an image name): at most 63 characters,
 * [A-Za-z0-9_.-], beginning and ending alphanumeric; '' when nothing is left.
 */
export function labelValue(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9_.-]+/g, '-').slice(0, 63);
  return cleaned.replace(/^[^A-Za-z0-9]+/, '').replace(/[^A-Za-z0-9]+$/, '');
}

/** Last segment of an IRI or URN (after '/', '#' or ':'). */
export function localName(iri: string): string {
  return iriLocalName(iri) || iri;
}

/** The application name of an image reference ("registry:5000/org/nginx:1.25@sha256:…" → "nginx"). */
export function imageName(image: string): string {
  const withoutDigest = image.split('@')[0];
  const lastSegment = withoutDigest.split('/').pop() ?? withoutDigest;
  return lastSegment.split(':')[0];
}
