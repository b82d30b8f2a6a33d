/**
 * Linked entity rendering (GS CIM 009 v1.8 §4.5.23): loop protection and the bound on what one response renders.
 * Ten entities that each link to all others: inline with a deep joinLevel walks every path without a repeated
 * entity (9·8·7·6·5 = 15,120 renderings at joinLevel 5), which is refused with TooManyResults instead of built;
 * flat lists each entity once whatever the depth.
 */
import { ContextResolver } from '../../../../fabric/ngsi-ld/context/ContextResolver.js';
import { CONTINUUM_CONTEXT_URL } from '../../../../fabric/ngsi-ld/context/wellKnownContexts.js';
import type { ProcessedContext } from '../../../../fabric/ngsi-ld/context/ProcessedContext.js';
import { MAX_LINKED_RENDERINGS, renderWithLinkedEntities } from '../../../../fabric/ngsi-ld/codec/linkedEntities.js';
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { TooManyResultsError } from '../../../../fabric/errors/FabricError.js';

const id = (n: number) => `urn:ngsi-ld:Node:${n}`;
const N = 10;
const rel = (object: string): AttributeInstance[] => [{ kind: 'Relationship', object, subAttributes: new Map() }];
const nodes: Entity[] = Array.from({ length: N }, (_, n) => ({
  id: id(n),
  types: ['https://example.org/Node'],
  attributes: new Map(Array.from({ length: N }, (_, m) => m).filter((m) => m !== n).map((m) => [`https://example.org/to${m}`, rel(id(m))] as const)),
}));
const byId = new Map(nodes.map((e) => [e.id, e]));

let ctx: ProcessedContext;
beforeAll(async () => {
  ctx = await new ContextResolver().resolve(CONTINUUM_CONTEXT_URL);
});
const rendering = (find: (id: string) => Entity | undefined = (i) => byId.get(i)) => ({ ctx, find, roots: {}, linked: {} });

describe('renderWithLinkedEntities', () => {
  it('never inlines an entity inside itself (the path from the root)', () => {
    const [root] = renderWithLinkedEntities([nodes[0]!], { mode: 'inline', level: 3 }, rendering());
    const ids: string[][] = [];
    const walk = (e: Record<string, unknown>, path: string[]) => {
      for (const value of Object.values(e)) {
        const inner = (value as { entity?: Record<string, unknown> }).entity;
        if (inner) {
          ids.push([...path, inner.id as string]);
          walk(inner, [...path, inner.id as string]);
        }
      }
    };
    walk(root!, [id(0)]);
    expect(ids.length).toBe(9 + 9 * 8 + 9 * 8 * 7);
    for (const path of ids) expect(new Set(path).size).toBe(path.length);
  });

  it('refuses with TooManyResults when inlining would render more than the bound', () => {
    expect(9 * 8 * 7 * 6 * 5).toBeGreaterThan(MAX_LINKED_RENDERINGS);
    expect(() => renderWithLinkedEntities([nodes[0]!], { mode: 'inline', level: 5 }, rendering())).toThrow(TooManyResultsError);
  });

  it('lists each linked entity once with join=flat, at any depth', () => {
    const looked: string[] = [];
    const out = renderWithLinkedEntities([nodes[0]!, nodes[1]!], { mode: 'flat', level: 50 }, rendering((i) => {
      looked.push(i);
      return byId.get(i);
    }));
    expect(out.map((e) => e.id)).toEqual([id(0), id(1), ...Array.from({ length: N - 2 }, (_, k) => id(k + 2))]);
    expect(new Set(looked).size).toBe(looked.length); // each id looked up once
  });
});
