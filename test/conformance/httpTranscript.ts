/**
 * Reads the W3C SPARQL 1.1 Protocol and Graph Store Protocol manifests
 * (protocol/manifest.ttl, graph-store-protocol/manifest-*.ttl). Each test is
 * an `ht:Connection` whose `ht:requests` list holds HTTP requests (W3C HTTP
 * Vocabulary in RDF 1.0: method, absolute path, headers, body as
 * cnt:ContentAsText) with the expected `ht:resp`: mf:expectedStatus (hts:
 * status codes or classes), mf:expectedBoolean, mf:expectedFormat
 * ("boolean" | "tabular" | "RDF"), mf:expectedLocation (a template variable
 * for later requests), and response headers / body to compare.
 */
import type * as RDF from '@rdfjs/types';
import { localPath, Manifest, MF, RDFS_LABEL, SUITE_BASE, UT } from './manifest.js';

const HT = 'http://www.w3.org/2011/http#';
const CNT = 'http://www.w3.org/2011/content#';
const HTS = 'http://www.w3.org/2011/http-statusCodes#';

export type Header = readonly [name: string, value: string];

export interface ExpectedResponse {
  /** hts: local names, e.g. StatusCode2xx, Created, NotFound. */
  readonly statuses: readonly string[];
  readonly boolean?: boolean;
  readonly format?: 'boolean' | 'tabular' | 'RDF';
  /** Template variable (e.g. $LOCATION$) bound to the response's Location header. */
  readonly locationVariable?: string;
  readonly headers: readonly Header[];
  readonly body?: string;
}

export interface TranscriptRequest {
  readonly method: string;
  /** As in the manifest: starts with /sparql/ (protocol) or /gsp (GSP). */
  readonly absolutePath: string;
  readonly headers: readonly Header[];
  readonly body?: { readonly chars: string; readonly encoding: string };
  readonly response: ExpectedResponse;
}

export interface TranscriptTest {
  /** suite#localName, as in the query/update runner. */
  readonly id: string;
  readonly iri: string;
  readonly suite: 'protocol' | 'graph-store-protocol';
  readonly name: string;
  /** mf:requires features (GSP): DirectGraphIdentification, IndirectGraphIdentification, POSTGraphCreation. */
  readonly requires: readonly string[];
  /** Data to be in the store before the first request: named graph IRI → local file. */
  readonly graphData: ReadonlyArray<{ readonly graph: string; readonly file: string }>;
  /** ht:connectionAuthority: the Host of every request. */
  readonly authority: string;
  readonly requests: readonly TranscriptRequest[];
}

const localName = (t: RDF.Term, ns: string) => t.value.replace(ns, '');

function headersOf(m: Manifest, node: RDF.Term): Header[] {
  return m.list(m.one(node, `${HT}headers`)).map((h) => [m.one(h, `${HT}fieldName`)!.value.toLowerCase(), m.one(h, `${HT}fieldValue`)!.value] as const);
}

function responseOf(m: Manifest, node: RDF.Term): ExpectedResponse {
  const bool = m.one(node, `${MF}expectedBoolean`);
  const format = m.one(node, `${MF}expectedFormat`)?.value as ExpectedResponse['format'];
  const body = m.one(node, `${HT}body`);
  return {
    statuses: m.all(node, `${MF}expectedStatus`).map((s) => localName(s, HTS)),
    ...(bool ? { boolean: bool.value === 'true' } : {}),
    ...(format ? { format } : {}),
    ...(m.one(node, `${MF}expectedLocation`) ? { locationVariable: m.one(node, `${MF}expectedLocation`)!.value } : {}),
    headers: headersOf(m, node),
    ...(body ? { body: m.one(body, `${CNT}chars`)!.value } : {}),
  };
}

function requestOf(m: Manifest, node: RDF.Term): TranscriptRequest {
  const body = m.one(node, `${HT}body`);
  return {
    method: m.one(node, `${HT}methodName`)!.value,
    absolutePath: m.one(node, `${HT}absolutePath`)!.value,
    headers: headersOf(m, node),
    ...(body ? { body: { chars: m.one(body, `${CNT}chars`)!.value, encoding: m.one(body, `${CNT}characterEncoding`)?.value ?? 'UTF-8' } } : {}),
    response: responseOf(m, m.one(node, `${HT}resp`)!),
  };
}

function testsOf(manifestIri: string, suite: TranscriptTest['suite']): TranscriptTest[] {
  const m = new Manifest(manifestIri);
  const root = { termType: 'NamedNode', value: manifestIri } as RDF.NamedNode;
  const own = m.list(m.one(root, `${MF}entries`)).map((entry): TranscriptTest => {
    const action = m.one(entry, `${MF}action`)!;
    return {
      id: `${suite}#${entry.value.split('#').pop()}`,
      iri: entry.value,
      suite,
      name: m.one(entry, `${MF}name`)?.value ?? entry.value,
      requires: m.all(entry, `${MF}requires`).map((r) => localName(r, MF)),
      graphData: m.all(entry, `${UT}graphData`).map((gd) => ({ graph: m.one(gd, RDFS_LABEL)!.value, file: localPath(m.one(gd, `${UT}graph`)!.value) })),
      authority: m.one(action, `${HT}connectionAuthority`)?.value ?? 'localhost',
      requests: m.list(m.one(action, `${HT}requests`)).map((r) => requestOf(m, r)),
    };
  });
  const includes = m.list(m.one(root, `${MF}include`)).flatMap((inc) => testsOf(inc.value, suite));
  return [...own, ...includes];
}

/** Every test of the two protocol suites, in manifest order (only those listed in mf:entries). */
export function loadProtocolTests(): TranscriptTest[] {
  return [...testsOf(`${SUITE_BASE}protocol/manifest.ttl`, 'protocol'), ...testsOf(`${SUITE_BASE}graph-store-protocol/manifest.ttl`, 'graph-store-protocol')];
}
