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
import { CF_LEXICAL_FORMS, NGSI_DATASET_ID, NGSI_OBSERVED_AT, RDF_REIFIES } from '../../fabric/ngsi-ld/mapping/rdfVocabulary.js';
import { reifierIri } from '../../fabric/ngsi-ld/mapping/reifierIri.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import { GRAPHS, RDF as RDF_NS, XSD } from '../../fabric/rdf/namespaces.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import type { TrustResult } from './trustComputation.js';
import { addDifference, addPlainDifference, nquadsKey } from './quadDifference.js';
import type { WrittenEntry } from './WrittenTrustGraph.js';
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
 * entity graph alone. Reifiers are found three ways, none of which needs a reifier to name its attribute:
 * - the default instance's, by its known IRI (reifierIri) in the entity graph, even when its natural triple is gone;
 * - those reifying a natural triple found, in any graph (a reifier may sit in another graph than its triple);
 * - the datasetId instances in the entity graph (`ngsi-ld:datasetId`, GS CIM 009 §4.5.5) that reify a triple of this
 *   IE and attribute, even a stale one whose natural triple SPARQL removed: left behind, it would read as a live
 *   instance again once this value is written again. Usually none: one `match` that finds nothing.
 * Not found: a stale reifier outside the entity graph, or a stale one there with neither the default IRI nor a
 * datasetId (only SPARQL sees the former; NGSI-LD reads ignore stale reifiers). Each reifier's quads include the
 * cf:attribute / cf:subject it may carry from before 2026-12-04, so a rewrite leaves none behind.
 */
function attributeQuads(store: GraphStore, ie: string, attribute: string): RDF.Quad[] {
  const naturals = store.match(namedNode(ie), namedNode(attribute), null, null);
  const out = [...naturals];
  const own = namedNode(GRAPHS.entity(ie));
  const defaultReifier = reifierIri(ie, attribute, undefined);
  append(out, store.match(namedNode(defaultReifier), null, null, own));
  const found = new Set([`${defaultReifier} ${own.value}`]);
  const take = (reifier: RDF.Quad['subject'], graph: RDF.Quad['graph']): void => {
    const key = `${reifier.value} ${graph.value}`;
    if (found.has(key)) return;
    found.add(key);
    append(out, store.match(reifier, null, null, graph));
  };
  for (const n of naturals) {
    for (const r of store.match(null, namedNode(RDF_REIFIES), quad(n.subject, n.predicate, n.object), null)) take(r.subject, r.graph);
  }
  for (const d of store.match(null, namedNode(NGSI_DATASET_ID), null, own)) {
    if (found.has(`${d.subject.value} ${own.value}`)) continue;
    const ours = d.subject.value === reifierIri(ie, attribute, d.object.value)
      || store.match(d.subject, namedNode(RDF_REIFIES), null, own).some((r) => reifiesAttributeOf(r.object, ie, attribute));
    if (ours) take(d.subject, own);
  }
  return out;
}

/** Whether `term` is a triple term `<<( ie attribute ?o )>>`. */
function reifiesAttributeOf(term: RDF.Term, ie: string, attribute: string): boolean {
  if (term.termType !== 'Quad') return false;
  const triple = term as unknown as RDF.Quad;
  return triple.subject.value === ie && triple.predicate.value === attribute;
}

/** cf:weightsUsed of a configuration, as JSON: the same text for every breakdown of a run, made once. */
const weightsText = new WeakMap<TrustConfiguration, string>();
function weightsUsed(config: TrustConfiguration): string {
  let text = weightsText.get(config);
  if (text === undefined) {
    text = JSON.stringify({
      reliabilityWeight: config.reliabilityWeight, securityWeight: config.securityWeight, reputationWeight: config.reputationWeight,
      healthPenalty: config.healthPenalty, reputationWindowMs: config.reputationWindowMs, maxPriority: config.maxPriority,
      singleElementReliability: config.singleElementReliability, untrustedThreshold: config.untrustedThreshold,
      criteria: Object.fromEntries(config.criteria.map((c) => [c.property, c.weight])),
    });
    weightsText.set(config, text);
  }
  return text;
}

