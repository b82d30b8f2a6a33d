/**
 * Placement decisions as linked data (docs/orchestration.md "Decisions as linked data", shapes/PlacementDecision.ttl):
 * each cf:PlacementDecision lives in its own named graph (graph = decision IRI, like every entity, so history is
 * kept and a decision can be removed as a unit), with cf:forComponent, cf:forService, cf:decidedAt, cf:placedOn,
 * cf:score and one cf:ScorePart per criterion, one cf:RejectedCandidate per ruled-out IE (cf:candidate, cf:reason,
 * cf:rejectedByPolicy), cf:failureReason when nothing was chosen, the capacity it reserves (cf:reservedCpu / Ram /
 * Disk) and a cf:Explanation (cf:explanationText, cf:usedPolicy). One store commit per record() call.
 * cf:rejectedCount gives the number of rejected IEs; at most `rejectedLimit` of them are written one by one (policy
 * rejections first, then by IE IRI) — a 10k-IE continuum would otherwise add tens of thousands of quads per decision.
 */
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { RDF as RDF_NS, XSD } from '../../fabric/rdf/namespaces.js';
import type { PlacementDecision, RejectedCandidate } from '../placement/PlacementDecision.js';
import type { ServiceRequest } from '../request/ServiceRequest.js';
import { needOf } from '../placement/candidateFilters.js';
import { PLACEMENT as P } from '../placement/placementVocabulary.js';
import { rejectionsOf } from '../placement/rejectionView.js';
import { explainDecision } from './explainDecision.js';

const { namedNode, literal, quad } = N3.DataFactory;
const TYPE = namedNode(`${RDF_NS}type`);
const double = (n: number) => literal(String(n), namedNode(`${XSD}double`));
const dateTime = (d: Date) => literal(d.toISOString(), namedNode(`${XSD}dateTime`));

/** IRI of a decision: urn:ngsi-ld:PlacementDecision:<service>:<component>:<epoch ms>. */
export function decisionIri(decision: PlacementDecision): string {
  const c = decision.component.startsWith('urn:ngsi-ld:ServiceComponent:') ? decision.component.slice('urn:ngsi-ld:ServiceComponent:'.length) : encodeURIComponent(decision.component);
  return `urn:ngsi-ld:PlacementDecision:${c}:${decision.decidedAt.getTime()}`;
}

export interface DecisionRecorderOptions {
  /** Most cf:RejectedCandidate nodes written per decision (default 100; Infinity = all). */
  readonly rejectedLimit?: number;
  /**
   * Decisions kept per component, the new one included (default 10): older ones are removed, graph and all, in the
   * commit that records the new one. Only a component's latest decision holds capacity, so this changes no placement;
   * it bounds the graph of a component re-placed again and again (the reconciler retries a Failed one with backoff).
   */
  readonly keepPerComponent?: number;
}

export class DecisionRecorder {
  private readonly rejectedLimit: number;
  private readonly keepPerComponent: number;

  constructor(private readonly store: GraphStore, options: DecisionRecorderOptions = {}) {
    this.rejectedLimit = options.rejectedLimit ?? 100;
    this.keepPerComponent = Math.max(1, options.keepPerComponent ?? 10);
  }

  /** Writes the decisions (reservations from the request's requirements when given); returns their IRIs. */
  async record(decisions: readonly PlacementDecision[], request?: ServiceRequest): Promise<string[]> {
    const inserts: RDF.Quad[] = [];
    const deletes: RDF.Quad[] = [];
    const iris: string[] = [];
    for (const component of new Set(decisions.map((d) => d.component))) {
      const newOnes = decisions.filter((d) => d.component === component).length;
      for (const old of this.oldestDecisions(component, newOnes)) deletes.push(...this.store.match(null, null, null, namedNode(old)));
    }
    for (const d of decisions) {
      let iri = decisionIri(d);
      for (let n = 2; this.store.match(null, null, null, namedNode(iri)).length > 0 || iris.includes(iri); n++) iri = `${decisionIri(d)}-${n}`;
      iris.push(iri);
      const component = request?.components.find((c) => c.id === d.component);
      inserts.push(...decisionQuads(iri, d, component ? needOf(component.requirements) : undefined, this.rejectedLimit));
    }
    if (inserts.length > 0) await this.store.commit({ deletes, inserts });
    return iris;
  }

  /** The component's recorded decisions beyond what is kept once `adding` more are recorded, oldest first. */
  private oldestDecisions(component: string, adding: number): string[] {
    const decidedAt = namedNode(P.decidedAt);
    const recorded = this.store.match(null, namedNode(P.forComponent), namedNode(component), null)
      .filter((q) => q.graph.value === q.subject.value)
      .map((q) => ({ iri: q.subject.value, at: Date.parse(this.store.match(q.subject, decidedAt, null, q.graph)[0]?.object.value ?? '') || 0 }))
      .sort((a, b) => a.at - b.at || (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0));
    return recorded.slice(0, Math.max(0, recorded.length + adding - this.keepPerComponent)).map((r) => r.iri);
  }

  /** Marks the current decisions of these components released (cf:releasedAt): their capacity is free again. */
  async release(components: readonly string[], at: Date = new Date()): Promise<void> {
    const inserts: RDF.Quad[] = [];
    for (const c of components) {
      const latest = await latestDecisionIri(this.store, c);
      if (latest && this.store.match(namedNode(latest), namedNode(P.releasedAt), null, null).length === 0) {
        inserts.push(quad(namedNode(latest), namedNode(P.releasedAt), dateTime(at), namedNode(latest)));
      }
    }
    if (inserts.length > 0) await this.store.commit({ deletes: [], inserts });
  }
}

