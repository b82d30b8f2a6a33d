/**
 * GET /ngsi-ld/v1/info/sourceIdentity (GS CIM 009 v1.8 §5.15 Retrieve Context Source
 * Identity, §5.2.40 ContextSourceIdentity): who this context source is, since when it
 * runs, and its clock.
 */
import type { FastifyInstance } from 'fastify';
import { negotiateResponse } from '../ngsi-ld/mediaTypes.js';
import type { NgsiLdHttpDeps } from '../ngsi-ld/NgsiLdHttpDeps.js';
import { checkParameters, PARAMETERS } from '../ngsi-ld/queryParameters.js';
import { linkContext } from '../ngsi-ld/requestContext.js';
import { queryOf } from '../ngsi-ld/requestKit.js';
import { sendJson, withContext } from '../ngsi-ld/responses.js';

/** ISO 8601 duration of whole seconds, e.g. P1DT2H3M4S (§5.2.40 contextSourceUptime). */
export function isoDuration(ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(s / 86400); s -= days * 86400;
  const hours = Math.floor(s / 3600); s -= hours * 3600;
  const minutes = Math.floor(s / 60); s -= minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${s || (!hours && !minutes) ? `${s}S` : ''}`;
  return `P${days ? `${days}D` : ''}T${time}`;
}

export function ngsiLdInfoRoutes(app: FastifyInstance, deps: NgsiLdHttpDeps): void {
  app.get('/info/sourceIdentity', async (request, reply) => {
    checkParameters(queryOf(request), PARAMETERS.none);
    const mediaType = negotiateResponse(request.headers.accept);
    const source = linkContext(request.headers);
    const now = new Date();
    const { identity } = deps;
    const body = {
      id: identity.id,
      type: 'ContextSourceIdentity',
      contextSourceExtras: { product: 'Continuum Fabric', tenants: deps.services.tenants.list(), ...(identity.extras ?? {}) },
      contextSourceUptime: isoDuration(now.getTime() - identity.startedAt.getTime()),
      contextSourceTimeAt: now.toISOString(),
      contextSourceAlias: identity.alias ?? identity.id,
    };
    return sendJson(reply, mediaType, source, withContext(body, mediaType, source));
  });
}
