/**
 * The entity query compiler of fabric/ngsi-ld/query behind the HTTP port: the raw terms
 * of GET /entities or of a Query body are parsed (q §4.9, scopeQ §4.19, type expressions
 * §4.17, geo-queries §4.10; syntax errors → 400 with the position) and compiled into the
 * SPARQL SELECT (+ post-filter) the EntityQueryService runs.
 */
import { parseEntityQuery } from '../../ngsi-ld/query/EntityQuery.js';
import { compileEntityQuery } from '../../ngsi-ld/query/EntityQueryCompiler.js';
import type { EntityQueryCompiler } from './entityQueryPort.js';

export const fullQueryCompiler: EntityQueryCompiler = (terms, expandTerm) => {
  const parsed = parseEntityQuery({
    ...(terms.selectors ? { selectors: terms.selectors } : {}),
    ...(terms.type !== undefined ? { type: terms.type } : {}),
    ...(terms.ids ? { id: terms.ids } : {}),
    ...(terms.idPattern !== undefined ? { idPattern: terms.idPattern } : {}),
    ...(terms.q !== undefined ? { q: terms.q } : {}),
    ...(terms.scopeQ !== undefined ? { scopeQ: terms.scopeQ } : {}),
    ...(terms.attrs ? { attrs: terms.attrs.join(',') } : {}),
    ...(terms.geoQ ? { georel: terms.geoQ.georel, geometry: terms.geoQ.geometry, coordinates: terms.geoQ.coordinates, ...(terms.geoQ.geoproperty ? { geoproperty: terms.geoQ.geoproperty } : {}) } : {}),
  });
  return compileEntityQuery(parsed, expandTerm);
};
