/**
 * Numeric attribute values of the entities of one type, by position in the type's id list
 * (TypeDirectory: ids in id order, GS CIM 009 v1.8 §6.3.10), so a query walk (§5.7.2, q §4.9
 * comparisons of a plain attribute with a number) can decide a candidate from two typed arrays
 * instead of looking up and testing its decoded entity. A column slot holds what the q test of
 * compileQ reads on the entity: the value when the attribute has exactly one instance, a Property
 * with a JSON number value (NUMBER), that there is no instance (ABSENT: every comparison is false),
 * or that the entity needs the full test (OTHER: several instances, another kind or value, an
 * entity without types). UNKNOWN slots are filled by the walk from the entity it reads anyway.
 *
 * Consistency: a slot is set only from the entity the index reads in the same tick, and the index
 * sets the slot of every entity a change touches back to UNKNOWN (`forget`, from the store's change
 * feed, before the write is acknowledged), so a known slot always describes the stored entity. A
 * column belongs to one generation of its type's id array (SortedIdList.generation): when ids come
 * or go, positions move, and the column starts over (all UNKNOWN) on its next use.
 * Memory: 9 bytes per entity of the type per attribute queried (100k IEs: ≈ 0.9 MB per column).
 */
import { searchId } from './SortedIdList.js';

export const UNKNOWN = 0;
export const NUMBER = 1;
export const ABSENT = 2;
export const OTHER = 3;

/** One attribute's slots over one generation of a type's id list. */
export interface NumericColumn {
  readonly attribute: string;
  /** The id list the positions refer to (shared with the type directory: never modify it). */
  readonly ids: readonly string[];
  readonly generation: number;
  /** Slot states: UNKNOWN, NUMBER, ABSENT, OTHER. */
  readonly states: Uint8Array;
  /** The value of NUMBER slots. */
  readonly values: Float64Array;
}

/** Columns more than this (type × attribute pairs) are not kept: the oldest goes. */
const MAX_COLUMNS = 64;

export class NumericColumns {
  /** By `type \n attribute`; insertion order = age. */
  private readonly columns = new Map<string, NumericColumn>();

  /** The column of `attribute` over `ids` (generation `generation` of `type`'s list), started over when stale. */
  column(type: string, attribute: string, ids: readonly string[], generation: number): NumericColumn {
    const key = `${type}\n${attribute}`;
    const known = this.columns.get(key);
    if (known && known.generation === generation && known.ids === ids) return known;
    const column: NumericColumn = { attribute, ids, generation, states: new Uint8Array(ids.length), values: new Float64Array(ids.length) };
    this.columns.delete(key);
    this.columns.set(key, column);
    if (this.columns.size > MAX_COLUMNS) this.columns.delete(this.columns.keys().next().value as string);
    return column;
  }

  /** The entity `id` changed (or may have): its slots are UNKNOWN in every column. */
  forget(id: string): void {
    for (const column of this.columns.values()) {
      const at = searchId(column.ids, id);
      if (at >= 0) column.states[at] = UNKNOWN;
    }
  }

  /** Drops every column (the type directory was rebuilt). */
  clear(): void {
    this.columns.clear();
  }

  get size(): number {
    return this.columns.size;
  }
}

/** Fills slot `at` of `column` from the entity stored at that position (undefined: not an entity, left UNKNOWN). */
export function fillSlot(column: NumericColumn, at: number, entity: { readonly types: readonly string[]; readonly attributes: ReadonlyMap<string, readonly { readonly kind: string; readonly value?: unknown }[]> } | undefined): void {
  if (!entity) return;
  if (entity.types.length === 0) {
    column.states[at] = OTHER;
    return;
  }
  const instances = entity.attributes.get(column.attribute);
  if (instances === undefined || instances.length === 0) {
    column.states[at] = ABSENT;
    return;
  }
  const only = instances[0];
  if (instances.length === 1 && only.kind === 'Property' && typeof only.value === 'number') {
    column.values[at] = only.value;
    column.states[at] = NUMBER;
    return;
  }
  column.states[at] = OTHER;
}
