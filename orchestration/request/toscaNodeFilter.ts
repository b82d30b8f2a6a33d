/**
 * The host node_filter of a TOSCA 1.3 node template (TOSCA Simple Profile 1.3 §3.6.5 node filter, §3.6.3 constraint
 * clauses) → ComponentRequirements, as the aerOS HLO front end reads it: `properties.id` pins an IE; the
 * `capabilities[].host.properties` constraints name IE attributes (cpu_usage, cpu_arch, mem_size, realtime, area,
 * energy_efficiency, green, domain_id) plus our extensions (gpu, disk_size, num_cpus, tier, min_trust_score,
 * orchestration_type). Every unknown name, operator or value is reported; nothing is ignored silently.
 */
import type { ComponentRequirements } from './ServiceRequest.js';
import { architectureName, orchestrationName, tierName, type ProblemList } from './requestVocabulary.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Constraint = { op: string; value: unknown };

const OPERATORS = new Set(['equal', 'greater_than', 'greater_or_equal', 'less_than', 'less_or_equal', 'in_range', 'valid_values']);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `{ greater_or_equal: 2 }`, `[{ equal: x }, …]` or a bare value (= equal) → constraint clauses. */
function constraintsOf(value: unknown, path: string, problems: ProblemList): Constraint[] {
  const clauses = Array.isArray(value) ? value : [value];
  const out: Constraint[] = [];
  clauses.forEach((clause, i) => {
    const at = Array.isArray(value) ? `${path}[${i}]` : path;
    if (!isObject(clause)) return void out.push({ op: 'equal', value: clause });
    for (const [op, v] of Object.entries(clause)) {
      if (!OPERATORS.has(op)) problems.add(at, `unknown constraint operator '${op}' (TOSCA 1.3 §3.6.3: ${[...OPERATORS].join(', ')})`);
      else out.push({ op, value: v });
    }
  });
  return out;
}

/** TOSCA scalar-unit.size (§3.3.6.4) → MiB. IE RAM and disk are in the aerOS data model's megabytes, so MB = MiB here. */
const SIZE_UNITS: Record<string, number> = { b: 1 / 1048576, kb: 1 / 1024, kib: 1 / 1024, mb: 1, mib: 1, gb: 1024, gib: 1024, tb: 1048576, tib: 1048576 };
export function sizeInMiB(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  if (typeof value !== 'string') return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)?\s*$/.exec(value);
  if (!m) return undefined;
  const factor = SIZE_UNITS[(m[2] ?? 'MB').toLowerCase()];
  return factor === undefined ? undefined : Number(m[1]) * factor;
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** A lower bound from ≥ / > / in_range, an upper bound from ≤ / < / in_range; equal gives both. */
function bounds(cs: Constraint[], path: string, problems: ProblemList, read: (v: unknown) => number | undefined, what: string): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  for (const { op, value } of cs) {
    const pair = op === 'in_range' ? (Array.isArray(value) && value.length === 2 ? value : undefined) : [value];
    const nums = pair?.map(read);
    if (!nums || nums.some((n) => n === undefined)) {
      problems.add(path, op === 'in_range' ? `in_range needs two ${what} values` : `${JSON.stringify(value)} is not ${what}`);
      continue;
    }
    const [a, b] = nums as number[];
    if (op === 'valid_values') problems.add(path, `valid_values is not supported for a ${what} (use greater_or_equal / less_or_equal)`);
    else if (op === 'equal') { out.min = a; out.max = a; }
    else if (op === 'greater_or_equal' || op === 'greater_than') out.min = a;
    else if (op === 'less_or_equal' || op === 'less_than') out.max = a;
    else if (op === 'in_range') { out.min = a; out.max = b; }
  }
  return out;
}

