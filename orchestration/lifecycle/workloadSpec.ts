/**
 * From a component of a ServiceRequest and the IE placement chose to the WorkloadSpec a runtime enforces
 * (aerOS: the HLO blueprint an LLO interprets), and the hashes that tell what changed.
 */
import { createHash } from 'node:crypto';
import type { ComponentRequest, ServiceRequest } from '../request/ServiceRequest.js';
import type { WorkloadSpec } from '../runtime/ContainerRuntime.js';

/** JSON with object keys sorted, so equal values hash equally. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Hash of everything the component asks for (image, args, requirements, affinity…): update() re-plans when it differs. */
export function requestHash(component: ComponentRequest): string {
  return sha256(stableJson(component)).slice(0, 32);
}

/** A DNS-1123 label (≤ 63 characters, lower case, digits, '-') from service and component names. */
export function workloadName(service: string, component: string): string {
  const clean = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  const name = `${clean(service)}-${clean(component)}`.replace(/-{2,}/g, '-').replace(/^-+|-+$/g, '') || 'component';
  if (name.length <= 63) return name;
  return `${name.slice(0, 54).replace(/-+$/, '')}-${sha256(name).slice(0, 8)}`;
}

/** The workload of `component` on `ieId`; specHash covers every field, the IE included (moving it replaces it). */
export function workloadSpec(service: ServiceRequest, component: ComponentRequest, ieId: string): WorkloadSpec {
  const r = component.requirements;
  const body = {
    componentId: component.id,
    serviceId: service.id,
    ieId,
    name: workloadName(service.name, component.name),
    image: component.image,
    args: [...component.args],
    env: { ...component.env },
    ports: component.ports.map((p) => ({ ...p })),
    cpuLimit: r.requiredCpu,
    memoryLimitBytes: r.requiredRamMiB !== undefined ? Math.round(r.requiredRamMiB * 1024 * 1024) : undefined,
    isJob: component.isJob,
    restartPolicy: component.isJob ? ('never' as const) : ('always' as const),
  };
  return { ...body, specHash: sha256(stableJson(body)).slice(0, 32) };
}
