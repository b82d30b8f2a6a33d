/**
 * TEST HELPER: the JSON-LD 1.1 expanded form (W3C JSON-LD 1.1 API §5.1) that jsonld.js
 * gives for an NGSI-LD entity, built from our internal Entity model — so expandEntity can
 * be compared with jsonld.expand, the reference. Arrays that are sets in JSON-LD are
 * sorted by `normalizeExpanded` before comparison; @list arrays keep their order.
 */
import type { AttributeInstance, Entity, JsonValue } from '../../../../fabric/ngsi-ld/model/Entity.js';
import { canonicalJson } from '../../../../fabric/ngsi-ld/mapping/canonicalJson.js';

const N = 'https://uri.etsi.org/ngsi-ld/';
const GEO = 'https://purl.org/geojson/vocab#';
type Node = { [key: string]: unknown };

function values(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.flatMap(values);
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('@value' in o) return [{ '@type': o['@type'], '@value': o['@value'] }];
    const node: Node = {};
    for (const [k, m] of Object.entries(o)) {
      if (k === '@type') node['@type'] = Array.isArray(m) ? m : [m];
      else if (k === '@id') node['@id'] = m;
      else if (values(m).length > 0) node[k] = values(m);
    }
    return [node];
  }
  return [{ '@value': v }];
}

function listItem(v: unknown): unknown {
  return Array.isArray(v) ? { '@list': v.map(listItem) } : values(v)[0];
}

function geometry(g: { type: string; coordinates: JsonValue }): Node {
  return { '@type': [`${GEO}${g.type}`], [`${GEO}coordinates`]: [{ '@list': (g.coordinates as unknown[]).map(listItem) }] };
}

const ids = (v: string | readonly string[] | undefined): Node[] => (v === undefined ? [] : (typeof v === 'string' ? [v] : [...v]).map((i) => ({ '@id': i })));

function instance(i: AttributeInstance): Node {
  const n: Node = { '@type': [`${N}${i.kind}`] };
  switch (i.kind) {
    case 'Property': n[`${N}hasValue`] = values(i.value); break;
    case 'GeoProperty': n[`${N}hasValue`] = [geometry(i.geometry!)]; break;
    case 'Relationship': n[`${N}hasObject`] = ids(i.object); break;
    case 'ListRelationship': n[`${N}hasObjectList`] = [{ '@list': ids(i.object).map((o) => ({ [`${N}hasObject`]: [o] })) }]; break;
    case 'VocabProperty': n[`${N}hasVocab`] = ids(i.vocab); break;
    case 'JsonProperty': n[`${N}hasJSON`] = [{ '@type': '@json', '@value': i.value }]; break;
    case 'ListProperty': n[`${N}hasValueList`] = [{ '@list': (i.value as unknown[]).map(listItem) }]; break;
    case 'LanguageProperty':
      n[`${N}hasLanguageMap`] = Object.entries(i.languageMap!).flatMap(([tag, text]) =>
        (typeof text === 'string' ? [text] : [...text]).map((t) => (tag === '@none' ? { '@value': t } : { '@value': t, '@language': tag })));
      break;
  }
  if (i.objectType !== undefined) n[`${N}hasObjectType`] = ids(i.objectType);
  if (i.datasetId !== undefined) n[`${N}datasetId`] = ids(i.datasetId);
  if (i.observedAt !== undefined) n[`${N}observedAt`] = [{ '@type': `${N}DateTime`, '@value': i.observedAt }];
  if (i.unitCode !== undefined) n[`${N}unitCode`] = [{ '@value': i.unitCode }];
  for (const [iri, subs] of i.subAttributes) n[iri] = subs.map(instance);
  return n;
}

export function entityToJsonLdExpanded(e: Entity): Node {
  const n: Node = { '@id': e.id, '@type': [...e.types] };
  if (e.scope) n[`${N}scope`] = e.scope.map((s) => ({ '@value': s }));
  for (const [iri, instances] of e.attributes) n[iri] = instances.map(instance);
  return n;
}

/** Sorts set-valued arrays (everything but @list) recursively; drops undefined members. */
export function normalizeExpanded(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalizeExpanded).sort((a, b) => (canonicalJson(a) < canonicalJson(b) ? -1 : 1));
  if (v && typeof v === 'object') {
    const out: Node = {};
    for (const [k, m] of Object.entries(v)) {
      if (m === undefined) continue;
      out[k] = k === '@list' ? (m as unknown[]).map(normalizeExpanded) : k === '@value' && typeof m === 'object' ? m : normalizeExpanded(m);
    }
    return out;
  }
  return v;
}

/**
 * Differences of form that are not differences of meaning: JSON-LD compaction unwraps
 * one-element arrays (compactArrays) where our codec keeps arrays as written, and writes a
 * typed value's @type with the core context's alias ("type") where we keep the spec's
 * {"@type": "DateTime", "@value": …} (GS CIM 009 §4.6.3).
 */
export function unwrapSingletons(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 1 ? unwrapSingletons(v[0]) : v.map(unwrapSingletons);
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).map(([k, m]) => [k === 'type' && '@value' in v ? '@type' : k, unwrapSingletons(m)]);
    return Object.fromEntries(entries);
  }
  return v;
}