/** An IE's cf:TrustBreakdown in the trust graph (docs/trust.md "Outputs"). */
export function breakdownQuads(r: TrustResult, config: TrustConfiguration, computedAt: string): RDF.Quad[] {
  const b = namedNode(breakdownIri(r.ie));
  const add = (p: string, o: RDF.Quad_Object): RDF.Quad => quad(b, namedNode(p), o, trustGraph);
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
    add(TRUST.weightsUsed, literal(weightsUsed(config), namedNode(`${RDF_NS}JSON`))),
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
  /** IEs whose cf:untrustedByTrust marker the change leaves in the trust graph. */
  readonly marked: ReadonlySet<string>;
}

export interface IeState {
  readonly statuses: readonly string[];
  readonly untrustedByTrust: boolean;
}

const markerQuad = (ie: string): RDF.Quad => quad(namedNode(ie), namedNode(TRUST.untrustedByTrust), literal('true', namedNode(`${XSD}boolean`)), trustGraph);

/** An IE's quads in the trust graph as a run wrote them (its breakdown, and its marker when set): WrittenTrustGraph's EntryQuads. */
export function writtenQuads(entry: WrittenEntry): RDF.Quad[] {
  const out = breakdownQuads(entry.result, entry.config, entry.computedAt);
  if (entry.marked) out.push(markerQuad(entry.result.ie));
  return out;
}

/**
 * The ChangeSet writing `results` (each IE's score, breakdown, marker and, where it flips, status),
 * replacing what the store holds for these IEs; `vanished`: IEs whose breakdown and marker are only
 * deleted (no longer InfrastructureElements). Reads the store only about these IEs: a few `match`
 * calls each; `previous` gives an IE's breakdown and marker as the store holds them when they are known
 * without reading (WrittenTrustGraph), else undefined. The change is exact (every delete in the store,
 * every insert absent from it) and net (a quad both deleted and inserted is left alone).
 * The score written is the rounded one (TrustResult.storedScore), and the status follows it.
 */
export function trustChange(
  store: GraphStore, results: readonly TrustResult[], states: ReadonlyMap<string, IeState>, config: TrustConfiguration, computedAt: string,
  vanished: readonly string[] = [], previous?: (ie: string) => readonly RDF.Quad[] | undefined,
): TrustChange {
  const deletes: RDF.Quad[] = [];
  const inserts: RDF.Quad[] = [];
  const untrusted: string[] = [];
  const recovered: string[] = [];
  const marked = new Set<string>();
  for (const ie of vanished) {
    append(deletes, store.match(namedNode(breakdownIri(ie)), null, null, trustGraph));
    append(deletes, store.match(namedNode(ie), namedNode(TRUST.untrustedByTrust), null, trustGraph));
  }
  for (const r of results) {
    const state = states.get(r.ie) ?? { statuses: [], untrustedByTrust: false };
    const decision = decideStatus(r.storedScore, state.statuses, state.untrustedByTrust, config.untrustedThreshold);
    // The trust graph: the breakdown (and marker) replaces the one written before, known or read from the store.
    const entries = breakdownQuads(r, config, computedAt);
    if (decision.marked) {
      entries.push(markerQuad(r.ie));
      marked.add(r.ie);
    }
    const known = previous?.(r.ie);
    if (known) addPlainDifference(deletes, inserts, known, entries);
    else {
      const stored = store.match(namedNode(breakdownIri(r.ie)), null, null, trustGraph);
      append(stored, store.match(namedNode(r.ie), namedNode(TRUST.untrustedByTrust), null, trustGraph));
      addDifference(deletes, inserts, stored, entries, nquadsKey);
    }
    // Every quad of the score attribute, reifier included even without its natural triple: the change is then exact
    // (every insert absent), which lets the store apply it as text (ChangeSet.exactAt). A stored score that stays the
    // same is left as it is, observedAt included: the IE's entity graph is not rewritten (docs/trust.md).
    const oldScore = attributeQuads(store, r.ie, TRUST.trustScore);
    const newScore = propertyQuads(r.ie, TRUST.trustScore, r.storedScore, computedAt);
    const oldKeys = oldScore.map(nquadsKey);
    const newKeys = newScore.map(nquadsKey);
    if (!sameButObservedAt(oldScore, oldKeys, newScore, newKeys)) addDifference(deletes, inserts, oldScore, newScore, nquadsKey, oldKeys, newKeys);
    if (decision.write) {
      addDifference(deletes, inserts, attributeQuads(store, r.ie, IE.status), propertyQuads(r.ie, IE.status, decision.write, computedAt), nquadsKey);
      (decision.write === 'Untrusted' ? untrusted : recovered).push(r.ie);
    }
  }
  return { deletes, inserts, untrusted, recovered, marked };
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
