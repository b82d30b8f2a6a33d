/**
 * The part of a trust write that replaces an IE's cf:trustScore (docs/trust.md "Outputs"): the NGSI-LD Property's
 * default instance (natural triple + reifier, observedAt = the computation time) replacing every instance the store
 * holds (replacedAttribute.ts), or nothing when the stored score stays the same (observedAt included). The replaced
 * instance comes from what the service wrote last (WrittenScores) when it is known, else from the store; either way
 * the same quads are deleted and inserted, and every delete is in the store (the change stays exact).
 */
import type oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import type { AttributeInstance } from '../../fabric/ngsi-ld/model/Entity.js';
import { entityToQuads } from '../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { CF_LEXICAL_FORMS, NGSI_OBSERVED_AT } from '../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { storeLexical } from '../../fabric/ngsi-ld/mapping/temporalLexical.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import { addDifference, addPlainDifference, nquadsKey } from './quadDifference.js';
import { attributeInstances, hasReifierOf } from './replacedAttribute.js';
import type { ScoreInstance } from './WrittenScores.js';
import { TRUST } from './trustVocabulary.js';

/** Quads of one NGSI-LD Property instance (default instance) of an IE. */
export function propertyQuads(ie: string, attribute: string, value: number | string, observedAt: string): RDF.Quad[] {
  const instance = { kind: 'Property', value, observedAt, subAttributes: new Map() } as AttributeInstance;
  return entityToQuads({ id: ie, types: [], attributes: new Map([[attribute, [instance]]]) });
}

/** The objects of the natural triples `ie attribute o` among an instance's quads. */
export const naturalObjects = (quads: readonly RDF.Quad[], ie: string, attribute: string): RDF.Term[] =>
  quads.filter((q) => q.subject.value === ie && q.predicate.value === attribute).map((q) => q.object);

/** A score instance's quads as the store gives them back (its lexical forms: a timestamp's fraction without trailing zeros). */
function storedQuads(ie: string, instance: ScoreInstance): RDF.Quad[] {
  return propertyQuads(ie, TRUST.trustScore, instance.value, instance.observedAt).map((q) => {
    const object = storeLexical(q.object);
    return object === q.object ? q : termFactory.quad(q.subject, q.predicate, object, q.graph);
  });
}

/**
 * Appends to `deletes` / `inserts` what replaces the IE's stored cf:trustScore by `value` observed at `computedAt`.
 * `known`: the instance the store holds by what this service wrote (WrittenScores), else undefined (read the store).
 * Returns the instance the store holds after the change when it is exactly one default instance (to remember), or
 * undefined (forget: a reifier taken in part stays, attributeInstances.partial, or the instance read is not one
 * this service would write).
 */
export function addScoreChange(
  store: GraphStore, ie: string, ieTerm: oxigraph.NamedNode, value: number, computedAt: string, known: ScoreInstance | undefined,
  deletes: RDF.Quad[], inserts: RDF.Quad[],
): ScoreInstance | undefined {
  if (known?.value === value) return known; // the stored score stays, observedAt included: the entity graph is not rewritten
  const newScore = propertyQuads(ie, TRUST.trustScore, value, computedAt);
  const written = naturalObjects(newScore, ie, TRUST.trustScore);
  const fresh: ScoreInstance = { value, observedAt: computedAt };
  // Known: only a stale reifier of the new value (in any graph, from before) is not, and one `match` tells.
  if (known && !written.some((o) => hasReifierOf(store, ieTerm, TRUST.trustScore, o))) {
    addPlainDifference(deletes, inserts, storedQuads(ie, known), newScore);
    return fresh;
  }
  // Every quad of the score attribute, reifier included even without its natural triple: the change is then exact
  // (every insert absent), which lets the store apply it as text (ChangeSet.exactAt).
  const { quads: oldScore, partial } = attributeInstances(store, ie, TRUST.trustScore, written, ieTerm);
  if (oldScore.length === 0) {
    for (const q of newScore) inserts.push(q); // a first score: its quads (one instance's, each once) are all new
    return fresh;
  }
  const oldKeys = oldScore.map(nquadsKey);
  const newKeys = newScore.map(nquadsKey);
  if (sameButObservedAt(oldScore, oldKeys, newScore, newKeys)) return partial ? undefined : instanceOf(ie, value, oldScore, oldKeys);
  addDifference(deletes, inserts, oldScore, newScore, nquadsKey, oldKeys, newKeys);
  return partial ? undefined : fresh;
}

/** The timestamps of an attribute instance (a new computation time), and their exact lexical forms. */
const TIMESTAMP_PREDICATES = new Set([NGSI_OBSERVED_AT, CF_LEXICAL_FORMS]);

/** Whether two sets of an attribute's quads (with their keys) differ at most in observedAt (the same instances, values and graphs). */
function sameButObservedAt(old: readonly RDF.Quad[], oldKeys: readonly string[], fresh: readonly RDF.Quad[], freshKeys: readonly string[]): boolean {
  if (old.length !== fresh.length) return false;
  const kept = new Set<string>();
  for (let i = 0; i < old.length; i++) if (!TIMESTAMP_PREDICATES.has(old[i].predicate.value)) kept.add(oldKeys[i]);
  let n = 0;
  for (let i = 0; i < fresh.length; i++) {
    if (TIMESTAMP_PREDICATES.has(fresh[i].predicate.value)) continue;
    if (!kept.has(freshKeys[i])) return false;
    n++;
  }
  return n === kept.size;
}

/**
 * The stored score read from the store (`quads`, with their keys) as a ScoreInstance, when they are exactly the
 * default instance of `value` this service writes (its observedAt as written: the cf:lexicalForms one when the store
 * changed it), else undefined. Lets a service that did not write the score (a restart) remember it.
 */
function instanceOf(ie: string, value: number, quads: readonly RDF.Quad[], keys: readonly string[]): ScoreInstance | undefined {
  let observedAt: string | undefined;
  for (let i = 0; i < quads.length; i++) {
    if (keys[i].includes(`<${CF_LEXICAL_FORMS}>`)) {
      try {
        const written = (JSON.parse(quads[i].object.value) as { observedAt?: unknown }).observedAt;
        if (typeof written === 'string') observedAt = written;
      } catch {
        return undefined;
      }
    } else if (observedAt === undefined && keys[i].includes(`<${NGSI_OBSERVED_AT}>`)) observedAt = quads[i].object.value;
  }
  if (observedAt === undefined) return undefined;
  const instance = { value, observedAt };
  const rebuilt = new Set(storedQuads(ie, instance).map(nquadsKey));
  return rebuilt.size === new Set(keys).size && keys.every((k) => rebuilt.has(k)) ? instance : undefined;
}
