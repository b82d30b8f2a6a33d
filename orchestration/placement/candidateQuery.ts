/**
 * What placement knows about the continuum and how it is read: every IE with the attributes the filters and the
 * scoring need (one scan, ?ie ?p ?o, plus the attributes of linked power sources and low-level orchestrators), and
 * the capacity current decisions reserve. IeFactsIndex / ReservationIndex keep both in memory, fresh from the
 * store's change feed. Filtering happens in TypeScript (candidateFilters.ts) so that every rejected IE gets its
 * own plain-language reason.
 */
import type { GraphStore } from '../../fabric/store/GraphStore.js';
import { AEROS, CF, RDF } from '../../fabric/rdf/namespaces.js';
import { selectValues } from './tsvRows.js';
import { ARCHITECTURE_NAMES, ENDED_COMPONENT_STATUSES, NGSI_LD_LOCATION, ORCHESTRATION_NAMES, PLACEMENT, TIER_NAMES } from './placementVocabulary.js';

/** One IE as placement sees it. Absent numbers are unknown (not zero). Multi-valued attributes are lists. */
export interface IeFacts {
  readonly iri: string;
  status?: string;
  architecture?: string;
  cpuCores?: number;
  /** Percent 0-100 (aeros:currentCpuUsage). */
  cpuUsage?: number;
  /** MB (aeros:availableRam). */
  availableRam?: number;
  ramCapacity?: number;
  /** MB (cf:availableDisk). */
  availableDisk?: number;
  gpu?: boolean;
  realTime?: boolean;
  tier?: string;
  domains: string[];
  energyEfficiency?: number;
  /** cf:greenEnergyRatio of the IE's power source (cf:powerSource). */
  greenRatio?: number;
  trustScore?: number;
  /** Orchestration types of the IE's low-level orchestrators (cf:managedBy / aeros:orchestrationType). */
  orchestrationTypes: string[];
  /** GeoJSON geometry of ngsi-ld:location (or aeros:location). */
  location?: unknown;
}

/** The IE attributes placement reads (one hop from the IE), by the IeFacts field they feed. */
export const IE_PREDICATES = {
  status: `${AEROS}infrastructureElementStatus`, arch: `${AEROS}cpuArchitecture`, cores: `${AEROS}cpuCores`,
  usage: `${AEROS}currentCpuUsage`, ram: `${AEROS}availableRam`, ramCap: `${AEROS}ramCapacity`, disk: `${CF}availableDisk`,
  gpu: `${CF}gpu`, rt: `${AEROS}realTimeCapable`, tier: `${AEROS}infrastructureElementTier`, domain: `${AEROS}domain`,
  ee: `${CF}energyEfficiencyRatio`, trust: `${CF}trustScore`, powerSource: `${CF}powerSource`, managedBy: `${CF}managedBy`,
  location: NGSI_LD_LOCATION, aerosLocation: `${AEROS}location`,
} as const;
/** Attributes read two hops away: of the IE's power source (cf:powerSource) and low-level orchestrators (cf:managedBy). */
export const LINKED_PREDICATES = { green: `${CF}greenEnergyRatio`, orch: `${AEROS}orchestrationType` } as const;
export const INFRASTRUCTURE_ELEMENT = `${AEROS}InfrastructureElement`;
const RDF_TYPE = `${RDF}type`;

const iris = (list: Iterable<string>) => [...list].map((i) => `<${i}>`).join(' ');

/**
 * Every IE (or those in `only`) with each attribute placement needs, one row per value: ?ie ?p ?o. rdf:type is
 * read too, so that an IE without any of the attributes still has a row. One triple pattern per row, no OPTIONAL.
 */
export function ieFactsQuery(only?: Iterable<string>): string {
  return `SELECT ?ie ?p ?o WHERE { ${only ? `VALUES ?ie { ${iris(only)} } ` : ''}?ie a <${INFRASTRUCTURE_ELEMENT}> . `
    + `VALUES ?p { <${RDF_TYPE}> ${iris(Object.values(IE_PREDICATES))} } ?ie ?p ?o }`;
}

