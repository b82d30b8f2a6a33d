/**
 * The `options` (§6.3.7) and `format` (§6.3.7, v1.8) parameters: which representation
 * (normalized, concise, keyValues/simplified, §4.5) and which flags (sysAttrs,
 * noOverwrite, replace, update) a request asks for. Unknown or conflicting values → 400.
 */
import { InvalidRequestError } from '../../errors/FabricError.js';
import type { EntityFormat } from '../../ngsi-ld/codec/compactEntity.js';
import { listParam, param, type QueryParams } from './queryParameters.js';

const FORMATS: ReadonlySet<string> = new Set(['normalized', 'concise', 'keyValues', 'simplified']);

export interface Representation {
  readonly format: EntityFormat;
  readonly sysAttrs: boolean;
}

/** The `options` flags of a request, checked against what the endpoint allows. */
export function optionFlags(query: QueryParams, allowed: readonly string[]): Set<string> {
  const flags = new Set(listParam(query, 'options') ?? []);
  for (const flag of flags) {
    if (!allowed.includes(flag)) {
      throw new InvalidRequestError(`options=${flag} is not valid here; allowed: ${allowed.join(', ') || 'none'} (GS CIM 009 §6.3.7).`, { parameter: 'options' });
    }
  }
  return flags;
}

/** Response representation of retrieval / query endpoints (§6.3.7; format wins over options, both must agree). */
export function representation(query: QueryParams): Representation {
  const flags = optionFlags(query, ['normalized', 'concise', 'keyValues', 'simplified', 'sysAttrs']);
  const fromOptions = [...flags].filter((f) => FORMATS.has(f));
  const formatParam = param(query, 'format');
  if (formatParam !== undefined && !FORMATS.has(formatParam)) {
    throw new InvalidRequestError(`format=${formatParam} is not one of normalized, concise, keyValues, simplified (§6.3.7).`, { parameter: 'format' });
  }
  const chosen = new Set([...fromOptions, ...(formatParam ? [formatParam] : [])].map((f) => (f === 'simplified' ? 'keyValues' : f)));
  if (chosen.size > 1) throw new InvalidRequestError(`Conflicting representations requested: ${[...chosen].join(', ')} (§6.3.7).`, { parameter: 'options' });
  const format = (formatParam ?? fromOptions[0] ?? 'normalized') as EntityFormat;
  return { format, sysAttrs: flags.has('sysAttrs') };
}
