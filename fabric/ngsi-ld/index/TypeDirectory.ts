/**
 * Which entities exist and of which types (GS CIM 009 v1.8 §4.17 entity types; §5.7.2 queries by
 * type), kept in id order for paging (§6.3.10): per type the sorted ids of its entities, and the
 * sorted ids of all entities (an entity = a graph `<id>` holding `<id> rdf:type ?t`, exactly what
 * the SPARQL compiler matches with `GRAPH ?id { ?id a ?t }`). Filled once from the store (one
 * SELECT), then kept exact by the type triples of every change of the store's feed; changes that
 * arrive while the SELECT runs are replayed on top of its answer (each change sets one membership,
 * so the replay gives the state after the last change whatever state the SELECT saw).
 * Memory: one Map entry, its type array and one slot per list per entity (≈ 150 bytes).
 */
import type { GraphStore } from '../../store/GraphStore.js';
import { isIriTypeKey, typeKey, type TypeChange } from './changeRecordScan.js';
import { SortedIdList } from './SortedIdList.js';
import { compareIds } from './idOrder.js';
import { detached } from './detachedString.js';

const TYPE_TRIPLES = 'SELECT ?id ?t WHERE { GRAPH ?id { ?id a ?t } FILTER(isIRI(?id)) }';
const NONE: readonly string[] = [];

export class TypeDirectory {
  private readonly typesOf = new Map<string, string[]>();
  private readonly byType = new Map<string, SortedIdList>();
  /** Each type IRI seen, as one string of its own (set). */
  private readonly typeStrings = new Map<string, string>();
  private readonly all = new SortedIdList();
  /** Changes seen while the first SELECT runs; undefined once loaded (or before loading starts). */
  private buffered: TypeChange[] | undefined;
  private loading: Promise<void> | undefined;
  private loaded = false;

  constructor(private readonly store: GraphStore) {}

  /** Resolves once the directory reflects the store (the first call runs the SELECT). */
  ready(): Promise<void> {
    if (this.loaded) return Promise.resolve();
    this.loading ??= this.load();
    return this.loading;
  }

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Whether changes matter to it (loaded or loading). */
  get following(): boolean {
    return this.loaded || this.buffered !== undefined;
  }

  /** A type triple added or removed by a committed change (ignored until loading starts). */
  apply(change: TypeChange): void {
    if (this.buffered) this.buffered.push(change);
    else if (this.loaded) this.set(change);
  }

  /** The ids of the entities of `type`, in id order (shared array: read it before the next change). */
  idsOfType(type: string): readonly string[] {
    return this.byType.get(type)?.ids() ?? NONE;
  }

  /**
   * The ids of the entities of `type` with the generation of that array (SortedIdList.generation):
   * positions in `ids` are stable while a later call returns the same generation.
   */
  typeList(type: string): { readonly ids: readonly string[]; readonly generation: number } {
    const list = this.byType.get(type);
    return list ? { ids: list.ids(), generation: list.generation } : { ids: NONE, generation: 0 };
  }

  /** The ids of all entities, in id order (shared array). */
  allIds(): readonly string[] {
    return this.all.ids();
  }

  /** The types of an entity (expanded IRIs), empty when it is not an entity. */
  typesOfId(id: string): readonly string[] {
    return this.typesOf.get(id) ?? NONE;
  }

  /**
   * §5.7.5: the types (IRIs; a literal object of rdf:type is no entity type) that at least one entity has,
   * in code point order (SPARQL's ORDER BY on IRIs).
   */
  typeNames(): string[] {
    const names: string[] = [];
    for (const [type, list] of this.byType) if (list.ids().length > 0 && isIriTypeKey(type)) names.push(type);
    return names.sort(compareIds);
  }

  get entityCount(): number {
    return this.typesOf.size;
  }

  private async load(): Promise<void> {
    this.buffered = [];
    try {
      const result = await this.store.query(TYPE_TRIPLES);
      if (result.kind !== 'bindings') throw new Error('The type directory SELECT returned no bindings.');
      for (const row of result.rows) {
        const id = row.get('id');
        const t = row.get('t');
        if (id && t) this.set({ id: id.value, type: typeKey(t as { termType: string; value: string }), added: true });
      }
      for (const change of this.buffered) this.set(change);
      this.loaded = true;
    } catch (error) {
      this.typesOf.clear();
      this.byType.clear();
      this.all.reset([]);
      this.loading = undefined;
      throw error;
    } finally {
      this.buffered = undefined;
    }
  }

  private set({ id, type, added }: TypeChange): void {
    const types = this.typesOf.get(id);
    if (added) {
      if (types?.includes(type)) return;
      // Kept for as long as the entity lives: strings of their own, not slices of the change record's text
      // (detachedString.ts); each type IRI once.
      let name = this.typeStrings.get(type);
      if (name === undefined) this.typeStrings.set((name = detached(type)), name);
      id = detached(id);
      if (types) types.push(name);
      else {
        this.typesOf.set(id, [name]);
        this.all.add(id);
      }
      let list = this.byType.get(name);
      if (!list) this.byType.set(name, (list = new SortedIdList()));
      list.add(id);
      return;
    }
    const at = types ? types.indexOf(type) : -1;
    if (!types || at < 0) return;
    types.splice(at, 1);
    this.byType.get(type)?.remove(id);
    if (types.length === 0) {
      this.typesOf.delete(id);
      this.all.remove(id);
    }
  }
}
