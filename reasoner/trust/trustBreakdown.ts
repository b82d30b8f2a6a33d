/**
 * Reads the breakdown of one IE's trust score back from the trust graph with SPARQL
 * (docs/trust.md): components, inputs used (telemetry, events by kind, domain), weights,
 * configuration and time, plus the IE's current status, and all of it in plain words.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { breakdownIri, IE, TRUST, TRUST_GRAPH } from './trustVocabulary.js';
import { explainTrust } from './trustExplanation.js';

export interface TrustBreakdownView {
  readonly infrastructureElement: string;
  readonly breakdown: string;
  readonly trustScore: number;
  readonly components: { readonly reliability: number; readonly security: number; readonly reputation: number; readonly healthEvents: number };
  readonly inputs: {
    readonly domain?: string;
    readonly domainSize: number;
    readonly telemetry: Record<string, number>;
    readonly securityAlerts: string[];
    readonly selfSecurityEvents: string[];
    readonly healthEvents: string[];
  };
  readonly weights: Record<string, unknown>;
  readonly configuration: string;
  readonly computedAt: string;
  readonly status: string[];
  readonly untrustedByTrust: boolean;
  /** The score in plain words (trustExplanation.ts). */
  readonly explanation: string;
}

const KINDS: Record<string, 'securityAlerts' | 'selfSecurityEvents' | 'healthEvents'> = {
  [TRUST.SecurityAlert]: 'securityAlerts',
  [TRUST.SelfSecurityEvent]: 'selfSecurityEvents',
  [TRUST.HealthEvent]: 'healthEvents',
};

/** The breakdown of `ieId`, or undefined when no score was computed for it. */
export async function readTrustBreakdown(store: GraphStore, ieId: string): Promise<TrustBreakdownView | undefined> {
  const b = breakdownIri(ieId);
  const facts = await store.query(`SELECT ?p ?o WHERE { GRAPH <${TRUST_GRAPH}> { <${b}> ?p ?o } }`);
  if (facts.kind !== 'bindings' || facts.rows.length === 0) return undefined;
  const one = new Map<string, string>();
  for (const row of facts.rows) if (row.get('p')!.value !== TRUST.usedEvent) one.set(row.get('p')!.value, row.get('o')!.value);
  const events = await store.query(`SELECT DISTINCT ?e ?kind WHERE { GRAPH <${TRUST_GRAPH}> { <${b}> <${TRUST.usedEvent}> ?e } OPTIONAL { ?e a ?kind } } ORDER BY ?e`);
  const used = { securityAlerts: [] as string[], selfSecurityEvents: [] as string[], healthEvents: [] as string[] };
  if (events.kind === 'bindings') {
    for (const row of events.rows) {
      const bucket = KINDS[row.get('kind')?.value ?? ''];
      if (bucket && !used[bucket].includes(row.get('e')!.value)) used[bucket].push(row.get('e')!.value);
    }
  }
  const state = await store.query(`SELECT ?st ?m WHERE { { <${ieId}> <${IE.status}> ?st } UNION { GRAPH <${TRUST_GRAPH}> { <${ieId}> <${TRUST.untrustedByTrust}> ?m } } }`);
  const status = new Set<string>();
  let marked = false;
  if (state.kind === 'bindings') {
    for (const row of state.rows) {
      if (row.get('st')) status.add(row.get('st')!.value);
      if (row.get('m')?.value === 'true') marked = true;
    }
  }
  const num = (p: string): number => Number(one.get(p));
  const view: Omit<TrustBreakdownView, 'explanation'> = {
    infrastructureElement: ieId,
    breakdown: b,
    trustScore: num(TRUST.computedScore),
    components: { reliability: num(TRUST.reliability), security: num(TRUST.security), reputation: num(TRUST.reputation), healthEvents: num(TRUST.healthEventCount) },
    inputs: {
      domain: one.get(TRUST.rankedInDomain),
      domainSize: num(TRUST.domainSize),
      telemetry: JSON.parse(one.get(TRUST.telemetryInput) ?? '{}') as Record<string, number>,
      ...used,
    },
    weights: JSON.parse(one.get(TRUST.weightsUsed) ?? '{}') as Record<string, unknown>,
    configuration: one.get(TRUST.trustConfiguration) ?? '',
    computedAt: one.get(TRUST.computedAt) ?? '',
    status: [...status].sort(),
    untrustedByTrust: marked,
  };
  return { ...view, explanation: explainTrust(view) };
}