/** equal / valid_values of names, each normalised by `normalise` (undefined = unknown name). */
function names(cs: Constraint[], path: string, problems: ProblemList, normalise: (s: string) => string | undefined, what: string): string[] {
  const out: string[] = [];
  for (const { op, value } of cs) {
    if (op !== 'equal' && op !== 'valid_values') { problems.add(path, `${op} does not apply to ${what} (use equal or valid_values)`); continue; }
    for (const v of op === 'valid_values' && Array.isArray(value) ? value : [value]) {
      const n = typeof v === 'string' ? normalise(v) : undefined;
      if (n === undefined) problems.add(path, `${JSON.stringify(v)} is not a known ${what}`);
      else if (!out.includes(n)) out.push(n);
    }
  }
  return out;
}

function flag(cs: Constraint[], path: string, problems: ProblemList): boolean | undefined {
  let out: boolean | undefined;
  for (const { op, value } of cs) {
    const v = value === 'true' ? true : value === 'false' ? false : value;
    if (op !== 'equal' || typeof v !== 'boolean') problems.add(path, `expects { equal: true | false }, got ${JSON.stringify({ [op]: value })}`);
    else out = v;
  }
  return out;
}

/** `area`: a GeoJSON Polygon / MultiPolygon, or aerOS's `{ coordinates: [[lon, lat], …] }` ring (closed if open). */
export function areaOf(value: unknown, path: string, problems: ProblemList): unknown {
  const v = isObject(value) && 'equal' in value ? value.equal : value;
  if (isObject(v) && (v.type === 'Polygon' || v.type === 'MultiPolygon') && Array.isArray(v.coordinates)) return { type: v.type, coordinates: v.coordinates };
  const ring = isObject(v) ? v.coordinates : undefined;
  const positions = Array.isArray(ring) && ring.every((p) => Array.isArray(p) && p.length >= 2 && p.every((n) => typeof n === 'number' && Number.isFinite(n)))
    ? (ring as number[][]) : undefined;
  if (!positions || positions.length < 3) {
    problems.add(path, 'area must be a GeoJSON Polygon / MultiPolygon or { coordinates: [[lon, lat], …] } with at least 3 positions');
    return undefined;
  }
  const closed = positions[0][0] === positions.at(-1)![0] && positions[0][1] === positions.at(-1)![1] ? positions : [...positions, positions[0]];
  if (closed.length < 4) { problems.add(path, 'area needs at least 3 distinct corners'); return undefined; }
  return { type: 'Polygon', coordinates: [closed] };
}

const domainIri = (s: string): string | undefined => (s.trim() === '' ? undefined : s.includes(':') ? s.trim() : `urn:ngsi-ld:Domain:${s.trim()}`);

