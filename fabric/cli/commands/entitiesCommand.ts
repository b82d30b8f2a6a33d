/**
 * `continuum entities get|query|create|delete` — NGSI-LD entities of a running node through
 * the typed client (fabric/client/NgsiLdClient.ts; GS CIM 009 v1.8 §6.4, §6.5). Output is
 * the NGSI-LD JSON of the node (pretty-printed); --context names the @context sent in the
 * Link header, --tenant the NGSILD-Tenant.
 */
import { readFileSync } from 'node:fs';
import { NgsiLdClient, type NgsiLdEntity } from '../../client/NgsiLdClient.js';
import type { CliIo } from '../CliIo.js';

export interface EntitiesOptions {
  url: string;
  context?: string;
  tenant?: string;
  token?: string;
  /** get / query: normalized | concise | keyValues | simplified. */
  format?: 'normalized' | 'concise' | 'keyValues' | 'simplified';
  /** query */
  type?: string;
  q?: string;
  attrs?: string;
  limit?: number;
  offset?: number;
  count?: boolean;
  /** create: JSON file (an entity or an array of entities); "-" or absent with no argument → error. */
  file?: string;
}

export type EntitiesSubcommand = 'get' | 'query' | 'create' | 'delete';

function clientFor(options: EntitiesOptions): NgsiLdClient {
  return new NgsiLdClient({
    url: options.url,
    ...(options.context ? { context: options.context } : {}),
    ...(options.tenant ? { tenant: options.tenant } : {}),
    ...(options.token ? { token: options.token } : {}),
  });
}

const print = (io: CliIo, value: unknown): void => io.out(`${JSON.stringify(value, null, 2)}\n`);

function readEntities(args: string[], file: string | undefined): NgsiLdEntity[] {
  const text = file ? readFileSync(file, 'utf8') : args[0];
  if (!text) throw new Error('No entity: pass the entity JSON as an argument or use --file entity.json.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`The entity is not valid JSON: ${(e as Error).message}`);
  }
  return (Array.isArray(parsed) ? parsed : [parsed]) as NgsiLdEntity[];
}

export async function entitiesCommand(sub: EntitiesSubcommand, args: string[], options: EntitiesOptions, io: CliIo): Promise<void> {
  const client = clientFor(options);
  switch (sub) {
    case 'get': {
      if (!args[0]) throw new Error('Give the entity id: continuum entities get <id>.');
      print(io, await client.getEntity(args[0], options.format ? { format: options.format } : {}));
      return;
    }
    case 'query': {
      const result = await client.queryEntities({
        ...(options.type ? { type: options.type } : {}),
        ...(options.q ? { q: options.q } : {}),
        ...(options.attrs ? { attrs: options.attrs.split(',') } : {}),
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.offset !== undefined ? { offset: options.offset } : {}),
        ...(options.format ? { format: options.format } : {}),
      }, { count: options.count === true });
      print(io, result.entities);
      if (result.count !== undefined) io.err(`${result.count} matching entities\n`);
      return;
    }
    case 'create': {
      const entities = readEntities(args, options.file);
      if (entities.length === 1) {
        const location = await client.createEntity(entities[0]!);
        io.out(`created ${entities[0]!.id} (${location})\n`);
        return;
      }
      const result = await client.createEntities(entities);
      print(io, result);
      if (!Array.isArray(result) && result.errors.length > 0) throw new Error(`${result.errors.length} of ${entities.length} entities were not created.`);
      return;
    }
    case 'delete': {
      if (args.length === 0) throw new Error('Give the entity id(s): continuum entities delete <id...>.');
      for (const id of args) {
        await client.deleteEntity(id);
        io.out(`deleted ${id}\n`);
      }
      return;
    }
  }
}
