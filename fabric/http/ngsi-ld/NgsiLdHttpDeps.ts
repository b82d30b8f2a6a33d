/**
 * What the NGSI-LD routes need, built by the composition root (fabric/node/FabricNode.ts):
 * per-tenant services, the @context resolver, the hosted-context registry, the entity
 * query compiler and the node's source identity (§5.15).
 */
import type { ContextResolver } from '../../ngsi-ld/context/ContextResolver.js';
import type { NgsiLdServices } from '../../ngsi-ld/service/NgsiLdServices.js';
import type { AccessGuard } from '../accessGuard.js';
import type { EntityQueryCompiler } from './entityQueryPort.js';
import type { HostedContexts } from '../../ngsi-ld/context/HostedContexts.js';

export interface SourceIdentityConfig {
  /** URI of this context source, e.g. the aerOS Domain IRI. */
  readonly id: string;
  /** Human-readable alias (§5.15 contextSourceAlias). */
  readonly alias?: string;
  /** When the node started (contextSourceUptime). */
  readonly startedAt: Date;
  /** Free-form extras (§5.15 contextSourceExtras). */
  readonly extras?: Record<string, unknown>;
}

export interface NgsiLdHttpDeps {
  readonly services: NgsiLdServices;
  readonly contexts: ContextResolver;
  readonly hosted: HostedContexts;
  readonly compileQuery: EntityQueryCompiler;
  readonly identity: SourceIdentityConfig;
  /** Write access (the same policy as SPARQL Update); set by buildHttpApp. */
  readonly guard?: AccessGuard;
}
