/**
 * Attribute projection of retrievals and queries (GS CIM 009 v1.8 §4.21 pick / omit,
 * §6.3.x attrs): names are expanded with the request's @context; "id", "type" and
 * "scope" stay as they are (the codec knows them). attrs and pick together → 400.
 * Instance projection (§4.5.5 datasetId): the datasetIds of the instances to return, "@none" for the
 * default instance; anything else than a URI or "@none" → 400.
 */
import { BadRequestDataError, InvalidRequestError, NotImplementedError } from '../../errors/FabricError.js';
import { isAbsoluteIri } from '../../ngsi-ld/codec/structuralRules.js';
import type { ProcessedContext } from '../../ngsi-ld/context/ProcessedContext.js';
import { listParam, type QueryParams } from './queryParameters.js';

const SPECIAL = new Set(['id', 'type', 'scope']);

export interface Projection {
  readonly pick?: ReadonlySet<string>;
  readonly omit?: ReadonlySet<string>;
  /** §4.5.5: the datasetIds of the attribute instances to return ("@none": the default instance). */
  readonly datasetIds?: ReadonlySet<string>;
}

/** The datasetId parameter (§4.5.5): a comma-separated list of URIs and "@none". */
export function datasetIdsOf(query: QueryParams): ReadonlySet<string> | undefined {
  const items = listParam(query, 'datasetId');
  if (items === undefined) return undefined;
  for (const item of items) {
    if (item !== '@none' && !isAbsoluteIri(item)) throw new BadRequestDataError(`datasetId '${item}' is neither a URI nor "@none" (§4.5.5).`, { parameter: 'datasetId' });
  }
  return new Set(items);
}

function expandNames(names: readonly string[], ctx: ProcessedContext, parameter: string): Set<string> {
  return new Set(names.map((n) => {
    if (SPECIAL.has(n)) return n;
    // §4.21 defines sub-attribute projection (`a{b,c}`); this node does not implement it: 501, not a 400 for a valid request.
    if (/[{}]/.test(n)) throw new NotImplementedError(`Nested projection '${n}' in ${parameter} (§4.21) is not implemented by this node.`);
    if (/[[\]]/.test(n)) throw new InvalidRequestError(`'${n}' in ${parameter} is not an attribute name (§4.21).`, { parameter });
    return ctx.expandTerm(n) ?? n;
  }));
}

export function projection(query: QueryParams, ctx: ProcessedContext): Projection {
  const attrs = listParam(query, 'attrs');
  const pick = listParam(query, 'pick');
  const omit = listParam(query, 'omit');
  if (attrs && pick) throw new InvalidRequestError('attrs and pick cannot be used together (§4.21).', { parameter: 'pick' });
  const out: { pick?: Set<string>; omit?: Set<string>; datasetIds?: ReadonlySet<string> } = {};
  if (attrs) out.pick = new Set(['id', 'type', 'scope', ...expandNames(attrs, ctx, 'attrs')]);
  if (pick) out.pick = expandNames(pick, ctx, 'pick');
  if (omit) out.omit = expandNames(omit, ctx, 'omit');
  const datasetIds = datasetIdsOf(query);
  if (datasetIds) out.datasetIds = datasetIds;
  return out;
}