/** Reads the host capability properties (constraints) into `req`. */
export function readHostConstraints(props: Record<string, unknown>, path: string, problems: ProblemList, req: Mutable<ComponentRequirements>): void {
  for (const [name, raw] of Object.entries(props)) {
    const at = `${path}.${name}`;
    if (name === 'area') { req.area = areaOf(raw, at, problems); continue; }
    const cs = constraintsOf(raw, at, problems);
    switch (name) {
      case 'cpu_usage': {
        // aerOS: cpu_usage ≤ x bounds the IE's current CPU usage; ≥ x is the CPU the component needs (aeros:requiredCpuUsage).
        // Fractions (≤ 1) are read as shares of 100 %.
        const b = bounds(cs, at, problems, numberOf, 'a number');
        if (b.max !== undefined) req.maxCpuUsage = b.max <= 1 ? b.max * 100 : b.max;
        if (b.min !== undefined) req.requiredCpu = b.min;
        break;
      }
      case 'mem_size': { const b = bounds(cs, at, problems, sizeInMiB, 'a size (e.g. 512 MB)'); if (b.min !== undefined) req.requiredRamMiB = b.min; break; }
      case 'disk_size': { const b = bounds(cs, at, problems, sizeInMiB, 'a size (e.g. 10 GB)'); if (b.min !== undefined) req.requiredDiskGiB = b.min / 1024; break; }
      case 'num_cpus': { const b = bounds(cs, at, problems, numberOf, 'a number'); if (b.min !== undefined) req.cpuCores = b.min; break; }
      case 'energy_efficiency': { const b = bounds(cs, at, problems, numberOf, 'a number'); if (b.min !== undefined) req.minEnergyEfficiency = b.min; break; }
      case 'min_trust_score': case 'trust_score': { const b = bounds(cs, at, problems, numberOf, 'a number'); if (b.min !== undefined) req.minTrustScore = b.min; break; }
      case 'green': {
        // A ratio bound (green ≥ 0.6) or a flag (green: true = mostly green energy, ratio ≥ 0.5).
        const bool = cs.length === 1 && cs[0].op === 'equal' && typeof cs[0].value === 'boolean' ? cs[0].value : undefined;
        if (bool !== undefined) { if (bool) req.minGreenEnergyRatio = 0.5; break; }
        const b = bounds(cs, at, problems, numberOf, 'a number or true'); if (b.min !== undefined) req.minGreenEnergyRatio = b.min; break;
      }
      case 'realtime': req.realtime = flag(cs, at, problems); break;
      case 'gpu': req.gpu = flag(cs, at, problems); break;
      case 'cpu_arch': req.cpuArch = names(cs, at, problems, architectureName, 'CPU architecture (x86_64, arm64, arm32)'); break;
      case 'tier': req.tier = names(cs, at, problems, tierName, 'tier (Cloud, Edge, FarEdge, IoT)'); break;
      case 'orchestration_type': req.orchestrationTypes = names(cs, at, problems, orchestrationName, 'orchestration type (Kubernetes, Docker, Containerd)'); break;
      case 'domain_id': req.domains = names(cs, at, problems, domainIri, 'domain id'); break;
      case 'id': { const ie = names(cs, at, problems, (s) => (s.includes(':') ? s : undefined), 'IE IRI'); if (ie.length === 1) req.ie = ie[0]; else if (ie.length > 1) problems.add(at, 'only one IE can be pinned'); break; }
      default:
        problems.add(at, `unknown host property '${name}' (supported: cpu_usage, cpu_arch, mem_size, realtime, area, energy_efficiency, green, domain_id, id, gpu, disk_size, num_cpus, tier, min_trust_score, orchestration_type)`);
    }
  }
}

/** `node_filter: { properties: { id: … }, capabilities: [ { host: { properties: {…} } } ] }` → requirements. */
export function readNodeFilter(filter: unknown, path: string, problems: ProblemList): ComponentRequirements {
  const req: Mutable<ComponentRequirements> = {};
  if (filter === null || filter === undefined) return req;
  if (!isObject(filter)) { problems.add(path, 'node_filter must be a map'); return req; }
  for (const key of Object.keys(filter)) if (key !== 'properties' && key !== 'capabilities') problems.add(`${path}.${key}`, `unknown node_filter member '${key}'`);
  // properties: a map (aerOS) or a list of single-entry maps (TOSCA 1.3 §3.6.5).
  const props = filter.properties;
  if (isObject(props)) readHostConstraints(props, `${path}.properties`, problems, req);
  else if (Array.isArray(props)) props.forEach((p, i) => (isObject(p) ? readHostConstraints(p, `${path}.properties[${i}]`, problems, req) : problems.add(`${path}.properties[${i}]`, 'must be a map')));
  else if (props !== null && props !== undefined) problems.add(`${path}.properties`, 'must be a map');
  const caps = filter.capabilities;
  if (caps === null || caps === undefined) return req;
  if (!Array.isArray(caps)) { problems.add(`${path}.capabilities`, 'must be a list'); return req; }
  caps.forEach((cap, i) => {
    const at = `${path}.capabilities[${i}]`;
    if (!isObject(cap)) return problems.add(at, 'must be a map');
    for (const [name, body] of Object.entries(cap)) {
      if (name !== 'host') { problems.add(`${at}.${name}`, `unknown capability '${name}' (only host)`); continue; }
      const p = isObject(body) ? body.properties : undefined;
      if (isObject(p)) readHostConstraints(p, `${at}.host.properties`, problems, req);
      else if (Array.isArray(p)) p.forEach((q, j) => (isObject(q) ? readHostConstraints(q, `${at}.host.properties[${j}]`, problems, req) : problems.add(`${at}.host.properties[${j}]`, 'must be a map')));
      else problems.add(`${at}.host`, 'needs properties');
    }
  });
  return req;
}