/** Green energy ratios and orchestration types of every resource having one (or of those in `only`): ?x ?p ?o. */
export function linkedFactsQuery(only?: Iterable<string>): string {
  return `SELECT ?x ?p ?o WHERE { ${only ? `VALUES ?x { ${iris(only)} } ` : ''}VALUES ?p { ${iris(Object.values(LINKED_PREDICATES))} } ?x ?p ?o }`;
}

/** Values of a resource per predicate, as read (IRIs and literal lexical forms). */
export type RawFacts = Map<string, string[]>;

/** Groups ?s ?p ?o rows by subject and predicate (rdf:type values are dropped, the subject kept). */
export function groupRows(rows: readonly string[][]): Map<string, RawFacts> {
  const out = new Map<string, RawFacts>();
  for (const [s, p, o] of rows) {
    let facts = out.get(s);
    if (!facts) { facts = new Map(); out.set(s, facts); }
    if (p === RDF_TYPE) continue;
    const list = facts.get(p);
    if (list) { if (!list.includes(o)) list.push(o); } else facts.set(p, [o]);
  }
  return out;
}

const num = (v: string | undefined): number | undefined => (v === undefined || !Number.isFinite(Number(v)) ? undefined : Number(v));
const bool = (v: string | undefined): boolean | undefined => (v === undefined ? undefined : v === 'true' || v === '1');
const sorted = (list: readonly string[] | undefined): string[] => (list ? [...list].sort() : []);
const firstNumber = (list: readonly string[] | undefined) => sorted(list).map(num).find((n) => n !== undefined);

/**
 * An IE's facts from its attribute values and those of the resources it links to. A multi-valued attribute that
 * placement reads as single (several cpuCores, say) takes the first usable value in lexical order, so the result
 * does not depend on the order the store returns rows in.
 */
export function deriveFacts(iri: string, raw: RawFacts, linked: ReadonlyMap<string, RawFacts>): IeFacts {
  const P = IE_PREDICATES;
  const first = (p: string) => sorted(raw.get(p))[0];
  const links = (p: string, q: string) => sorted(raw.get(p)).flatMap((x) => linked.get(x)?.get(q) ?? []);
  const ie: IeFacts = { iri, domains: sorted(raw.get(P.domain)), orchestrationTypes: [] };
  const set = <K extends keyof IeFacts>(key: K, value: IeFacts[K] | undefined) => { if (value !== undefined && value !== '') ie[key] = value; };
  set('status', first(P.status));
  const arch = first(P.arch);
  set('architecture', arch && (ARCHITECTURE_NAMES[arch] ?? arch));
  set('cpuCores', firstNumber(raw.get(P.cores)));
  set('cpuUsage', firstNumber(raw.get(P.usage)));
  set('availableRam', firstNumber(raw.get(P.ram)));
  set('ramCapacity', firstNumber(raw.get(P.ramCap)));
  set('availableDisk', firstNumber(raw.get(P.disk)));
  set('gpu', bool(first(P.gpu)));
  set('realTime', bool(first(P.rt)));
  const tier = first(P.tier);
  set('tier', tier && (TIER_NAMES[tier] ?? tier));
  set('energyEfficiency', firstNumber(raw.get(P.ee)));
  set('greenRatio', firstNumber(links(P.powerSource, LINKED_PREDICATES.green)));
  set('trustScore', firstNumber(raw.get(P.trust)));
  ie.orchestrationTypes = [...new Set(sorted(links(P.managedBy, LINKED_PREDICATES.orch)).map((o) => ORCHESTRATION_NAMES[o] ?? o))];
  for (const text of [...sorted(raw.get(P.location)), ...sorted(raw.get(P.aerosLocation))]) {
    try { ie.location = JSON.parse(text); break; } catch { /* not GeoJSON: treated as no location */ }
  }
  return ie;
}

/** Every IE of the store, sorted by IRI (the engine's stable order): one full read (IeFactsIndex keeps it fresh). */
export async function readInfrastructureElements(store: GraphStore): Promise<IeFacts[]> {
  const [ieRows, linkedRows] = await Promise.all([selectValues(store, ieFactsQuery()), selectValues(store, linkedFactsQuery())]);
  const linked = groupRows(linkedRows);
  return [...groupRows(ieRows)].map(([iri, raw]) => deriveFacts(iri, raw, linked)).sort((a, b) => (a.iri < b.iri ? -1 : a.iri > b.iri ? 1 : 0));
}

