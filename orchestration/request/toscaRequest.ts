/**
 * TOSCA 1.3 YAML (tosca_simple_yaml_1_3) → ServiceRequest, as the aerOS HLO front end takes it: `node_templates`
 * at the top level (aerOS) or under `topology_template` (TOSCA 1.3 §3.9), each a tosca.nodes.Container.Application
 * with an image artifact (tosca.artifacts.Deployment.Image.Container.Docker), `interfaces.Standard.create.inputs`
 * (cliArgs, envVars, isJob), a `network` requirement (ports, exposePorts) and a `host` requirement with a node_filter
 * (toscaNodeFilter.ts). Our extensions are documented in docs/orchestration.md ("TOSCA extensions").
 * Every problem is collected; an invalid request throws one InvalidServiceRequestError listing them all.
 */
import { createHash } from 'node:crypto';
import YAML from 'yaml';
import type { WorkloadPort } from '../runtime/ContainerRuntime.js';
import type { ComponentRequest, ComponentRequirements, ServiceRequest } from './ServiceRequest.js';
import { componentIri, NAME_PATTERN, ProblemList, serviceIri } from './requestVocabulary.js';
import { readNodeFilter } from './toscaNodeFilter.js';
import { checkComponentRelations } from './checkComponentRelations.js';

const VERSIONS = new Set(['tosca_simple_yaml_1_3', 'tosca_simple_yaml_1_2', 'tosca_2_0']);
const CONTAINER_TYPE = 'tosca.nodes.Container.Application';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ToscaParseOptions {
  /** Service name; default: metadata.name / metadata.template_name, else `service-<sha-256 of the text, 10 hex>`. */
  readonly name?: string;
}