function decisionQuads(iri: string, d: PlacementDecision, need: { cpu: number; ram: number; disk: number } | undefined, limit: number): RDF.Quad[] {
  const g = namedNode(iri);
  const s = g;
  const out: RDF.Quad[] = [];
  const add = (subject: RDF.Quad_Subject, p: string, o: RDF.Quad_Object) => out.push(quad(subject, namedNode(p), o, g));
  add(s, TYPE.value, namedNode(P.PlacementDecision));
  add(s, P.forComponent, namedNode(d.component));
  add(s, P.forService, namedNode(d.service));
  add(s, P.decidedAt, dateTime(d.decidedAt));
  if (d.ie) {
    add(s, P.placedOn, namedNode(d.ie));
    if (need) {
      add(s, P.reservedCpu, double(need.cpu));
      add(s, P.reservedRam, double(need.ram));
      add(s, P.reservedDisk, double(need.disk));
    }
  }
  if (d.score) {
    add(s, P.score, double(d.score.total));
    for (const [criterion, value] of Object.entries(d.score.parts)) {
      const part = namedNode(`${iri}#score-${criterion}`);
      add(s, P.hasScorePart, part);
      add(part, TYPE.value, namedNode(P.ScorePart));
      add(part, P.criterion, literal(criterion));
      add(part, P.weightedScore, double(value));
    }
  }
  const rejections = rejectionsOf(d);
  add(s, P.rejectedCount, literal(String(rejections.count), namedNode(`${XSD}integer`)));
  const kept = rejections.recordedSample(limit);
  kept.forEach((r: RejectedCandidate, i) => {
    const node = namedNode(`${iri}#rejected-${i + 1}`);
    add(s, P.rejectedCandidate, node);
    add(node, TYPE.value, namedNode(P.RejectedCandidate));
    add(node, P.candidate, namedNode(r.ie));
    add(node, P.reason, literal(r.reason));
    if (r.policy) add(node, P.rejectedByPolicy, namedNode(r.policy));
  });
  for (const reason of d.reasons) add(s, P.failureReason, literal(reason));
  const explanation = namedNode(`${iri}#explanation`);
  add(s, P.hasExplanation, explanation);
  add(explanation, TYPE.value, namedNode(P.Explanation));
  add(explanation, P.explanationText, literal(explainDecision(d)));
  for (const policy of rejections.policies()) add(explanation, P.usedPolicy, namedNode(policy));
  return out;
}

async function latestDecisionIri(store: GraphStore, component: string): Promise<string | undefined> {
  const result = await store.query(`SELECT ?d WHERE { ?d a <${P.PlacementDecision}> ; <${P.forComponent}> <${component}> ; <${P.decidedAt}> ?at } ORDER BY DESC(?at) DESC(STR(?d)) LIMIT 1`);
  return result.kind === 'bindings' ? result.rows[0]?.get('d')?.value : undefined;
}

export interface RecordedDecision {
  readonly iri: string;
  readonly decision: PlacementDecision;
  readonly explanation: string;
  readonly policies: readonly string[];
  readonly releasedAt?: Date;
  /** How many IEs the decision rejected (`decision.rejected` holds those recorded one by one). */
  readonly rejectedCount: number;
}

/** The latest decision about a component (or the decision with this IRI), rebuilt from the graph, with its explanation. */
export async function readDecision(store: GraphStore, componentOrDecisionIri: string): Promise<RecordedDecision | undefined> {
  const isDecision = store.match(namedNode(componentOrDecisionIri), TYPE, namedNode(P.PlacementDecision), null).length > 0;
  const iri = isDecision ? componentOrDecisionIri : await latestDecisionIri(store, componentOrDecisionIri);
  if (!iri) return undefined;
  const g = namedNode(iri);
  const quads = store.match(null, null, null, g);
  const objects = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
  const one = (s: string, p: string) => objects(s, p)[0];
  const parts: Record<string, number> = {};
  for (const part of objects(iri, P.hasScorePart)) parts[one(part, P.criterion)] = Number(one(part, P.weightedScore));
  const rejected = objects(iri, P.rejectedCandidate)
    .map((node) => ({ n: Number(node.slice(node.lastIndexOf('-') + 1)), node }))
    .sort((a, b) => a.n - b.n)
    .map(({ node }): RejectedCandidate => {
      const policy = one(node, P.rejectedByPolicy);
      return { ie: one(node, P.candidate), reason: one(node, P.reason), ...(policy ? { policy } : {}) };
    });
  const ie = one(iri, P.placedOn);
  const total = one(iri, P.score);
  const explanation = one(iri, P.hasExplanation);
  const released = one(iri, P.releasedAt);
  const decision: PlacementDecision = {
    component: one(iri, P.forComponent), service: one(iri, P.forService),
    ...(ie ? { ie } : {}), ...(total !== undefined ? { score: { total: Number(total), parts } } : {}),
    rejected, reasons: objects(iri, P.failureReason).sort(), decidedAt: new Date(one(iri, P.decidedAt)),
  };
  return {
    iri, decision, explanation: explanation ? one(explanation, P.explanationText) ?? '' : '',
    policies: explanation ? objects(explanation, P.usedPolicy).sort() : [],
    rejectedCount: Number(one(iri, P.rejectedCount) ?? rejected.length),
    ...(released ? { releasedAt: new Date(released) } : {}),
  };
}