/** Capacity a current decision holds on an IE. */
export interface Reservation {
  readonly decision: string;
  readonly component: string;
  readonly service?: string;
  readonly ie: string;
  readonly cpu: number;
  /** MB */
  readonly ram: number;
  /** MB */
  readonly disk: number;
}

/** One cf:PlacementDecision as the reservations need it (several rows of one decision merged). */
export interface DecisionRow {
  readonly decision: string;
  readonly component: string;
  /** cf:decidedAt, epoch ms (the latest when several). */
  readonly at: number;
  readonly ie?: string;
  readonly service?: string;
  readonly cpu: number;
  readonly ram: number;
  readonly disk: number;
  /** cf:releasedAt is set. */
  readonly released: boolean;
  /** The component is Removing / Finished / Failed. */
  readonly ended: boolean;
}

/** The decisions (of the components in `only`, or all) with what their reservation needs. */
export function decisionQuery(only?: Iterable<string>): string {
  return `PREFIX aeros: <${AEROS}>
PREFIX cf: <${CF}>
SELECT ?d ?component ?at ?ie ?cpu ?ram ?disk ?service ?released ?ended WHERE {
  ${only ? `VALUES ?component { ${iris(only)} }` : ''}
  ?d a cf:PlacementDecision ; cf:forComponent ?component ; cf:decidedAt ?at .
  OPTIONAL { ?d cf:placedOn ?ie }
  OPTIONAL { ?d <${PLACEMENT.reservedCpu}> ?cpu }
  OPTIONAL { ?d <${PLACEMENT.reservedRam}> ?ram }
  OPTIONAL { ?d <${PLACEMENT.reservedDisk}> ?disk }
  OPTIONAL { ?d <${PLACEMENT.forService}> ?service }
  OPTIONAL { ?d <${PLACEMENT.releasedAt}> ?released }
  OPTIONAL { ?component aeros:serviceComponentStatus ?ended FILTER (?ended IN (${ENDED_COMPONENT_STATUSES.map((s) => `<${s}>`).join(', ')})) }
}`;
}

/** The decisions of the components in `only` (or of all), one merged row per decision and component. */
export async function readDecisionRows(store: GraphStore, only?: Iterable<string>): Promise<DecisionRow[]> {
  const merged = new Map<string, DecisionRow>();
  const rows = await selectValues(store, decisionQuery(only));
  rows.sort((a, b) => (a.join('\t') < b.join('\t') ? -1 : 1)); // the first value of a multi-valued attribute: lexical order
  for (const [d, component, at, ie, cpu, ram, disk, service, released, ended] of rows) {
    const key = `${d} ${component}`;
    const prev = merged.get(key);
    const time = Date.parse(at);
    merged.set(key, {
      decision: d, component, at: prev && !(time > prev.at) ? prev.at : time,
      ie: prev?.ie ?? (ie || undefined), service: prev?.service ?? (service || undefined),
      cpu: prev?.cpu ?? num(cpu || undefined) ?? 0, ram: prev?.ram ?? num(ram || undefined) ?? 0, disk: prev?.disk ?? num(disk || undefined) ?? 0,
      released: Boolean(prev?.released || released), ended: Boolean(prev?.ended || ended),
    });
  }
  return [...merged.values()];
}

/**
 * The reservations of current decisions: per component its latest decision (by cf:decidedAt, then IRI), when it
 * placed the component, was not released (cf:releasedAt) and the component is not Removing / Finished / Failed.
 */
export function currentReservations(rows: Iterable<DecisionRow>): Reservation[] {
  const latest = new Map<string, DecisionRow>();
  for (const row of rows) {
    const prev = latest.get(row.component);
    if (!prev || row.at > prev.at || (row.at === prev.at && row.decision > prev.decision)) latest.set(row.component, row);
  }
  const out: Reservation[] = [];
  for (const row of latest.values()) {
    if (!row.ie || row.released || row.ended) continue;
    out.push({ decision: row.decision, component: row.component, ie: row.ie, service: row.service, cpu: row.cpu, ram: row.ram, disk: row.disk });
  }
  return out;
}

/** The reservations of current decisions, read in full (ReservationIndex keeps them fresh). */
export async function readReservations(store: GraphStore): Promise<Reservation[]> {
  return currentReservations(await readDecisionRows(store));
}