/** Parses one TOSCA service; throws InvalidServiceRequestError listing every problem. */
export function parseToscaService(text: string, options: ToscaParseOptions = {}): ServiceRequest {
  const problems = new ProblemList();
  const doc = YAML.parseDocument(text);
  for (const e of doc.errors) {
    problems.add(e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '', `YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  problems.throwIfAny();
  const root: unknown = doc.toJS();
  if (!isObject(root)) { problems.add('', 'a TOSCA service template must be a YAML map'); problems.throwIfAny(); }
  const top = root as Record<string, unknown>;
  const version = top.tosca_definitions_version;
  if (typeof version !== 'string' || !VERSIONS.has(version)) problems.add('tosca_definitions_version', `must be tosca_simple_yaml_1_3, got ${JSON.stringify(version)}`);

  const name = serviceName(top, text, options, problems);
  const topology = isObject(top.topology_template) ? top.topology_template : undefined;
  const templatesPath = topology && top.node_templates === undefined ? 'topology_template.node_templates' : 'node_templates';
  const templates = topology && top.node_templates === undefined ? topology.node_templates : top.node_templates;
  const components: ComponentRequest[] = [];
  if (!isObject(templates) || Object.keys(templates).length === 0) problems.add(templatesPath, 'at least one node template is needed');
  else for (const [n, t] of Object.entries(templates)) {
    const c = readNodeTemplate(name ?? 'service', n, t, `${templatesPath}.${n}`, problems);
    if (c) components.push(c);
  }
  checkComponentRelations(components, (c) => `${templatesPath}.${c}.properties`, problems);
  problems.throwIfAny();
  const description = typeof top.description === 'string' ? top.description.trim() : undefined;
  return { id: serviceIri(name!), name: name!, ...(description ? { description } : {}), components };
}

function serviceName(top: Record<string, unknown>, text: string, options: ToscaParseOptions, problems: ProblemList): string | undefined {
  const meta = isObject(top.metadata) ? top.metadata : {};
  const candidate = options.name ?? meta.name ?? meta.template_name;
  if (candidate === undefined) return `service-${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
  if (typeof candidate !== 'string' || !NAME_PATTERN.test(candidate)) {
    problems.add(options.name !== undefined ? 'name' : 'metadata.name', `service name ${JSON.stringify(candidate)} must match ${NAME_PATTERN}`);
    return undefined;
  }
  return candidate;
}

function readNodeTemplate(service: string, name: string, t: unknown, path: string, problems: ProblemList): ComponentRequest | undefined {
  if (!NAME_PATTERN.test(name)) problems.add(path, `component name '${name}' must match ${NAME_PATTERN}`);
  if (!isObject(t)) { problems.add(path, 'a node template must be a map'); return undefined; }
  if (t.type !== CONTAINER_TYPE) problems.add(`${path}.type`, `must be ${CONTAINER_TYPE}, got ${JSON.stringify(t.type)}`);
  const inputs = createInputs(t, path);
  const image = imageOf(t, inputs.implementation, path, problems);
  const args = cliArgsOf(inputs.values.cliArgs, `${path}.interfaces.Standard.create.inputs.cliArgs`, problems);
  const env = envVarsOf(inputs.values.envVars, `${path}.interfaces.Standard.create.inputs.envVars`, problems);
  const props = isObject(t.properties) ? t.properties : {};
  if (t.properties !== undefined && !isObject(t.properties)) problems.add(`${path}.properties`, 'must be a map');
  let ports: WorkloadPort[] = [];
  let requirements: ComponentRequirements = {};
  const reqs = t.requirements;
  if (reqs !== undefined && !Array.isArray(reqs)) problems.add(`${path}.requirements`, 'must be a list');
  (Array.isArray(reqs) ? reqs : []).forEach((entry, i) => {
    const at = `${path}.requirements[${i}]`;
    if (!isObject(entry)) return problems.add(at, 'must be a single-entry map (host / network)');
    for (const [kind, body] of Object.entries(entry)) {
      if (kind === 'network') ports = ports.concat(portsOf(body, `${at}.network`, problems));
      else if (kind === 'host') requirements = { ...requirements, ...(isObject(body) ? readNodeFilter(body.node_filter, `${at}.host.node_filter`, problems) : (problems.add(`${at}.host`, 'must be a map'), {})) };
      else problems.add(`${at}.${kind}`, `unknown requirement '${kind}' (host, network)`);
    }
  });
  const isJob = booleanOf(inputs.values.isJob ?? props.isJob ?? props.is_job, `${path}.isJob`, problems) ?? false;
  return {
    id: componentIri(service, name), name, image: image ?? '', args, env, ports, isJob, requirements,
    affinity: stringList(props.affinity, `${path}.properties.affinity`, problems),
    antiAffinity: stringList(props.anti_affinity ?? props.antiAffinity, `${path}.properties.anti_affinity`, problems),
    labels: stringList(props.labels, `${path}.properties.labels`, problems),
  };
}

function createInputs(t: Record<string, unknown>, _path: string): { implementation?: string; values: Record<string, unknown> } {
  const standard = isObject(t.interfaces) && isObject(t.interfaces.Standard) ? t.interfaces.Standard : {};
  const create = standard.create;
  if (typeof create === 'string') return { implementation: create, values: {} };
  if (!isObject(create)) return { values: {} };
  const impl = isObject(create.implementation) ? create.implementation.primary : create.implementation;
  return { implementation: typeof impl === 'string' ? impl : undefined, values: isObject(create.inputs) ? create.inputs : {} };
}

/** The container image: the artifact named by create.implementation (or the only one), `repository/file` unless file has its own registry. */
function imageOf(t: Record<string, unknown>, implementation: string | undefined, path: string, problems: ProblemList): string | undefined {
  const artifacts = isObject(t.artifacts) ? t.artifacts : {};
  const names = Object.keys(artifacts);
  const chosen = implementation !== undefined && implementation in artifacts ? implementation : names.length === 1 ? names[0] : undefined;
  if (chosen === undefined) {
    problems.add(`${path}.artifacts`, names.length === 0 ? 'an image artifact (tosca.artifacts.Deployment.Image.Container.Docker) is needed'
      : `interfaces.Standard.create.implementation must name one of the artifacts ${names.join(', ')}`);
    return undefined;
  }
  const a = artifacts[chosen];
  const file = isObject(a) ? a.file : a;
  if (typeof file !== 'string' || file.trim() === '') { problems.add(`${path}.artifacts.${chosen}.file`, 'the image (file) is missing'); return undefined; }
  const repo = isObject(a) && typeof a.repository === 'string' ? a.repository.trim() : '';
  const firstSegment = file.split('/')[0];
  const hasRegistry = file.includes('/') && (firstSegment.includes('.') || firstSegment.includes(':') || firstSegment === 'localhost');
  return repo === '' || repo === 'docker_hub' || hasRegistry ? file.trim() : `${repo.replace(/\/+$/, '')}/${file.trim()}`;
}

/** aerOS cliArgs: a list of single-entry maps `- -flag: value` (→ "-flag", "value"; an empty value gives the flag alone) or strings. */
function cliArgsOf(value: unknown, path: string, problems: ProblemList): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) { problems.add(path, 'must be a list'); return []; }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') return void out.push(String(item));
    if (!isObject(item)) return problems.add(`${path}[${i}]`, 'must be a string or a single-entry map');
    for (const [k, v] of Object.entries(item)) {
      out.push(k);
      if (v !== null && v !== undefined && v !== '') out.push(String(v));
    }
  });
  return out;
}

