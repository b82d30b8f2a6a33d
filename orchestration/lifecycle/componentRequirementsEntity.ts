/**
 * A component's requirements as an aeros:InfrastructureElementRequirements entity linked from the component by
 * aeros:infrastructureElementRequirements (the aerOS shape of the data), so that policies over components
 * (shapes/policies: CPU architecture, real time, RAM fits, GPU workloads on trusted IEs) see what an orchestrated
 * component asks for, exactly as they see components written through NGSI-LD.
 */
import type { AttributeInstance, Entity } from '../../fabric/ngsi-ld/model/Entity.js';
import type { ComponentRequirements } from '../request/ServiceRequest.js';
import { O } from './orchestrationVocabulary.js';

const NONE = new Map<string, readonly AttributeInstance[]>();
const prop = (value: string | number | boolean): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: NONE }];
const COMPONENT_PREFIX = 'urn:ngsi-ld:ServiceComponent:';

/** urn:ngsi-ld:InfrastructureElementRequirements:<service>:<name> for urn:ngsi-ld:ServiceComponent:<service>:<name>. */
export function requirementsIri(componentId: string): string {
  return componentId.startsWith(COMPONENT_PREFIX)
    ? `urn:ngsi-ld:InfrastructureElementRequirements:${componentId.slice(COMPONENT_PREFIX.length)}`
    : `${componentId}-requirements`;
}

/**
 * The entity, or undefined when the component asks for nothing a policy reads. A CPU architecture is written only
 * when exactly one is accepted (aeros:cpuArchitecture is single-valued; a policy compares it with the IE's).
 */
export function requirementsEntity(componentId: string, r: ComponentRequirements): Entity | undefined {
  const attributes = new Map<string, readonly AttributeInstance[]>();
  if (r.cpuArch?.length === 1) attributes.set(O.cpuArchitecture, prop(r.cpuArch[0]));
  if (r.realtime !== undefined) attributes.set(O.realTimeCapable, prop(r.realtime));
  if (r.gpu !== undefined) attributes.set(O.gpu, prop(r.gpu));
  if (r.requiredRamMiB !== undefined) attributes.set(O.requiredRam, prop(r.requiredRamMiB));
  if (attributes.size === 0) return undefined;
  return { id: requirementsIri(componentId), types: [O.InfrastructureElementRequirements], attributes };
}
