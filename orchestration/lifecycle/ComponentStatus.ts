/**
 * aerOS service component lifecycle (aeros:ServiceComponentStatus): Locating → Starting → Running / Failed,
 * Migrating, Removing, Finished. Each status is an ontology individual; NGSI-LD shows its code.
 */
import { AEROS } from '../../fabric/rdf/namespaces.js';

export type ComponentStatus = 'Locating' | 'Starting' | 'Running' | 'Failed' | 'Migrating' | 'Removing' | 'Finished';

export const COMPONENT_STATUSES: readonly ComponentStatus[] = ['Locating', 'Starting', 'Running', 'Failed', 'Migrating', 'Removing', 'Finished'];

export function statusIri(status: ComponentStatus): string {
  return `${AEROS}${status}ServiceComponent`;
}

/** The status of an individual IRI (aeros:RunningServiceComponent) or a code / urn:ngsi-ld:ServiceComponentStatus:Running. */
export function statusOf(value: string): ComponentStatus | undefined {
  const m = /(?:#|:)([A-Za-z]+?)(?:ServiceComponent)?$/.exec(value);
  const code = m ? m[1] : value;
  return COMPONENT_STATUSES.find((s) => s === code);
}

/** Transitions the lifecycle allows (anything may go to Removing / Failed; Finished only after Removing or a job). */
const ALLOWED: Readonly<Record<ComponentStatus, readonly ComponentStatus[]>> = {
  Locating: ['Starting', 'Failed', 'Removing'],
  Starting: ['Running', 'Failed', 'Finished', 'Removing', 'Migrating', 'Locating'],
  Running: ['Failed', 'Migrating', 'Removing', 'Finished', 'Starting', 'Locating'],
  Failed: ['Starting', 'Locating', 'Removing', 'Running'],
  Migrating: ['Running', 'Failed', 'Removing', 'Starting', 'Locating'],
  Removing: ['Finished'],
  Finished: ['Locating'],
};

export function mayTransition(from: ComponentStatus | undefined, to: ComponentStatus): boolean {
  if (from === undefined) return to === 'Locating';
  return ALLOWED[from].includes(to);
}

/** Statuses in which the component wants a workload on its IE. */
export function wantsWorkload(status: ComponentStatus): boolean {
  return status === 'Starting' || status === 'Running' || status === 'Migrating' || status === 'Failed';
}
