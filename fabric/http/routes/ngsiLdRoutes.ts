/**
 * The NGSI-LD API under /ngsi-ld/v1 (GS CIM 009 v1.8 clause 6), in its own fastify
 * scope so its request parsers are its own: JSON bodies in application/json,
 * application/ld+json and application/merge-patch+json (§6.3.5); any other Content-Type
 * answers 415. Errors go through the app's one error handler (RFC 7807, application/json).
 */
import type { FastifyInstance } from 'fastify';
import { InvalidRequestError } from '../../errors/FabricError.js';
import { JSON_LD_TYPE, JSON_TYPE, MERGE_PATCH_TYPE } from '../ngsi-ld/mediaTypes.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { API_BASE } from '../ngsi-ld/responses.js';
import { ngsiLdAttributesRoutes } from './ngsiLdAttributesRoutes.js';
import { ngsiLdContextsRoutes } from './ngsiLdContextsRoutes.js';
import { ngsiLdEntitiesRoutes } from './ngsiLdEntitiesRoutes.js';
import { ngsiLdEntityAttrsRoutes } from './ngsiLdEntityAttrsRoutes.js';
import { ngsiLdEntityOperationsRoutes } from './ngsiLdEntityOperationsRoutes.js';
import { ngsiLdInfoRoutes } from './ngsiLdInfoRoutes.js';
import { ngsiLdTypesRoutes } from './ngsiLdTypesRoutes.js';
import { ngsiLdUnimplementedRoutes } from './ngsiLdUnimplementedRoutes.js';

export function ngsiLdRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps, bodyLimitBytes: number): void {
  void app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser([JSON_TYPE, JSON_LD_TYPE, MERGE_PATCH_TYPE], { parseAs: 'string', bodyLimit: bodyLimitBytes }, (_request, body, done) => {
      const text = body as string;
      if (text.trim() === '') {
        done(null, undefined);
        return;
      }
      try {
        done(null, JSON.parse(text));
      } catch (error) {
        done(new InvalidRequestError(`The request body is not valid JSON: ${(error as Error).message}`), undefined);
      }
    });
    ngsiLdEntitiesRoutes(scope, deps);
    ngsiLdEntityAttrsRoutes(scope, deps);
    ngsiLdEntityOperationsRoutes(scope, deps);
    ngsiLdTypesRoutes(scope, deps);
    ngsiLdAttributesRoutes(scope, deps);
    ngsiLdContextsRoutes(scope, deps);
    ngsiLdInfoRoutes(scope, deps);
    ngsiLdUnimplementedRoutes(scope);
  }, { prefix: API_BASE });
}
