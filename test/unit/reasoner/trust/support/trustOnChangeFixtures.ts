/** Shared data of the trust-on-change tests: two domains and IEs that differ only in currentCpuUsage. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../../../../fabric/validation/modelFiles.js';
import type { AttributeInstance, Entity } from '../../../../../fabric/ngsi-ld/model/Entity.js';

export const AEROS = 'https://w3id.org/aerOS/continuum#';
export const CF = 'https://w3id.org/continuum-fabric/ns#';
export const ontology = readFileSync(join(packageRoot(), 'ontology', 'continuum.ttl'), 'utf8');
export const prop = (value: unknown): AttributeInstance[] => [{ kind: 'Property', value, subAttributes: new Map() } as AttributeInstance];
export const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: new Map() } as AttributeInstance];
export const D1 = 'urn:ngsi-ld:Domain:one';
export const D2 = 'urn:ngsi-ld:Domain:two';
export const ie = (id: string): string => `urn:ngsi-ld:InfrastructureElement:${id}`;

/** An IE whose criteria are all equal to the others' except currentCpuUsage (a cost criterion). */
export function ieEntity(id: string, domain: string, cpuUsage: number): Entity {
  const attributes = new Map<string, AttributeInstance[]>([[`${AEROS}domain`, rel(domain)]]);
  for (const [p, v] of [['cpuCores', 8], ['currentCpuUsage', cpuUsage], ['ramCapacity', 16], ['availableRam', 8], ['currentRamUsage', 50]] as const) attributes.set(`${AEROS}${p}`, prop(v));
  return { id: ie(id), types: [`${AEROS}InfrastructureElement`], attributes };
}
