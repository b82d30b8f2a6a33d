/**
 * Seeded random entities and NGSI-LD queries for indexedPlanDifferential.test.ts: values of every
 * attribute kind the two query paths must agree on, and q / scopeQ / attrs / id / idPattern mixes.
 * One random stream for entities and queries, so a failure replays from the seed.
 */
import type { AttributeInstance, Entity } from '../../../../fabric/ngsi-ld/model/Entity.js';
import type { EntityQueryParameters, EntitySelectorParameters } from '../../../../fabric/ngsi-ld/query/EntityQuery.js';
import { SeededRandom } from '../../../../fabric/demo/SeededRandom.js';

export const EX = 'https://example.org/ns#';

/** Seeded (SeededRandom, mulberry32), so a failure can be replayed. */
const random = (seed: number): (() => number) => { const r = new SeededRandom(seed); return () => r.next(); };

const rnd = random(20261202);
export const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
export const chance = (p: number): boolean => rnd() < p;

const NUMBERS = [-3, 0, 1, 2, 2.5, 7, 10, 20, 99];
const STRINGS = ['Alpha', 'alpha', 'Beta', 'gamma', '', 'Zeta street', 'é'];
export const URIS = ['urn:ngsi-ld:Person:1', 'urn:ngsi-ld:Person:2', 'urn:x:é'];
const SCOPES = ['/Madrid', '/Madrid/Gardens', '/Madrid/Gardens/North', '/Paris', '/Paris/Nord'];
const ID_TAILS = ['a', 'b', 'B', 'a1', 'é', '\uF900', '😀', 'z', 'a-b', '0'];

export const instance = (kind: AttributeInstance['kind'], extra: Partial<AttributeInstance>): AttributeInstance => ({ kind, subAttributes: new Map(), ...extra });

function scalarInstance(json: boolean, extra: Partial<AttributeInstance> = {}): AttributeInstance {
  const r = rnd();
  const value = r < 0.45 || (!json && r >= 0.85) ? pick(NUMBERS) : r < 0.75 ? pick(STRINGS) : r < 0.85 ? chance(0.5) : r < 0.92 ? [pick(NUMBERS), pick(NUMBERS)] : { [`${EX}k`]: pick(NUMBERS) };
  const sub = chance(0.3) ? new Map([[`${EX}accuracy`, [instance('Property', { value: pick(NUMBERS) })]]]) : new Map();
  return instance('Property', { value, subAttributes: sub, ...(chance(0.3) ? { unitCode: pick(['CEL', 'KMH']) } : {}), ...extra });
}

/** `json`: whether values may be arrays / objects (rdf:JSON literals: the SPARQL path then post-filters q). */
export function randomEntity(n: number, json: boolean): Entity {
  const attributes = new Map<string, AttributeInstance[]>();
  if (chance(0.85)) attributes.set(`${EX}temperature`, chance(0.2) ? [scalarInstance(json), scalarInstance(json, { datasetId: pick(['urn:ds:a', 'urn:ds:b']) })] : [scalarInstance(json)]);
  if (chance(0.7)) {
    attributes.set(`${EX}name`, [chance(0.7) ? instance('Property', { value: pick(STRINGS) })
      : instance('LanguageProperty', { languageMap: { en: pick(STRINGS), ...(chance(0.5) ? { es: pick(STRINGS) } : {}) } })]);
  }
  if (chance(0.5)) attributes.set(`${EX}owner`, [instance('Relationship', { object: pick(URIS) })]);
  if (chance(0.3)) attributes.set(`${EX}status`, [instance('VocabProperty', { vocab: `${EX}${pick(['On', 'Off'])}` })]);
  if (chance(0.4)) attributes.set(`${EX}on`, [instance('Property', { value: chance(0.5) })]);
  const types = ['A', 'B', 'C'].filter(() => chance(0.45));
  return {
    id: `urn:x:${pick(ID_TAILS)}${n}`,
    types: (types.length > 0 ? types : ['A']).map((t) => `${EX}${t}`),
    ...(chance(0.5) ? { scope: [pick(SCOPES), ...(chance(0.3) ? [pick(SCOPES)] : [])] } : {}),
    attributes,
  };
}

