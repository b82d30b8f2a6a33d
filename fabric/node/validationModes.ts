/**
 * From the `ngsiLdValidation` setting to EntityValidator's per-type modes (issue 3 "Writes are
 * checked against shapes/ for the entity's type (configurable per type: reject, or accept with
 * a warning)"). Type names are expanded with the continuum @context (ontology/context.jsonld):
 * a term (`InfrastructureElement`), a prefixed name (`aeros:Domain`, `cf:Policy`) or an
 * absolute IRI. A name the context does not define, or a type no shape targets, stops the
 * node with a ConfigError — a typo must not silently leave a type in the default mode.
 */
import { ConfigError } from '../config/ConfigError.js';
import type { NgsiLdValidationConfig } from '../config/ngsiLdValidationConfig.js';
import type { ValidationMode } from '../ngsi-ld/service/EntityValidator.js';

type JsonObject = { [key: string]: unknown };

const KEY = 'ngsiLdValidation';
const SOURCE = 'ngsiLdValidation types';

/** Expands every configured type name to its IRI; `isTargeted` says whether some shape targets an IRI. */
export function validationModes(
  config: NgsiLdValidationConfig,
  continuumContext: JsonObject,
  isTargeted: (iri: string) => boolean,
): Record<string, ValidationMode> {
  const terms = (continuumContext['@context'] ?? {}) as JsonObject;
  const out: Record<string, ValidationMode> = {};
  for (const [name, mode] of Object.entries(config.types)) {
    const iri = expandTypeName(name, terms);
    if (iri === undefined) {
      throw new ConfigError(SOURCE, KEY, `type "${name}" is neither an absolute IRI nor a term or prefixed name of the continuum @context`);
    }
    if (!isTargeted(iri)) throw new ConfigError(SOURCE, KEY, `no shape in shapes/ targets type "${name}" (${iri})`);
    if (out[iri] !== undefined && out[iri] !== mode) throw new ConfigError(SOURCE, KEY, `type ${iri} is given two modes (${out[iri]}, ${mode})`);
    out[iri] = mode;
  }
  return out;
}

/** JSON-LD IRI expansion of a type name (vocab-relative) against a flat context: term, prefix:suffix or absolute IRI. */
export function expandTypeName(name: string, terms: JsonObject): string | undefined {
  const defined = termIri(terms[name]);
  if (defined !== undefined) return defined.includes('://') || defined.startsWith('urn:') ? defined : expandTypeName(defined, terms);
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = name.slice(0, colon);
  const suffix = name.slice(colon + 1);
  if (suffix.startsWith('//') || prefix === 'urn') return name;
  const base = termIri(terms[prefix]);
  return base !== undefined && suffix !== '' ? base + suffix : undefined;
}

function termIri(definition: unknown): string | undefined {
  if (typeof definition === 'string') return definition;
  if (definition !== null && typeof definition === 'object' && typeof (definition as JsonObject)['@id'] === 'string') return (definition as JsonObject)['@id'] as string;
  return undefined;
}
