/**
 * The inputs of every trust score, read set-based with two SPARQL queries over the union of
 * all graphs: one row per InfrastructureElement (domain, status, the TOPSIS criteria, the
 * trust service's Untrusted marker) and one row per trust event (security alert, self-security
 * event inside the reputation window, health event). Numbers are cast to xsd:double in the
 * query: oxigraph 0.5 can lose xsd:decimal arithmetic (a product of decimals came back unbound).
 * A criterion with several values (several datasetIds) counts with their mean.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { XSD } from '../../fabric/rdf/namespaces.js';
import type { TrustConfiguration } from './TrustConfiguration.js';
import { IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';

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

export async function readIeInputs(store: GraphStore, config: TrustConfiguration, scope: InputScope = {}): Promise<IeInput[]> {
  const columns = config.criteria.map((_, j) => `(AVG(<${XSD}double>(?c${j})) AS ?x${j})`).join(' ');
  const optionals = config.criteria.map((c, j) => `OPTIONAL { ?ie <${c.property}> ?c${j} }`).join('\n    ');
  const inDomains = scope.domains ? `{ VALUES ?scopeDomain { ${scope.domains.map((d) => `<${d}>`).join(' ')} } ?ie <${IE.domain}> ?scopeDomain . }` : '';
  const byIri = scope.ies ? `{ VALUES ?ie { ${scope.ies.map((i) => `<${i}>`).join(' ')} } }` : '';
  const domainFilter = inDomains && byIri ? `${inDomains} UNION ${byIri}` : inDomains || byIri;
  const query = `SELECT ?ie (SAMPLE(?d) AS ?domain) (GROUP_CONCAT(DISTINCT STR(?st); SEPARATOR=" ") AS ?statuses)
      (COUNT(?marker) AS ?marked) ${columns}
    WHERE {
    ?ie a <${IE.InfrastructureElement}> .
    ${domainFilter}
    OPTIONAL { ?ie <${IE.domain}> ?d }
    OPTIONAL { ?ie <${IE.status}> ?st }
    OPTIONAL { GRAPH <${TRUST_GRAPH}> { ?ie <${TRUST.untrustedByTrust}> ?marker FILTER(?marker = true) } }
    ${optionals}
  } GROUP BY ?ie`;
  return rowsOf(await store.query(query)).map((row) => ({
    ie: row.get('ie')!.value,
    domain: row.get('domain')?.value,
    statuses: (row.get('statuses')?.value ?? '').split(' ').filter((s) => s.length > 0),
    criteria: config.criteria.map((_, j) => numberOf(row.get(`x${j}`))),
    untrustedByTrust: (numberOf(row.get('marked')) ?? 0) > 0,
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
