/**
 * The change a trust run writes, as linked data (docs/trust.md):
 * - in each IE's entity graph, the NGSI-LD Property cf:trustScore (default instance, observedAt
 *   = computation time) replacing any previous cf:trustScore instance, so NGSI-LD retrieval and
 *   SPARQL both see it (docs/ngsi-ld-mapping.md: natural triple + reifier); a stored score that stays the same is
 *   left as it is (observedAt too), so the IE's entity graph is not rewritten;
 * - where the status flips, aeros:infrastructureElementStatus "Untrusted" / "Ready" written the
 *   same way (the code string maps to the aerOS individual);
 * - in the graph TRUST_GRAPH, one cf:TrustBreakdown per IE and the cf:untrustedByTrust
 *   markers that let recovery tell its own Untrusted from one set by someone else; a run replaces
 *   the entries of the IEs it writes and deletes those of IEs that are gone.
 */
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import type { AttributeInstance } from '../../fabric/ngsi-ld/model/Entity.js';
import { entityToQuads } from '../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { CF_LEXICAL_FORMS, NGSI_OBSERVED_AT, RDF_REIFIES } from '../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { reifierIri } from '../../fabric/ngsi-ld/mapping/reifierIri.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import oxigraph from 'oxigraph';
import { quadsToNQuads } from '../../fabric/ngsi-ld/mapping/nquadsText.js';
import { GRAPHS, RDF as RDF_NS, XSD } from '../../fabric/rdf/namespaces.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import type { TrustResult } from './trustComputation.js';
import { breakdownIri, IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';

const { namedNode, literal, quad } = termFactory;
const trustGraph = namedNode(TRUST_GRAPH);
const double = (x: number): RDF.Literal => literal(String(x), namedNode(`${XSD}double`));
const integer = (x: number): RDF.Literal => literal(String(x), namedNode(`${XSD}integer`));
/** push without spreading (a spread of 100k quads overflows the stack). */
const append = (target: RDF.Quad[], items: readonly RDF.Quad[]): void => { for (const q of items) target.push(q); };

/** Status decided for an IE by a run: what to write (if anything) and whether the marker stays. */
export interface StatusDecision {
  readonly write?: 'Untrusted' | 'Ready';
  readonly marked: boolean;
}

/**
 * Below the threshold a Ready (or status-less) IE becomes Untrusted and is marked; an IE
 * marked by trust and still Untrusted returns to Ready once the score is back at or above
 * it. Any other status (Overload, Unsecure, Disabled, Maintenance, an Untrusted set by
 * someone else) is left as it is.
 */
export function decideStatus(score: number, statuses: readonly string[], marked: boolean, threshold: number): StatusDecision {
  const only = (iri: string): boolean => statuses.length === 1 && statuses[0] === iri;
  const ownUntrusted = marked && only(IE.Untrusted);
  if (score < threshold) {
    if (statuses.length === 0 || only(IE.Ready)) return { write: 'Untrusted', marked: true };
    return { marked: ownUntrusted };
  }
  return ownUntrusted ? { write: 'Ready', marked: false } : { marked: false };
}

/** Quads of one NGSI-LD Property instance (default instance) of an IE. */
function propertyQuads(ie: string, attribute: string, value: number | string, observedAt: string): RDF.Quad[] {
  const instance = { kind: 'Property', value, observedAt, subAttributes: new Map() } as AttributeInstance;
  return entityToQuads({ id: ie, types: [], attributes: new Map([[attribute, [instance]]]) });
}

/**
 * Every quad of an attribute of an IE: its natural triples in whatever graph holds them (the entity
 * graph, or a graph loaded through SPARQL / the Graph Store Protocol) and the NGSI-LD reifiers of
 * the attribute with their own triples (docs/ngsi-ld-mapping.md "Reifiers"). The new value then goes into the
 * entity graph alone. The default instance's reifier has a known IRI (reifierIri): its quads are found in the
 * entity graph even when its natural triple is gone, so the write stays exact; other reifiers (datasetId instances,
 * reifiers in other graphs) are those reifying a natural triple found. Each reifier's quads include the
 * cf:attribute / cf:subject it may carry from before 2026-12-04, so a rewrite leaves none behind.
 */
function attributeQuads(store: GraphStore, ie: string, attribute: string): RDF.Quad[] {
  const naturals = store.match(namedNode(ie), namedNode(attribute), null, null);
  const out = [...naturals];
  const own = namedNode(GRAPHS.entity(ie));
  const defaultReifier = reifierIri(ie, attribute, undefined);
  append(out, store.match(namedNode(defaultReifier), null, null, own));
  const found = new Set([`${defaultReifier} ${own.value}`]);
  for (const n of naturals) {
    for (const r of store.match(null, namedNode(RDF_REIFIES), quad(n.subject, n.predicate, n.object), n.graph)) {
      const key = `${r.subject.value} ${r.graph.value}`;
      if (found.has(key)) continue;
      found.add(key);
      append(out, store.match(r.subject, null, null, r.graph));
    }
  }
  return out;
}

function breakdownQuads(r: TrustResult, config: TrustConfiguration, computedAt: string): RDF.Quad[] {
  const b = namedNode(breakdownIri(r.ie));
  const add = (p: string, o: RDF.Quad_Object): RDF.Quad => quad(b, namedNode(p), o, trustGraph);
  const weights = {
    reliabilityWeight: config.reliabilityWeight, securityWeight: config.securityWeight, reputationWeight: config.reputationWeight,
    healthPenalty: config.healthPenalty, reputationWindowMs: config.reputationWindowMs, maxPriority: config.maxPriority,
    singleElementReliability: config.singleElementReliability, untrustedThreshold: config.untrustedThreshold,
    criteria: Object.fromEntries(config.criteria.map((c) => [c.property, c.weight])),
  };
  const out = [
    add(`${RDF_NS}type`, namedNode(TRUST.TrustBreakdown)),
    add(TRUST.aboutInfrastructureElement, namedNode(r.ie)),
    add(TRUST.computedScore, double(r.storedScore)),
    add(TRUST.reliability, double(r.reliability)),
    add(TRUST.security, double(r.security)),
    add(TRUST.reputation, double(r.reputation)),
    add(TRUST.healthEventCount, integer(r.healthEvents)),
    add(TRUST.securityAlertCount, integer(r.securityAlerts.length)),
    add(TRUST.selfSecurityEventCount, integer(r.selfSecurityEvents.length)),
    add(TRUST.domainSize, integer(r.domainSize)),
    add(TRUST.telemetryInput, literal(JSON.stringify(r.telemetry), namedNode(`${RDF_NS}JSON`))),
    add(TRUST.weightsUsed, literal(JSON.stringify(weights), namedNode(`${RDF_NS}JSON`))),
    add(TRUST.trustConfiguration, namedNode(config.iri)),
    add(TRUST.computedAt, literal(computedAt, namedNode(`${XSD}dateTime`))),
  ];
  if (r.domain) out.push(add(TRUST.rankedInDomain, namedNode(r.domain)));
  for (const e of [...r.securityAlerts, ...r.selfSecurityEvents, ...r.healthEventIds]) out.push(add(TRUST.usedEvent, namedNode(e)));
  return out;
}

export interface TrustChange {
  readonly deletes: RDF.Quad[];
  readonly inserts: RDF.Quad[];
  readonly untrusted: string[];
  readonly recovered: string[];
}

export interface IeState {
  readonly statuses: readonly string[];
  readonly untrustedByTrust: boolean;
}

/**
 * The ChangeSet writing `results` (each IE's score, breakdown, marker and, where it flips, status),
 * replacing what the store holds for these IEs; `vanished`: IEs whose breakdown and marker are only
 * deleted (no longer InfrastructureElements). Reads the store only about these IEs: a few `match`
 * calls each. The change is exact (every delete read from the store, every insert absent from it).
 * The score written is the rounded one (TrustResult.storedScore), and the status follows it.
 */
export function trustChange(store: GraphStore, results: readonly TrustResult[], states: ReadonlyMap<string, IeState>, config: TrustConfiguration, computedAt: string, vanished: readonly string[] = []): TrustChange {
  const deletes: RDF.Quad[] = [];
  const inserts: RDF.Quad[] = [];
  const untrusted: string[] = [];
  const recovered: string[] = [];
  for (const ie of vanished) {
    append(deletes, store.match(namedNode(breakdownIri(ie)), null, null, trustGraph));
    append(deletes, store.match(namedNode(ie), namedNode(TRUST.untrustedByTrust), null, trustGraph));
  }
  for (const r of results) {
    append(deletes, store.match(namedNode(breakdownIri(r.ie)), null, null, trustGraph));
    append(deletes, store.match(namedNode(r.ie), namedNode(TRUST.untrustedByTrust), null, trustGraph));
    // Every quad of the score attribute, reifier included even without its natural triple: the change is then exact
    // (every insert absent), which lets the store apply it as text (ChangeSet.exactAt). A stored score that stays the
    // same is left as it is, observedAt included: the IE's entity graph is not rewritten (docs/trust.md).
    const oldScore = attributeQuads(store, r.ie, TRUST.trustScore);
    const newScore = propertyQuads(r.ie, TRUST.trustScore, r.storedScore, computedAt);
    if (!sameButObservedAt(oldScore, newScore)) {
      append(deletes, oldScore);
      append(inserts, newScore);
    }
    append(inserts, breakdownQuads(r, config, computedAt));
    const state = states.get(r.ie) ?? { statuses: [], untrustedByTrust: false };
    const decision = decideStatus(r.storedScore, state.statuses, state.untrustedByTrust, config.untrustedThreshold);
    if (decision.write) {
      append(deletes, attributeQuads(store, r.ie, IE.status));
      append(inserts, propertyQuads(r.ie, IE.status, decision.write, computedAt));
      (decision.write === 'Untrusted' ? untrusted : recovered).push(r.ie);
    }
    if (decision.marked) inserts.push(quad(namedNode(r.ie), namedNode(TRUST.untrustedByTrust), literal('true', namedNode(`${XSD}boolean`)), trustGraph));
  }
  if (deletes.length === 0) return { deletes, inserts, untrusted, recovered };
  return { ...netChange(deletes, inserts), untrusted, recovered };
}

/** A quad's N-Quads text without the final " .": oxigraph quads print themselves in one WASM call, plain quads in JS the same way. */
const key = (q: RDF.Quad): string => (q instanceof oxigraph.Quad ? q.toString() : quadsToNQuads([q]).replace(/ \.\n$/, ''));
/** The timestamps of an attribute instance (a new computation time), and their exact lexical forms. */
const TIMESTAMP_PREDICATES = new Set([NGSI_OBSERVED_AT, CF_LEXICAL_FORMS]);

/** Whether two sets of an attribute's quads differ at most in observedAt (the same instances, values and graphs). */
function sameButObservedAt(old: readonly RDF.Quad[], fresh: readonly RDF.Quad[]): boolean {
  if (old.length !== fresh.length) return false;
  const kept = new Set<string>();
  for (const q of old) if (!TIMESTAMP_PREDICATES.has(q.predicate.value)) kept.add(key(q));
  let n = 0;
  for (const q of fresh) {
    if (TIMESTAMP_PREDICATES.has(q.predicate.value)) continue;
    if (!kept.has(key(q))) return false;
    n++;
  }
  return n === kept.size;
}

/**
 * Only what really changes: a quad both deleted and re-inserted (most of a breakdown, an unchanged
 * score's reifier) is left alone. Every quad costs the store a WASM round trip or more
 * (measured ~20 µs under load), so a rerun with nothing changed writes a few quads per IE, not ~40.
 */
function netChange(deletes: readonly RDF.Quad[], inserts: readonly RDF.Quad[]): { deletes: RDF.Quad[]; inserts: RDF.Quad[] } {
  // A key that differs only costs a redundant delete + insert of the same quad.
  const inserted = new Map<string, RDF.Quad>();
  for (const q of inserts) inserted.set(key(q), q);
  const deleted = new Map<string, RDF.Quad>();
  for (const q of deletes) deleted.set(key(q), q);
  const netDeletes: RDF.Quad[] = [];
  for (const [k, q] of deleted) if (!inserted.has(k)) netDeletes.push(q);
  const netInserts: RDF.Quad[] = [];
  for (const [k, q] of inserted) if (!deleted.has(k)) netInserts.push(q);
  return { deletes: netDeletes, inserts: netInserts };
}
