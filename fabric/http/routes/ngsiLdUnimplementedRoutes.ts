/**
 * NGSI-LD resources the spec defines but this node does not serve yet (GS CIM 009 v1.8
 * §6.8–§6.13 context source registrations and subscriptions, §6.10–§6.12 subscriptions,
 * §6.18–§6.22 temporal representation, §6.32+ snapshots): 501 NotImplemented naming the
 * resource, so a client can tell "not here yet" from a wrong path (404).
 */
import type { FastifyInstance } from 'fastify';
import { NotImplementedError } from '../../errors/FabricError.js';

export const UNIMPLEMENTED_RESOURCES: readonly string[] = ['subscriptions', 'csourceRegistrations', 'csourceSubscriptions', 'temporal', 'entityMaps', 'snapshots'];

export function ngsiLdUnimplementedRoutes(app: FastifyInstance): void {
  for (const resource of UNIMPLEMENTED_RESOURCES) {
    const handler = async (): Promise<never> => {
      throw new NotImplementedError(`The NGSI-LD resource /ngsi-ld/v1/${resource} is not implemented by this node.`);
    };
    app.all(`/${resource}`, handler);
    app.all(`/${resource}/*`, handler);
  }
}