/** aerOS envVars: a list of single-entry maps (`- NAME: value`) or one map; values become strings. */
function envVarsOf(value: unknown, path: string, problems: ProblemList): Record<string, string> {
  const env: Record<string, string> = {};
  if (value === undefined || value === null) return env;
  const entries = Array.isArray(value) ? value : [value];
  entries.forEach((item, i) => {
    const at = Array.isArray(value) ? `${path}[${i}]` : path;
    if (!isObject(item)) return problems.add(at, 'must be a map of NAME: value');
    for (const [k, v] of Object.entries(item)) {
      if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(k)) problems.add(at, `'${k}' is not a valid environment variable name`);
      else if (isObject(v) || Array.isArray(v)) problems.add(`${at}.${k}`, 'the value must be a string, number or boolean');
      else env[k] = v === null || v === undefined ? '' : String(v);
    }
  });
  return env;
}

/** network.properties.ports: name → { protocol: [tcp], source: N } (or wrapped in properties); exposePorts: true exposes them on the IE. */
function portsOf(body: unknown, path: string, problems: ProblemList): WorkloadPort[] {
  const props = isObject(body) && isObject(body.properties) ? body.properties : undefined;
  if (!props) { problems.add(path, 'needs properties.ports'); return []; }
  const expose = booleanOf(props.exposePorts ?? props.expose_ports, `${path}.properties.exposePorts`, problems) ?? false;
  const ports = props.ports;
  if (ports === undefined || ports === null) return [];
  if (!isObject(ports)) { problems.add(`${path}.properties.ports`, 'must be a map of port name → { protocol, source }'); return []; }
  const out: WorkloadPort[] = [];
  for (const [name, raw] of Object.entries(ports)) {
    const at = `${path}.properties.ports.${name}`;
    const p = isObject(raw) && isObject(raw.properties) ? raw.properties : raw;
    if (!isObject(p)) { problems.add(at, 'must be a map { protocol, source }'); continue; }
    const port = typeof p.source === 'string' ? Number(p.source) : p.source;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) { problems.add(`${at}.source`, `port ${JSON.stringify(p.source)} must be an integer 1-65535`); continue; }
    const proto = (Array.isArray(p.protocol) ? p.protocol[0] : p.protocol) ?? 'tcp';
    const protocol = typeof proto === 'string' ? proto.toLowerCase() : '';
    if (protocol !== 'tcp' && protocol !== 'udp') { problems.add(`${at}.protocol`, `protocol ${JSON.stringify(proto)} must be tcp or udp`); continue; }
    const target = p.target === undefined ? undefined : Number(p.target);
    if (target !== undefined && !(Number.isInteger(target) && target >= 1 && target <= 65535)) problems.add(`${at}.target`, 'must be an integer 1-65535');
    out.push({ containerPort: port, protocol, expose, ...(target !== undefined && Number.isInteger(target) ? { hostPort: target } : {}) });
  }
  return out;
}

function booleanOf(value: unknown, path: string, problems: ProblemList): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  problems.add(path, `must be true or false, got ${JSON.stringify(value)}`);
  return undefined;
}

function stringList(value: unknown, path: string, problems: ProblemList): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (list.some((v) => typeof v !== 'string' || v.trim() === '')) { problems.add(path, 'must be a list of names'); return []; }
  return [...new Set(list.map((v) => (v as string).trim()))];
}
