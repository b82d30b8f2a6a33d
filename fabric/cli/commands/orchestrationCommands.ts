/**
 * `continuum deploy <service.yaml>`, `continuum services [id]`, `continuum undeploy <id>` (issue 5,
 * docs/orchestration.md "CLI"): the /orchestration/services API of a running node through FabricClient. A .yaml/.yml
 * file is sent as TOSCA (application/yaml), a .json/.jsonld file as NGSI-LD entities (application/ld+json).
 * Text output lists every component with its status and IE (for one service also its runtime, decision and history);
 * --output json prints the node's answer as is.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { FabricClient } from '../../client/FabricClient.js';
import type { ServiceSummary, ServiceView } from '../../../orchestration/ServiceView.js';
import type { CliIo } from '../CliIo.js';

export interface DeployOptions { url: string; token?: string; name?: string; update?: string; output: 'text' | 'json' }
export interface ServicesOptions { url: string; output: 'text' | 'json' }
export interface UndeployOptions { url: string; token?: string; purge?: boolean; output: 'text' | 'json' }

/** The media type a service file is sent as, by its extension. */
export function serviceFileType(file: string): string {
  const ext = extname(file).toLowerCase();
  if (ext === '.yaml' || ext === '.yml') return 'application/yaml';
  if (ext === '.json' || ext === '.jsonld') return 'application/ld+json';
  throw new Error(`${file}: expected a TOSCA .yaml/.yml file or NGSI-LD entities in a .json/.jsonld file`);
}

const pad = (text: string, width: number) => text.padEnd(width);

/** One line per component: name, status, IE (and the reason when there is one). */
function componentLines(components: ServiceSummary['components'] | ServiceView['components'], width = Math.max(4, ...components.map((c) => c.name.length)), indent = '  '): string[] {
  return components.map((c) => {
    const reason = 'reason' in c && c.reason && c.status !== 'Running' ? `  (${c.reason})` : '';
    return `${indent}${pad(c.name, width)}  ${pad(c.status ?? '?', 9)}  ${c.ie ?? '-'}${reason}`;
  });
}

export function renderServices(services: readonly ServiceSummary[]): string {
  if (services.length === 0) return 'No services deployed (continuum deploy service.yaml).\n';
  return services.map((s) => [`${s.id}  ${s.action ?? ''}`.trimEnd(), ...componentLines(s.components)].join('\n')).join('\n\n') + '\n';
}

export function renderService(s: ServiceView): string {
  const lines = [`${s.id}  ${s.action ?? ''}`.trimEnd()];
  const width = Math.max(4, ...s.components.map((c) => c.name.length));
  for (const c of s.components) {
    lines.push(...componentLines([c], width));
    if (c.runtime) lines.push(`      runtime   ${c.runtime.kind} ${c.runtime.endpoint}`);
    if (c.decision) {
      const score = c.decision.score !== undefined ? `score ${Math.round(c.decision.score * 1000) / 1000}, ` : '';
      lines.push(`      decision  ${c.decision.ie ?? 'no IE'} (${score}${c.decision.rejected} rejected) at ${c.decision.decidedAt}`);
    }
    for (const h of c.history) lines.push(`      ${h.at}  ${h.from ?? '-'} → ${h.to}${h.ie ? ` on ${h.ie}` : ''}${h.reason ? `: ${h.reason}` : ''}`);
  }
  return lines.join('\n') + '\n';
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function deployCommand(file: string, options: DeployOptions, io: CliIo): Promise<void> {
  const contentType = serviceFileType(file);
  const body = await readFile(file, 'utf8');
  const view = await new FabricClient({ url: options.url, token: options.token }).deployService(body, contentType, { name: options.name, update: options.update });
  io.out(options.output === 'json' ? json(view) : renderService(view));
}

export async function servicesCommand(id: string | undefined, options: ServicesOptions, io: CliIo): Promise<void> {
  const client = new FabricClient({ url: options.url });
  if (id) {
    const view = await client.service(id);
    io.out(options.output === 'json' ? json(view) : renderService(view));
  } else {
    const services = await client.services();
    io.out(options.output === 'json' ? json({ services }) : renderServices(services));
  }
}

export async function undeployCommand(id: string, options: UndeployOptions, io: CliIo): Promise<void> {
  const view = await new FabricClient({ url: options.url, token: options.token }).undeployService(id, { purge: options.purge });
  if (!view) io.out(options.output === 'json' ? json({ purged: id }) : `Removed and purged ${id}.\n`);
  else io.out(options.output === 'json' ? json(view) : renderService(view));
}
