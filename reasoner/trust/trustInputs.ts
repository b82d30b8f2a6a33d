/**
 * The inputs of every trust score, read set-based with SPARQL over the union of all graphs: one
 * row per InfrastructureElement (domain, status, the TOPSIS criteria, the trust service's Untrusted
 * marker; a scan read as TSV and aggregated in TypeScript, criteria values read as numbers from their
 * lexical form) and one row per trust event (security alert, self-security event inside the
 * reputation window, health event; priorities cast to xsd:double in the query). A criterion with
 * several values (several datasetIds) counts with their mean.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { XSD } from '../../fabric/rdf/namespaces.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import { IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';

const TSV = 'text/tab-separated-values';

export interface IeInput {
  readonly ie: string;
  readonly domain?: string;
  /** IRIs of the IE's current infrastructureElementStatus values. */
  readonly statuses: readonly string[];
  /** Criterion values in the configuration's order; undefined where the IE has none. */
  readonly criteria: readonly (number | undefined)[];
  /** The trust service set the IE Untrusted (and nobody has changed it since). */
  readonly untrustedByTrust: boolean;
}

export type EventKind = 'SecurityAlert' | 'SelfSecurityEvent' | 'HealthEvent';

export interface EventInput {
  readonly event: string;
  readonly kind: EventKind;
  readonly ie: string;
  readonly priority?: number;
  readonly occurredAt?: string;
}

/** Restricts the IEs read (the IEs of some domains, and IEs given by IRI); both undefined = all. */
export interface InputScope {
  readonly domains?: readonly string[];
  /** IEs read by IRI (for IEs without a domain: each is ranked alone). */
  readonly ies?: readonly string[];
}

function rowsOf(result: Awaited<ReturnType<GraphStore['query']>>): ReadonlyArray<ReadonlyMap<string, { value: string }>> {
  if (result.kind !== 'bindings') throw new Error('trust input query did not return bindings');
  return result.rows;
}

const numberOf = (term: { value: string } | undefined): number | undefined => {
  if (term === undefined) return undefined;
  const n = Number(term.value);
  return Number.isFinite(n) ? n : undefined;
};

/** A term of SPARQL TSV results (W3C SPARQL 1.1 Query Results CSV and TSV §3): the IRI, or a literal's lexical form. */
function tsvValue(term: string): string {
  if (term.startsWith('<')) return term.slice(1, -1);
  if (term.startsWith('"')) return term.slice(1, term.lastIndexOf('"')); // numbers and IRIs only are read: no unescaping needed
  return term; // bare numbers and booleans, blank nodes
}

/**
 * One row per IE: a scan of the IEs' domain, status and criteria quads (union of all graphs) read as TSV text
 * and aggregated here — the same rows the GROUP BY of an earlier version aggregated (mean of a criterion's
 * values, one domain, distinct statuses), without an RDF term object per value (measured at 10k IEs: the
 * JSON-results GROUP BY took seconds under load). The trust graph's Untrusted markers come with a second query.
 */
export async function readIeInputs(store: GraphStore, config: TrustConfiguration, scope: InputScope = {}): Promise<IeInput[]> {
  const inDomains = scope.domains ? `{ VALUES ?scopeDomain { ${scope.domains.map((d) => `<${d}>`).join(' ')} } ?ie <${IE.domain}> ?scopeDomain . }` : '';
  const byIri = scope.ies ? `{ VALUES ?ie { ${scope.ies.map((i) => `<${i}>`).join(' ')} } }` : '';
  const domainFilter = inDomains && byIri ? `${inDomains} UNION ${byIri}` : inDomains || byIri;
  const predicates = [IE.domain, IE.status, ...config.criteria.map((c) => c.property)];
  const scan = await store.queryTo(`SELECT ?ie ?p ?o WHERE {
    ?ie a <${IE.InfrastructureElement}> .
    ${domainFilter}
    OPTIONAL { VALUES ?p { ${predicates.map((q) => `<${q}>`).join(' ')} } ?ie ?p ?o }
  }`, TSV);
  const markers = await store.queryTo(`SELECT DISTINCT ?ie WHERE { GRAPH <${TRUST_GRAPH}> { ?ie <${TRUST.untrustedByTrust}> true } }`, TSV);
  const marked = new Set(markers.body.split('\n').slice(1).filter((l) => l.length > 0).map(tsvValue));
  const column = new Map(config.criteria.map((c, j) => [c.property, j]));
  const rows = new Map<string, { domain?: string; statuses: Set<string>; sums: number[]; counts: number[] }>();
  const lines = scan.body.split('\n');
  for (let i = 1; i < lines.length; i++) { // line 0: the variables
    if (lines[i].length === 0) continue;
    const [ieTerm, pTerm = '', oTerm = ''] = lines[i].split('\t');
    const ie = tsvValue(ieTerm);
    let row = rows.get(ie);
    if (!row) rows.set(ie, (row = { statuses: new Set(), sums: config.criteria.map(() => 0), counts: config.criteria.map(() => 0) }));
    if (pTerm === '') continue;
    const p = tsvValue(pTerm);
    const o = tsvValue(oTerm);
    if (p === IE.domain) row.domain ??= o;
    else if (p === IE.status) row.statuses.add(o);
    const j = column.get(p);
    const n = j === undefined || o === '' ? NaN : Number(o);
    if (j !== undefined && Number.isFinite(n)) {
      row.sums[j] += n;
      row.counts[j]++;
    }
  }
  return [...rows].map(([ie, row]) => ({
    ie,
    domain: row.domain,
    statuses: [...row.statuses],
    criteria: row.sums.map((sum, j) => (row.counts[j] > 0 ? sum / row.counts[j] : undefined)),
    untrustedByTrust: marked.has(ie),
  }));
}

const KIND_BY_IRI = new Map<string, EventKind>([
  [TRUST.SecurityAlert, 'SecurityAlert'],
  [TRUST.SelfSecurityEvent, 'SelfSecurityEvent'],
  [TRUST.HealthEvent, 'HealthEvent'],
]);

/** Events about IEs (all, or those about `ies`); self-security events only with cf:occurredAt inside [now − window, now]. */
export async function readEventInputs(store: GraphStore, config: TrustConfiguration, now: Date, ies?: readonly string[]): Promise<EventInput[]> {
  const since = new Date(now.getTime() - config.reputationWindowMs).toISOString();
  const query = `SELECT DISTINCT ?e ?kind ?ie ?p ?t WHERE {
    ${ies ? `VALUES ?ie { ${ies.map((i) => `<${i}>`).join(' ')} }` : ''}
    VALUES ?kind { <${TRUST.SecurityAlert}> <${TRUST.SelfSecurityEvent}> <${TRUST.HealthEvent}> }
    ?e a ?kind ; <${TRUST.aboutInfrastructureElement}> ?ie .
    OPTIONAL { ?e <${TRUST.priority}> ?p0 }
    BIND(<${XSD}double>(?p0) AS ?p)
    OPTIONAL { ?e <${TRUST.occurredAt}> ?t }
    FILTER(?kind != <${TRUST.SelfSecurityEvent}> || (BOUND(?t) && ?t >= "${since}"^^<${XSD}dateTime> && ?t <= "${now.toISOString()}"^^<${XSD}dateTime>))
  }`;
  return rowsOf(await store.query(query)).map((row) => ({
    event: row.get('e')!.value,
    kind: KIND_BY_IRI.get(row.get('kind')!.value)!,
    ie: row.get('ie')!.value,
    priority: numberOf(row.get('p')),
    occurredAt: row.get('t')?.value,
  }));
}