function qValue(): string {
  const r = rnd();
  if (r < 0.5) return String(pick(NUMBERS));
  if (r < 0.75) return JSON.stringify(pick(STRINGS));
  if (r < 0.85) return String(chance(0.5));
  return pick(URIS);
}

function qLeaf(): string {
  const path = pick(['temperature', 'temperature', 'name', 'owner', 'on', 'status', 'temperature.accuracy', 'temperature.unitCode', 'temperature.datasetId', 'missing', 'temperature[k]', 'name[en]']);
  const r = rnd();
  if (r < 0.06) return `!${path}`;
  if (r < 0.12) return path;
  if (r < 0.25) return `${path}${pick(['~=', '!~='])}${pick(['^A', '(?i)alpha', 'a$', 'Person:1', '.'])}`;
  if (r < 0.35) return `${path}${pick(['==', '!='])}${pick(['1..10', '"Alpha".."Beta"', '0..2.5'])}`;
  if (r < 0.45) return `${path}${pick(['==', '!='])}${qValue()},${qValue()}`;
  return `${path}${pick(['==', '!=', '>', '>=', '<', '<='])}${qValue()}`;
}

function randomQ(depth = 0): string {
  const r = rnd();
  if (depth > 1 || r < 0.5) return qLeaf();
  const op = chance(0.5) ? ';' : '|';
  const inner = `${randomQ(depth + 1)}${op}${randomQ(depth + 1)}`;
  return depth > 0 || chance(0.5) ? `(${inner})` : inner;
}

export function randomQuery(): EntityQueryParameters {
  const p: Record<string, string> = {};
  if (chance(0.8)) p.type = pick(['A', 'B', 'C', 'A,B', 'A;B', '(A|C);B', 'Machine', 'Sensor', 'Nothing']);
  if (chance(0.75)) p.q = randomQ();
  if (chance(0.15)) p.scopeQ = pick(['/Madrid', '/Madrid/#', '/+/Gardens', '/Paris;/Madrid', '/Paris,/Madrid/#']);
  if (chance(0.15)) p.attrs = pick(['owner', 'status,on', 'missing', 'temperature']);
  if (chance(0.1)) p.idPattern = pick(['^urn:x:a', 'é', '(?i)B', '[0-9]$']);
  if (chance(0.08)) p.id = ['urn:x:a1', 'urn:x:b2', 'urn:ngsi-ld:Machine:E1', 'urn:x:😀7'].filter(() => chance(0.6)).join(',') || 'urn:x:z9';
  if (Object.keys(p).length === 0) p.type = 'A';
  if (chance(0.15)) {
    // §5.2.23 entities: several EntitySelectors (a union) instead of one type / id / idPattern.
    const { type: _type, id: _id, idPattern: _idPattern, ...rest } = p;
    return { ...rest, selectors: randomSelectors() };
  }
  return p;
}

function randomSelectors(): EntitySelectorParameters[] {
  const one = (): EntitySelectorParameters => {
    const s: { type?: string; id?: string; idPattern?: string } = {};
    if (chance(0.6)) s.type = pick(['A', 'B', 'C', 'A;B', '(A|C);B', 'Machine', 'Nothing']);
    if (chance(0.3)) s.id = pick(['urn:x:a1', 'urn:x:b2', 'urn:ngsi-ld:Machine:E1', 'urn:x:😀7', 'urn:x:z9']);
    if (chance(0.3)) s.idPattern = pick(['^urn:x:a', 'é', '(?i)B', '[0-9]$']);
    return s;
  };
  return Array.from({ length: pick([2, 2, 3, 4]) }, one);
}
