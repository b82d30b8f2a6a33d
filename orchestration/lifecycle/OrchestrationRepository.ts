/**
 * The orchestration state in the graph: aeros:Service and aeros:ServiceComponent entities, each in its own entity graph
 * (docs/named-graphs.md), written through the NGSI-LD mapping (fabric/ngsi-ld/mapping) so that NGSI-LD GET shows them
 * as entities (serviceComponentStatus "Running") and SPARQL sees natural RDF (aeros:RunningServiceComponent); and the
 * status history, one cf:StatusTransition per transition in the service's history graph. Nothing is kept in memory:
 * a new repository over the same store sees the same state. Records ↔ entities: orchestrationEntities.ts.
 */
import { randomUUID } from 'node:crypto';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { selectRows } from '../../fabric/store/selectRows.js';
import type { Entity } from '../../fabric/ngsi-ld/model/Entity.js';
import { entityToQuads } from '../../fabric/ngsi-ld/mapping/entityToQuads.js';
import { quadsToEntity } from '../../fabric/ngsi-ld/mapping/quadsToEntity.js';
import { parseGraphText, readEntityGraph } from '../../fabric/ngsi-ld/mapping/readEntityGraph.js';
import { termFactory } from '../../fabric/ngsi-ld/mapping/termFactory.js';
import { XSD } from '../../fabric/rdf/namespaces.js';
import type { ServiceRequest } from '../request/ServiceRequest.js';
import { statusIri, statusOf, type ComponentStatus } from './ComponentStatus.js';
import { historyGraph, O } from './orchestrationVocabulary.js';
import { requirementsEntity, requirementsIri } from './componentRequirementsEntity.js';
import {
  componentFromEntity, componentQuads, serviceEntity, serviceFromEntity, type ComponentRecord, type ServiceRecord,
} from './orchestrationEntities.js';

export type { ComponentRecord, DecisionSummary, ServiceAction, ServiceRecord } from './orchestrationEntities.js';

const { namedNode, literal, quad } = termFactory;

export interface Transition {
  readonly component: string;
  readonly from?: ComponentStatus;
  readonly to: ComponentStatus;
  readonly at: string;
  readonly seq: number;
  readonly reason?: string;
  readonly ie?: string;
}

/** An xsd:dateTime as the store gives it, in the fixed-width ISO form the API and CLI print. */
function isoTime(value: string | undefined): string {
  const ms = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(ms) ? value ?? '' : new Date(ms).toISOString();
}

/** Transitions kept per component by default (a Failed component re-placed forever adds a few every attempt). */
export const DEFAULT_HISTORY_LIMIT = 100;

export class OrchestrationRepository {
  /**
   * `historyLimit`: the newest transitions kept per component in the history graph; each write of one more drops the
   * oldest beyond it, in the same commit (as Kubernetes keeps `revisionHistoryLimit` revisions).
   */
  constructor(readonly store: GraphStore, private readonly now: () => Date = () => new Date(), private readonly historyLimit = DEFAULT_HISTORY_LIMIT) {}

  private entity(id: string): Entity | undefined {
    return quadsToEntity(readEntityGraph(this.store, id), id);
  }

  readService(id: string): ServiceRecord | undefined {
    const e = this.entity(id);
    return e ? serviceFromEntity(e) : undefined;
  }

  readComponent(id: string): ComponentRecord | undefined {
    const e = this.entity(id);
    return e ? componentFromEntity(e) : undefined;
  }

  /** Ids of the components whose aeros:isPartOfService is the service, in name order. */
  componentIdsOf(serviceId: string): string[] {
    const ids = this.store.match(null, namedNode(O.isPartOfService), namedNode(serviceId), null).map((q) => q.subject.value);
    return [...new Set(ids)].sort();
  }

  componentsOf(serviceId: string): ComponentRecord[] {
    return this.componentIdsOf(serviceId).map((id) => this.readComponent(id)).filter((c): c is ComponentRecord => c !== undefined);
  }

  /** Services this orchestration owns (they carry cf:serviceRequest), in id order. */
  ownedServiceIds(): string[] {
    const ids = this.store.match(null, namedNode(O.serviceRequest), null, null).map((q) => q.subject.value);
    return [...new Set(ids)].sort();
  }

  async writeService(service: ServiceRecord & { request: ServiceRequest }): Promise<void> {
    const now = this.now().toISOString();
    const tx = this.store.transaction();
    tx.clearGraph(service.id);
    for (const q of entityToQuads(serviceEntity(service, now))) tx.add(q);
    // Each component's requirements as its own aerOS entity, for the policies (componentRequirementsEntity.ts).
    for (const c of service.request.components) {
      const requirements = requirementsEntity(c.id, c.requirements);
      tx.clearGraph(requirementsIri(c.id));
      if (requirements) for (const q of entityToQuads({ ...requirements, createdAt: now, modifiedAt: now })) tx.add(q);
    }
    await tx.commit();
  }

