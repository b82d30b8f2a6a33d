/**
 * The hard requirements of a component (aerOS InfrastructureElementRequirements plus GPU, disk, tier, domain, area,
 * energy, trust, orchestration type) checked against one IE, giving every reason it cannot host the component, in
 * plain words ("criterion: detail"). Capacity is what is free after the reservations of current decisions and of
 * components placed earlier in the same plan.
 */
import * as turf from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { ComponentRequirements } from '../request/ServiceRequest.js';
import type { IeFacts } from './candidateQuery.js';
import { READY } from './placementVocabulary.js';
import { localName } from '../../fabric/rdf/localName.js';

/** Capacity already taken on an IE (by current decisions and by this plan). */
export interface Taken {
  cpu: number;
  /** MB */
  ram: number;
  /** MB */
  disk: number;
}

/** Capacity a component needs: CPU cores, RAM and disk in MB. */
export interface Need {
  readonly cpu: number;
  readonly ram: number;
  readonly disk: number;
}

export function needOf(r: ComponentRequirements): Need {
  return { cpu: r.requiredCpu ?? 0, ram: r.requiredRamMiB ?? 0, disk: (r.requiredDiskGiB ?? 0) * 1024 };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Free CPU cores: cores × (100 − usage %) / 100 − taken. */
export function freeCpu(ie: IeFacts, taken: Taken): number | undefined {
  return ie.cpuCores === undefined ? undefined : ie.cpuCores * (100 - Math.min(100, Math.max(0, ie.cpuUsage ?? 0))) / 100 - taken.cpu;
}
export const freeRam = (ie: IeFacts, taken: Taken): number | undefined => (ie.availableRam === undefined ? undefined : ie.availableRam - taken.ram);
export const freeDisk = (ie: IeFacts, taken: Taken): number | undefined => (ie.availableDisk === undefined ? undefined : ie.availableDisk - taken.disk);

/** Compiled area test (turf): the IE's location (a Point, or any geometry) must lie within the polygon. */
export function areaTest(area: unknown): ((location: unknown) => boolean) | undefined {
  if (area === undefined) return undefined;
  const polygon = area as Polygon | MultiPolygon;
  return (location: unknown) => {
    const g = location as Geometry | undefined;
    if (!g || typeof g !== 'object' || !('type' in g)) return false;
    try {
      if (g.type === 'Point') return turf.booleanPointInPolygon(g.coordinates, polygon);
      return turf.booleanWithin(turf.feature(g) as Feature, turf.feature(polygon) as Feature);
    } catch {
      return false;
    }
  };
}

const statusReasons = new Map<string | undefined, string>();
/** "status: Overload, not Ready" (memoized: a status IRI is one of a handful, IEs are thousands). */
function statusReason(status: string | undefined): string {
  let text = statusReasons.get(status);
  if (text === undefined) {
    text = `status: ${status ? localName(status).replace(/InfrastructureElement$/, '') : 'unknown'}, not Ready`;
    if (statusReasons.size < 64) statusReasons.set(status, text);
  }
  return text;
}

const listText = (items: readonly string[]) => items.join(' or ');

/**
 * Every reason `ie` cannot host a component with requirements `r` needing `need`; empty = feasible. `reasons`: an
 * array to append to (the engine reuses one across IEs; default a new one).
 */
export function rejectionReasons(ie: IeFacts, r: ComponentRequirements, need: Need, taken: Taken, inArea?: (location: unknown) => boolean, reasons: string[] = []): string[] {
  rejections(ie, r, need, taken, inArea, reasons);
  return reasons;
}

/** The criteria (reasonCriterion of each reason rejectionReasons would give) `ie` fails, appended to `criteria`. */
export function rejectionCriteria(ie: IeFacts, r: ComponentRequirements, need: Need, taken: Taken, inArea: ((location: unknown) => boolean) | undefined, criteria: string[]): string[] {
  rejections(ie, r, need, taken, inArea, undefined, criteria);
  return criteria;
}

/** Whether `ie` cannot host the component (rejectionReasons would not be empty), without writing the reasons. */
export function isRejected(ie: IeFacts, r: ComponentRequirements, need: Need, taken: Taken, inArea?: (location: unknown) => boolean): boolean {
  return rejections(ie, r, need, taken, inArea, undefined) > 0;
}

/**
 * The one place the criteria are checked: counts the failed ones, words them into `reasons` when given, and names
 * them into `criteria` when given (the text before the first ':' of each reason: reasonCriterion).
 */
function rejections(ie: IeFacts, r: ComponentRequirements, need: Need, taken: Taken, inArea: ((location: unknown) => boolean) | undefined, reasons: string[] | undefined, criteria?: string[]): number {
  let n = 0;
  if (ie.status !== READY) { n++; criteria?.push('status'); reasons?.push(statusReason(ie.status)); }
  if (r.cpuArch?.length && !(ie.architecture && r.cpuArch.includes(ie.architecture))) { n++; criteria?.push('architecture'); reasons?.push(`architecture: ${ie.architecture ?? 'unknown'}, needs ${listText(r.cpuArch)}`); }
  if (r.cpuCores !== undefined && !((ie.cpuCores ?? 0) >= r.cpuCores)) { n++; criteria?.push('CPU cores'); reasons?.push(`CPU cores: ${ie.cpuCores ?? 'unknown'}, needs at least ${r.cpuCores}`); }
  if (r.maxCpuUsage !== undefined && !(ie.cpuUsage !== undefined && ie.cpuUsage <= r.maxCpuUsage)) { n++; criteria?.push('CPU usage'); reasons?.push(`CPU usage: ${ie.cpuUsage === undefined ? 'unknown' : `${round(ie.cpuUsage, 1)} %`}, must be at most ${round(r.maxCpuUsage, 1)} %`); }
  const cpu = freeCpu(ie, taken);
  if (need.cpu > 0 && !(cpu !== undefined && cpu >= need.cpu - 1e-9)) { n++; criteria?.push('free CPU'); reasons?.push(`free CPU: ${cpu === undefined ? 'unknown' : `${round(cpu)} cores`}${taken.cpu > 0 ? ` (${round(taken.cpu)} reserved)` : ''}, needs ${need.cpu}`); }
  const ram = freeRam(ie, taken);
  if (need.ram > 0 && !(ram !== undefined && ram >= need.ram)) { n++; criteria?.push('free RAM'); reasons?.push(`free RAM: ${ram === undefined ? 'unknown' : `${round(ram, 0)} MB`}${taken.ram > 0 ? ` (${round(taken.ram, 0)} MB reserved)` : ''}, needs ${round(need.ram, 0)} MB`); }
  const disk = freeDisk(ie, taken);
  if (need.disk > 0 && !(disk !== undefined && disk >= need.disk)) { n++; criteria?.push('free disk'); reasons?.push(`free disk: ${disk === undefined ? 'unknown' : `${round(disk, 0)} MB`}${taken.disk > 0 ? ` (${round(taken.disk, 0)} MB reserved)` : ''}, needs ${round(need.disk, 0)} MB`); }
  if (r.gpu && ie.gpu !== true) { n++; criteria?.push('GPU'); reasons?.push('GPU: none, needs one'); }
  if (r.realtime && ie.realTime !== true) { n++; criteria?.push('real time'); reasons?.push('real time: not capable, needs real-time capability'); }
  if (r.tier?.length && !(ie.tier && r.tier.includes(ie.tier))) { n++; criteria?.push('tier'); reasons?.push(`tier: ${ie.tier ?? 'unknown'}, needs ${listText(r.tier)}`); }
  if (r.domains?.length && !ie.domains.some((d) => r.domains!.includes(d))) { n++; criteria?.push('domain'); reasons?.push(`domain: ${ie.domains.join(', ') || 'none'}, needs ${listText(r.domains)}`); }
  if (r.minEnergyEfficiency !== undefined && !((ie.energyEfficiency ?? -1) >= r.minEnergyEfficiency)) { n++; criteria?.push('energy efficiency'); reasons?.push(`energy efficiency: ${ie.energyEfficiency ?? 'unknown'}, needs at least ${r.minEnergyEfficiency}`); }
  if (r.minGreenEnergyRatio !== undefined && !((ie.greenRatio ?? -1) >= r.minGreenEnergyRatio)) { n++; criteria?.push('green energy ratio'); reasons?.push(`green energy ratio: ${ie.greenRatio ?? 'unknown'}, needs at least ${r.minGreenEnergyRatio}`); }
  if (r.minTrustScore !== undefined && !((ie.trustScore ?? -1) >= r.minTrustScore)) { n++; criteria?.push('trust score'); reasons?.push(`trust score: ${ie.trustScore === undefined ? 'unknown' : round(ie.trustScore, 3)}, needs at least ${r.minTrustScore}`); }
  if (r.orchestrationTypes?.length && !ie.orchestrationTypes.some((o) => r.orchestrationTypes!.includes(o))) { n++; criteria?.push('orchestration type'); reasons?.push(`orchestration type: ${ie.orchestrationTypes.join(', ') || 'no low-level orchestrator'}, needs ${listText(r.orchestrationTypes)}`); }
  if (inArea && !inArea(ie.location)) { n++; criteria?.push('area'); reasons?.push(ie.location === undefined ? 'area: location unknown' : 'area: outside the requested area'); }
  return n;
}

/** The criterion of a reason ("free CPU", "policy <iri>"), for summaries. */
export function reasonCriterion(reason: string): string {
  const policy = /^(policy \S+): /.exec(reason);
  if (policy) return policy[1];
  const i = reason.indexOf(':');
  return i < 0 ? reason : reason.slice(0, i);
}
