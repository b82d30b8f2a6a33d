/**
 * The `ngsiLdValidation` setting (issue 3 "Writes are checked against shapes/ for the entity's
 * type (configurable per type: reject, or accept with a warning)"): a default mode and per-type
 * overrides. Types are named as in the continuum @context (`InfrastructureElement`,
 * `aeros:Domain`) or by absolute IRI; FabricNode expands them (fabric/node/validationModes.ts).
 *
 * In a config file it is an object; in the environment (CONTINUUM_NGSI_LD_VALIDATION) and on
 * the command line (--ngsi-ld-validation) it is a spec string:
 *
 *   spec  = entry *( ',' entry )
 *   entry = mode / type '=' mode          ; a bare mode sets the default
 *   mode  = 'reject' / 'warn' / 'off'
 *
 * e.g. `reject,InfrastructureElement=warn,aeros:User=off`. Layers merge: a higher layer's
 * default replaces the lower one's, its type entries add to or replace the lower ones.
 */
export type NgsiLdValidationMode = 'reject' | 'warn' | 'off';
export const VALIDATION_MODES: readonly NgsiLdValidationMode[] = ['reject', 'warn', 'off'];

export interface NgsiLdValidationConfig {
  /** Mode of types without their own entry. */
  readonly default: NgsiLdValidationMode;
  /** Type name (compact term of the continuum context, prefixed name or absolute IRI) → mode. */
  readonly types: Readonly<Record<string, NgsiLdValidationMode>>;
}

/** One layer's value before merging: default and/or types. */
export interface NgsiLdValidationLayer {
  readonly default?: NgsiLdValidationMode;
  readonly types: Readonly<Record<string, NgsiLdValidationMode>>;
}

const isMode = (v: unknown): v is NgsiLdValidationMode => typeof v === 'string' && (VALIDATION_MODES as readonly string[]).includes(v);
const modeError = (where: string, v: unknown) => new Error(`${where}: expected one of ${VALIDATION_MODES.join(', ')}, got ${JSON.stringify(v)}`);
const TYPE_NAME = /^[^\s,=]+$/;

/** Parses the spec string of the environment or the command line. Throws Error with the offending entry. */
export function parseValidationSpec(spec: string): NgsiLdValidationLayer {
  let mode: NgsiLdValidationMode | undefined;
  const types: Record<string, NgsiLdValidationMode> = {};
  const entries = spec.split(',').map((e) => e.trim());
  if (entries.every((e) => e === '')) throw new Error('empty validation spec; expected e.g. "reject,InfrastructureElement=warn"');
  for (const entry of entries) {
    if (entry === '') continue;
    const eq = entry.lastIndexOf('=');
    if (eq < 0) {
      if (!isMode(entry)) throw modeError(`default mode "${entry}"`, entry);
      mode = entry;
      continue;
    }
    const type = entry.slice(0, eq).trim();
    const value = entry.slice(eq + 1).trim();
    if (!TYPE_NAME.test(type)) throw new Error(`entry "${entry}": expected <type>=<mode>`);
    if (!isMode(value)) throw modeError(`type ${type}`, value);
    types[type] = value;
  }
  return { ...(mode ? { default: mode } : {}), types };
}

/** A layer's raw value: a spec string (environment, flag) or an object { default?, types? } (config file). */
export function toValidationLayer(value: unknown): NgsiLdValidationLayer {
  if (typeof value === 'string') return parseValidationSpec(value);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`expected a spec such as "reject,InfrastructureElement=warn" or an object { "default": "reject", "types": { … } }, got ${JSON.stringify(value)}`);
  }
  const { default: mode, types, ...rest } = value as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new Error(`unknown member ${JSON.stringify(unknown[0])}; expected "default" and "types"`);
  if (mode !== undefined && !isMode(mode)) throw modeError('default', mode);
  if (types !== undefined && (types === null || typeof types !== 'object' || Array.isArray(types))) {
    throw new Error(`"types" must be an object of type → mode, got ${JSON.stringify(types)}`);
  }
  const out: Record<string, NgsiLdValidationMode> = {};
  for (const [type, m] of Object.entries((types ?? {}) as Record<string, unknown>)) {
    if (!TYPE_NAME.test(type)) throw new Error(`type name ${JSON.stringify(type)} must not be empty or contain spaces, ',' or '='`);
    if (!isMode(m)) throw modeError(`type ${type}`, m);
    out[type] = m;
  }
  return { ...(mode !== undefined ? { default: mode } : {}), types: out };
}

/** Merges layers from lowest to highest precedence onto a base. */
export function mergeValidationLayers(base: NgsiLdValidationConfig, layers: readonly NgsiLdValidationLayer[]): NgsiLdValidationConfig {
  let result: NgsiLdValidationConfig = { default: base.default, types: { ...base.types } };
  for (const layer of layers) {
    result = { default: layer.default ?? result.default, types: { ...result.types, ...layer.types } };
  }
  return result;
}
