/**
 * Seeded synthetic aerOS continuum as ground N-Quads, used when the demo
 * generator (fabric/demo/) is not available. Every InfrastructureElement
 * (aerOS:InfrastructureElement) lives in a named graph named by its own id
 * (docs/named-graphs.md); domains likewise. 12 quads per IE, 3 per domain.
 */
import { AEROS, CF, RDF, XSD } from '../fabric/rdf/namespaces.js';

export const QUADS_PER_IE = 12;
export const IES_PER_DOMAIN = 50;

/** mulberry32: small deterministic PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ieId = (i: number): string => `urn:ngsi-ld:InfrastructureElement:ie-${i}`;
export const domainId = (d: number): string => `urn:ngsi-ld:Domain:domain-${d}`;

const ARCH = ['x86_64', 'arm64', 'riscv64'];
const OS = ['Ubuntu 24.04', 'Debian 12', 'Yocto 5'];
const STATUS = ['Running', 'Ready', 'Offline'];

/** Yields N-Quads chunks of at most `chunkIes` IEs each. */
export function* generateSyntheticContinuum(opts: { ies: number; seed?: number; chunkIes?: number }): Generator<string> {
  const rnd = prng(opts.seed ?? 42);
  const chunk = opts.chunkIes ?? 1000;
  const domains = Math.max(1, Math.ceil(opts.ies / IES_PER_DOMAIN));
  const lit = (v: string, dt: string) => `"${v}"^^<${XSD}${dt}>`;
  let out: string[] = [];
  for (let d = 0; d < domains; d++) {
    const g = `<${domainId(d)}>`;
    out.push(`${g} <${RDF}type> <${AEROS}Domain> ${g} .`);
    out.push(`${g} <${AEROS}domainDescription> "Domain ${d}" ${g} .`);
    out.push(`${g} <${AEROS}domainStatus> <${AEROS}DomainStatusFunctional> ${g} .`);
  }
  for (let i = 0; i < opts.ies; i++) {
    const g = `<${ieId(i)}>`;
    const cores = [2, 4, 8, 16, 32, 64][Math.floor(rnd() * 6)];
    out.push(
      `${g} <${RDF}type> <${AEROS}InfrastructureElement> ${g} .`,
      `${g} <${AEROS}hostname> "host-${i}.continuum.example" ${g} .`,
      `${g} <${AEROS}belongsTo> <${domainId(Math.floor(i / IES_PER_DOMAIN))}> ${g} .`,
      `${g} <${AEROS}cpuCores> ${lit(String(cores), 'integer')} ${g} .`,
      `${g} <${AEROS}ramCapacity> ${lit(String(cores * 2048), 'integer')} ${g} .`,
      `${g} <${AEROS}availableRam> ${lit(String(Math.floor(rnd() * cores * 2048)), 'integer')} ${g} .`,
      `${g} <${AEROS}currentCpuUsage> ${lit(rnd().toFixed(3), 'double')} ${g} .`,
      `${g} <${AEROS}avgPowerConsumption> ${lit((5 + rnd() * 200).toFixed(2), 'double')} ${g} .`,
      `${g} <${AEROS}cpuArchitecture> "${ARCH[Math.floor(rnd() * ARCH.length)]}" ${g} .`,
      `${g} <${AEROS}operatingSystem> "${OS[Math.floor(rnd() * OS.length)]}" ${g} .`,
      `${g} <${AEROS}realTimeCapable> ${lit(rnd() < 0.2 ? 'true' : 'false', 'boolean')} ${g} .`,
      `${g} <${CF}status> "${STATUS[Math.floor(rnd() * STATUS.length)]}" ${g} .`,
    );
    if ((i + 1) % chunk === 0) {
      yield out.join('\n') + '\n';
      out = [];
    }
  }
  if (out.length > 0) yield out.join('\n') + '\n';
}

/** IEs needed for about `triples` quads. */
export function iesForTriples(triples: number): number {
  return Math.max(1, Math.round(triples / (QUADS_PER_IE + 3 / IES_PER_DOMAIN)));
}
