/**
 * Linked entity retrieval (GS CIM 009 v1.8 §4.5.23; URI parameters join and joinLevel, §6.3.22) over the entities
 * of one tenant: the objects of the Relationships of the entities rendered are looked up (`find`) and
 *
 * - join=inline: rendered as the `entity` member of the Relationship instance naming them, their own Relationships
 *   followed likewise, down to joinLevel;
 * - join=flat: rendered after the entities, each once (an entity already in the result is not repeated), the
 *   linked entities' own Relationships followed down to joinLevel.
 *
 * What is followed: top-level Relationship instances with one object, as rendered (after pick / omit / attrs and
 * datasetId); ListRelationships, Relationships with several objects and those of sub-attributes are not. An object
 * this tenant does not hold is left as it is (no `entity`, not listed). Linked entities are rendered whole in the
 * request's format, sysAttrs and lang (projections select the entities' own attributes). Loops: inline stops at an
 * entity already on the path from the root (A → B → A inlines B in A, not A again in B); flat lists each entity once.
 * At most MAX_LINKED_RENDERINGS linked entities per response (an inline entity counts at each place it appears);
 * beyond, TooManyResults (§5.5.1).
 */
import { TooManyResultsError } from '../../errors/FabricError.js';
import type { ProcessedContext } from '../context/ProcessedContext.js';
import type { Entity } from '../model/Entity.js';
import { compactEntity, type CompactOptions, type JsonObject } from './compactEntity.js';

export type JoinMode = 'flat' | 'inline';

export interface Join {
  readonly mode: JoinMode;
  /** §6.3.22 joinLevel: how many Relationships deep to follow (≥ 1; default 1). */
  readonly level: number;
}

export const MAX_LINKED_RENDERINGS = 10_000;

export interface LinkedRendering {
  readonly ctx: ProcessedContext;
  /** The entity with that id in this tenant, or undefined. */
  readonly find: (id: string) => Entity | undefined;
  /** How the entities asked for are rendered (projection, datasetIds, "@context" of application/ld+json bodies). */
  readonly roots: CompactOptions;
  /** How linked entities are rendered: format, sysAttrs, lang (and, for join=flat, the "@context" member). */
  readonly linked: CompactOptions;
}

/** The entities asked for, rendered with their linked entities (flat: the linked ones follow in the array). */
export function renderWithLinkedEntities(entities: readonly Entity[], join: Join, r: LinkedRendering): JsonObject[] {
  let rendered = 0;
  const counted = (): void => {
    if (++rendered > MAX_LINKED_RENDERINGS) {
      throw new TooManyResultsError(`More than ${MAX_LINKED_RENDERINGS} linked entities to render (join=${join.mode}, joinLevel=${join.level}); lower joinLevel or the page size (§4.5.23).`);
    }
  };
  return join.mode === 'inline' ? inline(entities, join.level, r, counted) : flat(entities, join.level, r, counted);
}

function inline(entities: readonly Entity[], level: number, r: LinkedRendering, counted: () => void): JsonObject[] {
  const { context: _context, ...linkedOptions } = r.linked;
  // `path`: the ids from the root down to the entity being rendered.
  const linkedAt = (depth: number, path: Set<string>) => (object: string): JsonObject | undefined => {
    if (path.has(object)) return undefined;
    const entity = r.find(object);
    if (entity === undefined) return undefined;
    counted();
    path.add(object);
    const out = compactEntity(entity, r.ctx, { ...linkedOptions, ...(depth < level ? { linked: linkedAt(depth + 1, path) } : {}) });
    path.delete(object);
    return out;
  };
  return entities.map((e) => compactEntity(e, r.ctx, { ...r.roots, linked: linkedAt(1, new Set([e.id])) }));
}

function flat(entities: readonly Entity[], level: number, r: LinkedRendering, counted: () => void): JsonObject[] {
  const seen = new Set(entities.map((e) => e.id));
  let frontier: string[] = [];
  const collect = (into: string[]) => (object: string): undefined => {
    if (!seen.has(object)) into.push(object);
    return undefined;
  };
  const out = entities.map((e) => compactEntity(e, r.ctx, { ...r.roots, linked: collect(frontier) }));
  for (let depth = 1; depth <= level && frontier.length > 0; depth++) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      const entity = r.find(id);
      if (entity === undefined) continue;
      counted();
      out.push(compactEntity(entity, r.ctx, { ...r.linked, ...(depth < level ? { linked: collect(next) } : {}) }));
    }
    frontier = next;
  }
  return out;
}
