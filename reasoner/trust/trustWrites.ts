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
import oxigraph from 'oxigraph';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import { RDF as RDF_NS, XSD } from '../../fabric/rdf/namespaces.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import type { TrustResult } from './trustComputation.js';
import { addDifference, addPlainDifference, nquadsKey } from './quadDifference.js';
import { attributeQuads } from './replacedAttribute.js';
import { addScoreChange, naturalObjects, propertyQuads } from './scoreChange.js';
import type { WrittenEntry } from './WrittenTrustGraph.js';
import type { ScoreInstance } from './WrittenScores.js';
import { breakdownIri, IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';

const { namedNode, literal, quad } = termFactory;
const trustGraph = namedNode(TRUST_GRAPH);
/** The same as oxigraph terms, for lookups (replacedAttribute.ts). */
const oxTrustGraph = oxigraph.namedNode(TRUST_GRAPH);
const oxUntrustedByTrust = oxigraph.namedNode(TRUST.untrustedByTrust);
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
  /** Per IE written, its cf:trustScore instance after the change (WrittenScores), or undefined when not known. */
  readonly scores: ReadonlyMap<string, ScoreInstance | undefined>;
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
 * without reading (WrittenTrustGraph), else undefined, and `previousScore` its cf:trustScore instance
 * (WrittenScores; scoreChange.ts). The change is exact (every delete in the store,
 * every insert absent from it) and net (a quad both deleted and inserted is left alone).
 * The score written is the rounded one (TrustResult.storedScore), and the status follows it.
 */
export function trustChange(
  store: GraphStore, results: readonly TrustResult[], states: ReadonlyMap<string, IeState>, config: TrustConfiguration, computedAt: string,
  vanished: readonly string[] = [], previous?: (ie: string) => readonly RDF.Quad[] | undefined,
  previousScore?: (ie: string) => ScoreInstance | undefined,
): TrustChange {
  const deletes: RDF.Quad[] = [];
  const inserts: RDF.Quad[] = [];
  const untrusted: string[] = [];
  const recovered: string[] = [];
  const marked = new Set<string>();
  const scores = new Map<string, ScoreInstance | undefined>();
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
    const ieTerm = oxigraph.namedNode(r.ie); // for the lookups below, made once (replacedAttribute.ts)
    const known = previous?.(r.ie);
    if (known) addPlainDifference(deletes, inserts, known, entries);
    else {
      const stored = store.match(oxigraph.namedNode(breakdownIri(r.ie)), null, null, oxTrustGraph);
      append(stored, store.match(ieTerm, oxUntrustedByTrust, null, oxTrustGraph));
      // Nothing stored (a new IE's first score): no N-Quads key to make, the new quads are all inserted.
      if (stored.length === 0) addPlainDifference(deletes, inserts, stored, entries);
      else addDifference(deletes, inserts, stored, entries, nquadsKey);
    }
    // The score attribute, replaced whole (a stored score that stays the same is left as it is, observedAt included).
    scores.set(r.ie, addScoreChange(store, r.ie, ieTerm, r.storedScore, computedAt, previousScore?.(r.ie), deletes, inserts));
    if (decision.write) {
      const newStatus = propertyQuads(r.ie, IE.status, decision.write, computedAt);
      addDifference(deletes, inserts, attributeQuads(store, r.ie, IE.status, naturalObjects(newStatus, r.ie, IE.status), ieTerm), newStatus, nquadsKey);
      (decision.write === 'Untrusted' ? untrusted : recovered).push(r.ie);
    }
  }
  return { deletes, inserts, untrusted, recovered, marked, scores };
}