  /** Writes the component entity and, when the status changed, one transition in the history graph, in one commit. */
  async writeComponent(c: ComponentRecord, transition?: { from?: ComponentStatus; reason?: string }): Promise<Transition | undefined> {
    const at = this.now().toISOString();
    const tx = this.store.transaction();
    tx.clearGraph(c.id);
    for (const q of componentQuads(c, at)) tx.add(q);
    let written: Transition | undefined;
    if (transition && c.status) {
      const graph = namedNode(historyGraph(c.serviceId));
      const kept = this.transitionsOf(c.id, graph);
      const seq = (kept.at(-1)?.seq ?? 0) + 1;
      for (const old of kept.slice(0, Math.max(0, kept.length + 1 - this.historyLimit))) {
        for (const q of this.store.match(old.node, null, null, graph)) tx.delete(q);
      }
      written = { component: c.id, from: transition.from, to: c.status, at, seq, reason: transition.reason, ie: c.ie };
      for (const q of transitionQuads(written, graph)) tx.add(q);
    }
    await tx.commit();
    return written;
  }

  /** The component's transitions in the history graph, by sequence number (oldest first). */
  private transitionsOf(component: string, graph: RDF.NamedNode): Array<{ node: RDF.Quad_Subject; seq: number }> {
    const seqOf = namedNode(O.transitionSeq);
    return this.store.match(null, namedNode(O.transitionOf), namedNode(component), graph)
      .map((q) => ({ node: q.subject, seq: Number(this.store.match(q.subject, seqOf, null, graph)[0]?.object.value ?? 0) }))
      .sort((a, b) => a.seq - b.seq);
  }

  /** Every transition of the service's components, oldest first (by time, then sequence). */
  history(serviceId: string): Transition[] {
    const graph = historyGraph(serviceId);
    const bySubject = new Map<string, Map<string, RDF.Term>>();
    for (const q of parseGraphText(this.store.dump('application/n-triples', graph), graph)) {
      let node = bySubject.get(q.subject.value);
      if (!node) bySubject.set(q.subject.value, (node = new Map()));
      node.set(q.predicate.value, q.object);
    }
    const out: Transition[] = [];
    for (const node of bySubject.values()) {
      const component = node.get(O.transitionOf)?.value;
      const to = statusOf(node.get(O.toStatus)?.value ?? '');
      if (!component || !to) continue;
      const from = node.get(O.fromStatus);
      out.push({
        component, to, from: from ? statusOf(from.value) : undefined,
        at: isoTime(node.get(O.transitionAt)?.value), seq: Number(node.get(O.transitionSeq)?.value ?? 0),
        reason: node.get(O.transitionReason)?.value, ie: node.get(O.transitionIe)?.value,
      });
    }
    // By time value: the store gives xsd:dateTime in canonical form ("…08.9Z" for .900), whose text does not sort.
    const time = (t: Transition) => Date.parse(t.at);
    return out.sort((a, b) => time(a) - time(b) || a.seq - b.seq);
  }

  /** Deletes the service, its components and its history. */
  async purgeService(serviceId: string): Promise<void> {
    const tx = this.store.transaction();
    for (const id of this.componentIdsOf(serviceId)) tx.clearGraph(id);
    tx.clearGraph(serviceId);
    tx.clearGraph(historyGraph(serviceId));
    await tx.commit();
  }

  /** Deletes one component entity (its transitions stay in the history graph). */
  async deleteComponent(componentId: string): Promise<void> {
    const tx = this.store.transaction();
    tx.clearGraph(componentId);
    await tx.commit();
  }

  /**
   * IEs whose aeros:infrastructureElementStatus is Ready (the reconciler notices newly Ready ones). One SELECT
   * (on a query replica where the node has one) rather than a `match` of every IE's status on the main thread,
   * whose oxigraph term objects cost ≈ 0.3 s per reconciler pass at 10k IEs. Read as SPARQL JSON (selectRows): no
   * oxigraph term per row either.
   */
  async readyIes(): Promise<Set<string>> {
    const rows = await selectRows(this.store, `SELECT ?ie WHERE { ?ie <${O.infrastructureElementStatus}> ?status .
      FILTER(isIRI(?ie) && REGEX(STR(?status), "(#|:|^)Ready(InfrastructureElement)?$")) }`);
    return new Set(rows.map((row) => row.get('ie')!.value));
  }

  /** Code of the IE's aeros:infrastructureElementStatus ("Ready", "Overload", …); undefined when the IE is unknown. */
  ieStatus(ieId: string): { exists: boolean; status?: string } {
    const ie = namedNode(ieId);
    const exists = this.store.match(ie, null, null, null).length > 0;
    const status = this.store.match(ie, namedNode(O.infrastructureElementStatus), null, null)[0]?.object;
    if (!status) return { exists };
    const m = /([A-Za-z]+?)(?:InfrastructureElement)?$/.exec(status.value);
    return { exists, status: m ? m[1] : status.value };
  }
}

function transitionQuads(t: Transition, graph: RDF.NamedNode): RDF.Quad[] {
  const s = namedNode(`urn:uuid:${randomUUID()}`);
  const p = (iri: string) => namedNode(iri);
  const out = [
    quad(s, p('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), p(O.StatusTransition), graph),
    quad(s, p(O.transitionOf), p(t.component), graph),
    quad(s, p(O.toStatus), p(statusIri(t.to)), graph),
    quad(s, p(O.transitionAt), literal(t.at, p(`${XSD}dateTime`)), graph),
    quad(s, p(O.transitionSeq), literal(String(t.seq), p(`${XSD}integer`)), graph),
  ];
  if (t.from) out.push(quad(s, p(O.fromStatus), p(statusIri(t.from)), graph));
  if (t.reason) out.push(quad(s, p(O.transitionReason), literal(t.reason), graph));
  if (t.ie) out.push(quad(s, p(O.transitionIe), p(t.ie), graph));
  return out;
}
