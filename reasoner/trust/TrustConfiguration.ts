/**
 * Weights, windows and thresholds of the trust score, read from a cf:TrustConfiguration
 * resource in the store (default cf:DefaultTrustConfiguration, ontology/continuum.ttl).
 * Defaults are those of the aerOS Trust Manager's manager.ini ([TrustAlgorithm],
 * [ReliabilityScore]); a value missing from the resource falls back to its default.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { AEROS } from '../../fabric/rdf/namespaces.js';
import { TRUST } from './trustVocabulary.js';

/** A TOPSIS criterion: an IE telemetry property and a signed weight (+ benefit, − cost). */
export interface TrustCriterion {
  readonly property: string;
  readonly weight: number;
}

export interface TrustConfiguration {
  readonly iri: string;
  readonly reliabilityWeight: number;
  readonly securityWeight: number;
  readonly reputationWeight: number;
  readonly healthPenalty: number;
  /** Reputation window in milliseconds (aerOS reputationInterval, 7 days). */
  readonly reputationWindowMs: number;
  readonly maxPriority: number;
  readonly singleElementReliability: number;
  readonly untrustedThreshold: number;
  readonly criteria: readonly TrustCriterion[];
}

const DAY_MS = 86_400_000;

export const DEFAULT_TRUST_CONFIGURATION: TrustConfiguration = {
  iri: TRUST.DefaultTrustConfiguration,
  reliabilityWeight: 0.3,
  securityWeight: 0.5,
  reputationWeight: 0.2,
  healthPenalty: 0.01,
  reputationWindowMs: 7 * DAY_MS,
  maxPriority: 5,
  singleElementReliability: 0.8,
  untrustedThreshold: 0.5,
  criteria: [
    { property: `${AEROS}cpuCores`, weight: 0.2 },
    { property: `${AEROS}currentCpuUsage`, weight: -0.2 },
    { property: `${AEROS}ramCapacity`, weight: 0.1 },
    { property: `${AEROS}availableRam`, weight: 0.25 },
    { property: `${AEROS}currentRamUsage`, weight: -0.25 },
  ],
};

/** xsd:dayTimeDuration (PnDTnHnMnS, no years/months) → milliseconds; undefined if not one. */
export function dayTimeDurationMs(lexical: string): number | undefined {
  const m = /^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(lexical.trim());
  if (!m || lexical.trim() === 'P' || lexical.trim().endsWith('T')) return undefined;
  const [, neg, d, h, min, s] = m;
  const ms = (Number(d ?? 0) * 24 * 3600 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000;
  return neg ? -ms : ms;
}

const SCALARS: ReadonlyArray<readonly [keyof TrustConfiguration, string]> = [
  ['reliabilityWeight', TRUST.reliabilityWeight],
  ['securityWeight', TRUST.securityWeight],
  ['reputationWeight', TRUST.reputationWeight],
  ['healthPenalty', TRUST.healthPenalty],
  ['maxPriority', TRUST.maxPriority],
  ['singleElementReliability', TRUST.singleElementReliability],
  ['untrustedThreshold', TRUST.untrustedThreshold],
];

/**
 * Reads the configuration resource with two SPARQL queries (scalars, criteria). A resource
 * absent from the store gives the defaults; criteria given in RDF replace the default set.
 */
export async function readTrustConfiguration(store: GraphStore, iri: string = TRUST.DefaultTrustConfiguration): Promise<TrustConfiguration> {
  const scalars = await store.query(`SELECT ?p ?v WHERE { <${iri}> ?p ?v .
    VALUES ?p { ${SCALARS.map(([, p]) => `<${p}>`).join(' ')} <${TRUST.reputationWindow}> } }`);
  const criteria = await store.query(`SELECT ?property (SAMPLE(?w) AS ?weight) WHERE {
    <${iri}> <${TRUST.reliabilityCriterion}> ?c . ?c <${TRUST.criterionProperty}> ?property ; <${TRUST.criterionWeight}> ?w .
  } GROUP BY ?property ORDER BY ?property`);
  const config: Record<string, unknown> = { ...DEFAULT_TRUST_CONFIGURATION, iri };
  if (scalars.kind === 'bindings') {
    for (const row of scalars.rows) {
      const p = row.get('p')!.value;
      const v = row.get('v')!.value;
      if (p === TRUST.reputationWindow) {
        const ms = dayTimeDurationMs(v);
        if (ms !== undefined && ms >= 0) config.reputationWindowMs = ms;
        continue;
      }
      const key = SCALARS.find(([, iriOf]) => iriOf === p)?.[0];
      const n = Number(v);
      if (key && Number.isFinite(n)) config[key] = n;
    }
  }
  if (criteria.kind === 'bindings' && criteria.rows.length > 0) {
    config.criteria = criteria.rows
      .map((row) => ({ property: row.get('property')!.value, weight: Number(row.get('weight')!.value) }))
      .filter((c) => Number.isFinite(c.weight) && c.weight !== 0);
  }
  return config as unknown as TrustConfiguration;
}
