/** Test helpers: a memory store wired to the NGSI-LD services with a controllable clock. */
import { MemoryGraphStore } from '../../../../fabric/store/MemoryGraphStore.js';
import type { AttributeInstance, Entity, JsonValue } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { EntityWriter, type EntityWriterOptions } from '../../../../fabric/ngsi-ld/service/EntityWriter.js';

export const EX = 'https://example.org/ns#';
export const T = (n: string): string => `${EX}${n}`;

/** A clock whose time the test moves forward. */
export class TestClock {
  private ms = Date.parse('2026-01-01T00:00:00.000Z');
  readonly now = (): Date => new Date(this.ms);
  advance(seconds = 1): string {
    this.ms += seconds * 1000;
    return new Date(this.ms).toISOString();
  }
  get iso(): string {
    return new Date(this.ms).toISOString();
  }
}

export function setup(options: Omit<EntityWriterOptions, 'clock'> = {}): { store: MemoryGraphStore; writer: EntityWriter; clock: TestClock } {
  const store = new MemoryGraphStore();
  const clock = new TestClock();
  return { store, clock, writer: new EntityWriter(store, { ...options, clock: clock.now }) };
}

export function prop(value: JsonValue, extra: Partial<AttributeInstance> = {}): AttributeInstance {
  return { kind: 'Property', value, subAttributes: new Map(), ...extra };
}

export function rel(object: string, extra: Partial<AttributeInstance> = {}): AttributeInstance {
  return { kind: 'Relationship', object, subAttributes: new Map(), ...extra };
}

export function entity(id: string, type: string | string[], attributes: Record<string, AttributeInstance | AttributeInstance[]> = {}): Entity {
  return {
    id,
    types: (Array.isArray(type) ? type : [type]).map(T),
    attributes: new Map(Object.entries(attributes).map(([name, a]) => [T(name), Array.isArray(a) ? a : [a]])),
  };
}

export function attrs(attributes: Record<string, AttributeInstance | AttributeInstance[]>): Map<string, AttributeInstance[]> {
  return new Map(Object.entries(attributes).map(([name, a]) => [T(name), Array.isArray(a) ? a : [a]]));
}

/** The single (default unless datasetId) instance of attribute `name`. */
export function instance(e: Entity, name: string, datasetId?: string): AttributeInstance | undefined {
  return e.attributes.get(T(name))?.find((i) => i.datasetId === datasetId);
}
