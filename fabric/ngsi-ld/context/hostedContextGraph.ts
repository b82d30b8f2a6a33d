/**
 * The RDF form of hosted @contexts (GS CIM 009 v1.8 §5.13.2 Add @context, kind "Hosted"): an added
 * context is a write like any other, so it is kept in the node's durable store, in the contexts graph
 * (GRAPHS.contexts, docs/named-graphs.md), and an acknowledged add or delete survives a restart
 * (docs/durability.md). One resource per context, named by the URL requests put in their Link header:
 *
 *   <http://127.0.0.1:1026/ngsi-ld/v1/jsonldContexts/{localId}> a cf:HostedContext ;
 *     cf:contextLocalId "{localId}" ;
 *     cf:contextDocument "{\"@context\":{…}}"^^rdf:JSON ;   # the document served (§5.13.4), as JSON text
 *     dct:created "2026-12-04T16:00:00.000Z"^^xsd:dateTime .
 */
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../../store/GraphStore.js';
import { CF, DCT, GRAPHS, RDF as RDF_NS, XSD } from '../../rdf/namespaces.js';
import { termFactory } from '../mapping/termFactory.js';
import type { JsonObject } from './wellKnownContexts.js';

const { namedNode, literal, quad } = termFactory;

export interface HostedContextRecord {
  readonly localId: string;
  readonly url: string;
  /** The context document, `{"@context": …}`. */
  readonly document: JsonObject;
  readonly createdAt: Date;
}

const GRAPH = namedNode(GRAPHS.contexts);
const TYPE = namedNode(`${RDF_NS}type`);
const HOSTED_CONTEXT = `${CF}HostedContext`;
const LOCAL_ID = `${CF}contextLocalId`;
const DOCUMENT = `${CF}contextDocument`;
const CREATED = `${DCT}created`;
const RDF_JSON = `${RDF_NS}JSON`;
const DATE_TIME = `${XSD}dateTime`;

/** The quads of one hosted context, all in the contexts graph. */
export function hostedContextQuads(record: HostedContextRecord): RDF.Quad[] {
  const subject = namedNode(record.url);
  return [
    quad(subject, TYPE, namedNode(HOSTED_CONTEXT), GRAPH),
    quad(subject, namedNode(LOCAL_ID), literal(record.localId), GRAPH),
    quad(subject, namedNode(DOCUMENT), literal(JSON.stringify(record.document), namedNode(RDF_JSON)), GRAPH),
    quad(subject, namedNode(CREATED), literal(record.createdAt.toISOString(), namedNode(DATE_TIME)), GRAPH),
  ];
}

/** Every quad the store holds about the context at `url` in the contexts graph (what a delete removes). */
export function storedHostedContextQuads(store: Pick<GraphStore, 'match'>, url: string): RDF.Quad[] {
  return store.match(namedNode(url), null, null, GRAPH);
}

/**
 * The hosted contexts kept in the store, oldest first. A resource of the graph that is not a whole
 * cf:HostedContext (written by hand through SPARQL, say) is skipped and named in `skipped` with the reason.
 */
export function readHostedContexts(store: Pick<GraphStore, 'match'>): { records: HostedContextRecord[]; skipped: string[] } {
  const bySubject = new Map<string, RDF.Quad[]>();
  for (const q of store.match(null, null, null, GRAPH)) {
    const key = q.subject.termType === 'NamedNode' ? q.subject.value : `_:${q.subject.value}`;
    let quads = bySubject.get(key);
    if (!quads) bySubject.set(key, (quads = []));
    quads.push(q);
  }
  const records: HostedContextRecord[] = [];
  const skipped: string[] = [];
  for (const [url, quads] of bySubject) {
    const record = recordOf(url, quads);
    if (typeof record === 'string') skipped.push(`${url}: ${record}`);
    else records.push(record);
  }
  records.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.localId < b.localId ? -1 : 1));
  return { records, skipped };
}

/** The record of one resource, or why it is not one. */
function recordOf(url: string, quads: readonly RDF.Quad[]): HostedContextRecord | string {
  if (url.startsWith('_:')) return 'a blank node, not a context URL';
  const one = (predicate: string): RDF.Term[] => quads.filter((q) => q.predicate.value === predicate).map((q) => q.object);
  if (!one(TYPE.value).some((t) => t.value === HOSTED_CONTEXT)) return 'not a cf:HostedContext';
  const [localId, ...moreIds] = one(LOCAL_ID);
  const [text, ...moreDocuments] = one(DOCUMENT);
  const [created, ...moreCreated] = one(CREATED);
  if (!localId || localId.termType !== 'Literal' || moreIds.length > 0) return 'not exactly one cf:contextLocalId literal';
  if (!text || text.termType !== 'Literal' || text.datatype.value !== RDF_JSON || moreDocuments.length > 0) return 'not exactly one rdf:JSON cf:contextDocument';
  if (!created || created.termType !== 'Literal' || moreCreated.length > 0) return 'not exactly one dct:created';
  const createdAt = new Date(created.value);
  if (Number.isNaN(createdAt.getTime())) return `dct:created "${created.value}" is not a date-time`;
  let document: unknown;
  try {
    document = JSON.parse(text.value);
  } catch {
    return 'cf:contextDocument is not JSON';
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document) || !('@context' in document)) {
    return 'cf:contextDocument is not a JSON object with an "@context" member';
  }
  return { localId: localId.value, url, document: document as JsonObject, createdAt };
}
