import { Command, InvalidArgumentError, Option } from 'commander';
import { LOG_LEVELS } from '../config/NodeConfig.js';
import { ENV_VARS } from '../config/loadNodeConfig.js';
import { RDF_FORMATS } from './rdfFormats.js';
import { entitiesCommand, type EntitiesOptions, type EntitiesSubcommand } from './commands/entitiesCommand.js';
import { explainCommand, type ExplainOptions } from './commands/explainCommand.js';
import { policiesCommand, type PoliciesOptions, type PoliciesSubcommand } from './commands/policiesCommand.js';
import { deployCommand, servicesCommand, undeployCommand, type DeployOptions, type ServicesOptions, type UndeployOptions } from './commands/orchestrationCommands.js';
import { processIo } from './CliIo.js';
import { isValidIri } from '../rdf/iriValidation.js';

/** Options of each subcommand, as commander parses them (flags not given stay undefined). */
export interface ServeOptions {
  config?: string; port?: number; host?: string; dataDir?: string; domain?: string; writeToken?: string;
  queryTimeout?: number; replicas?: number; bodyLimit?: string; demo?: boolean; demoIes?: number; demoSeed?: number; logLevel?: string;
  incrementalReasoning?: boolean; reasoningDebounce?: number; trustRerankInterval?: number;
  tenantReasonerIdle?: number; maxTenantReasoners?: number;
  runtime?: string; dockerSocket?: string; containerdSocket?: string; containerdNamespace?: string; kubeconfig?: string; reconcileInterval?: number;
  ngsiLdValidation?: string;
}
export interface LoadOptions { url: string; dataDir?: string; format?: string; graph?: string; base?: string; token?: string; chunkSize: number; progress: boolean; tenant?: string }
export interface QueryOptions { url: string; file?: string; output: 'table' | 'json' | 'csv'; tenant?: string }
export interface ValidateOptions { shapes?: string; format?: string; output: 'text' | 'json' }
export interface DumpOptions { url: string; dataDir?: string; graph?: string; tenant?: string }

/** What the commands do; main.ts supplies the real implementations, tests supply recorders. */
export interface CliActions {
  serve(options: ServeOptions): Promise<void>;
  load(files: string[], options: LoadOptions): Promise<void>;
  query(sparql: string | undefined, options: QueryOptions): Promise<void>;
  validate(files: string[], options: ValidateOptions): Promise<void>;
  dump(options: DumpOptions): Promise<void>;
  /** NGSI-LD entities; default: the real command writing to the process streams. */
  entities?(sub: EntitiesSubcommand, args: string[], options: EntitiesOptions): Promise<void>;
  /** Reasoner explanations; default: the real command writing to the process streams. */
  explain?(iri: string, options: ExplainOptions): Promise<void>;
  /** Policies (docs/policies.md); default: the real command writing to the process streams. */
  policies?(sub: PoliciesSubcommand, args: string[], options: PoliciesOptions): Promise<void>;
  /** Orchestration (docs/orchestration.md); default: the real commands writing to the process streams. */
  deploy?(file: string, options: DeployOptions): Promise<void>;
  services?(id: string | undefined, options: ServicesOptions): Promise<void>;
  undeploy?(id: string, options: UndeployOptions): Promise<void>;
}

export const DEFAULT_URL = 'http://127.0.0.1:1026';

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${name} must be an integer.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${name} must be between ${min} and ${max}.`);
    return n;
  };
}

/** An absolute IRI (scheme ":" …), checked before asking the node (a usage error, exit code 2). */
function absoluteIri(value: string): string {
  if (!isValidIri(value)) throw new InvalidArgumentError('give an absolute IRI, e.g. urn:ngsi-ld:InfrastructureElement:edge-001.');
  return value;
}

/** Words joined into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.join('\n');
}

const urlOption = () => new Option('--url <url>', 'base URL of a running node').env('CONTINUUM_URL').default(DEFAULT_URL);
/** NGSILD-Tenant (GS CIM 009 §4.14): the NGSI-LD tenant whose dataset a command reads or writes; absent = the default tenant. */
const tenantOption = () => new Option('--tenant <name>', 'NGSI-LD tenant (NGSILD-Tenant) whose data is meant (default: the default tenant)').env('NGSILD_TENANT');

export function buildProgram(actions: CliActions): Command {
  const program = new Command('continuum')
    .description('Continuum Fabric: a semantic data fabric for the cloud-edge-IoT continuum (NGSI-LD and SPARQL 1.1 over one durable graph store).')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ showGlobalOptions: false });

  program.command('serve')
    .description('Run a fabric node: NGSI-LD API, SPARQL 1.1 endpoint, Graph Store Protocol and health endpoints over a durable store.')
    .option('-c, --config <file>', 'JSON configuration file (lower precedence than environment and flags)')
    .option('-p, --port <port>', 'TCP port to listen on (default 1026)', integer('--port', 0, 65535))
    .option('--host <host>', 'interface to listen on (default 127.0.0.1; 0.0.0.0 exposes the node)')
    .option('-d, --data-dir <dir>', 'data directory of the durable store (default ./data)')
    .option('--domain <iri>', 'IRI of the aerOS Domain this node serves (default urn:ngsi-ld:Domain:local)')
    .option('--write-token <token>', 'bearer token that non-loopback clients must send to write')
    .option('--query-timeout <ms>', 'SPARQL query time limit in milliseconds (default 30000)', integer('--query-timeout', 1))
    .option('--replicas <n>', 'query replicas answering reads in worker threads (default 1; 0 = queries in the main thread, no time limit)', integer('--replicas', 0, 64))
    .option('--body-limit <size>', 'maximum request body, bytes or e.g. 64mb (default 64mb)')
    .option('--demo', 'load the generated demo continuum into a fresh (empty) data directory')
    .option('--no-demo', 'do not load the demo continuum')
    .option('--demo-ies <n>', 'InfrastructureElements in the demo continuum (default 50; implies --demo)', integer('--demo-ies', 0))
    .option('--demo-seed <n>', 'seed of the demo generator (default 42; implies --demo)', integer('--demo-seed', 0))
    .option('--incremental-reasoning', 're-run only affected rules and trust scores on data changes (the default)')
    .option('--no-incremental-reasoning', 'no reasoning or trust on data changes (faster bulk writes; then POST /reasoner/run, /trust/recompute)')
    .option('--reasoning-debounce <ms>', 'batch data changes for this long before incremental reasoning and trust (default 500)', integer('--reasoning-debounce', 0, 3_600_000))
    .option('--trust-rerank-interval <ms>', 're-rank a trust domain\'s other members at most this often under changes; 0 = every change (default 1200000, 20 min)', integer('--trust-rerank-interval', 0, 3_600_000))
    .option('--tenant-reasoner-idle <ms>', 'stop a named tenant\'s reasoner and trust after this long without a write to the tenant (default 600000, 10 min)', integer('--tenant-reasoner-idle', 1000, 7 * 24 * 3_600_000))
    .option('--max-tenant-reasoners <n>', 'named tenants\' reasoners running at once; one more stops the least recently written (default 8)', integer('--max-tenant-reasoners', 1, 1024))
    .addOption(new Option('--log-level <level>', 'log level (default info)').choices(LOG_LEVELS as string[]))
    .option('--ngsi-ld-validation <spec>', 'SHACL check of NGSI-LD writes: default and per-type modes reject|warn|off, e.g. "reject,InfrastructureElement=warn" (default reject)')
    .addOption(new Option('--runtime <kind>', 'default container runtime of orchestration (default: the first configured below, else dry-run)').choices(['docker', 'containerd', 'kubernetes', 'dry-run']))
    .option('--docker-socket <path>', 'Docker engine socket (path, unix:// or tcp:// URL)')
    .option('--containerd-socket <path>', 'containerd socket')
    .option('--containerd-namespace <ns>', 'containerd namespace of the workloads (default continuum-fabric)')
    .option('--kubeconfig <file>', 'kubeconfig of a Kubernetes cluster')
    .option('--reconcile-interval <ms>', 'orchestration reconciler pass interval (default 10000)', integer('--reconcile-interval', 100))
    .addHelpText('after', `\n${wrap(`Environment: ${Object.keys(ENV_VARS).join(', ')}.`, 80)}\nPrecedence: flags > environment > config file > defaults (docs/configuration.md).`)
    .action((options: ServeOptions) => actions.serve(options));

  program.command('load')
    .description('Load RDF files into a running node (Graph Store Protocol) or, with --data-dir, into a stopped node\'s data directory.')
    .argument('<files...>', 'RDF files: .ttl .trig .nt .nq .jsonld .rdf (or --format)')
    .addOption(urlOption())
    .option('-d, --data-dir <dir>', 'load offline into this data directory instead (the node must be stopped)')
    .addOption(new Option('-f, --format <format>', 'RDF format of all files (default: by extension)').choices(Object.keys(RDF_FORMATS)))
    .option('-g, --graph <iri>', 'named graph for triple formats (default: the default graph); quad formats keep their graphs')
    .option('--base <iri>', 'base IRI for relative IRIs')
    .addOption(new Option('--token <token>', 'bearer token for writes (the node\'s --write-token)').env('CONTINUUM_WRITE_TOKEN'))
    .option('--chunk-size <n>', 'statements per request for large files', integer('--chunk-size', 1), 50_000)
    .option('--no-progress', 'do not show a progress bar')
    .addOption(tenantOption())
    .action((files: string[], options: LoadOptions) => actions.load(files, options));

  program.command('query')
    .description('Run a SPARQL query against a running node and print the results.')
    .argument('[sparql]', 'the query text (or use --file)')
    .addOption(urlOption())
    .option('-f, --file <file>', 'read the query from a file (.rq)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .addOption(tenantOption())
    .action((sparql: string | undefined, options: QueryOptions) => actions.query(sparql, options));

  program.command('validate')
    .description('Validate RDF files locally against the SHACL shapes (shapes/). Exit code 1 when a file violates a shape.')
    .argument('<files...>', 'RDF files to validate')
    .option('-s, --shapes <path>', 'shapes file or directory (default: the shapes/ of this package)')
    .addOption(new Option('-f, --format <format>', 'RDF format of all files (default: by extension)').choices(Object.keys(RDF_FORMATS)))
    .addOption(new Option('-o, --output <format>', 'report format').choices(['text', 'json']).default('text'))
    .action((files: string[], options: ValidateOptions) => actions.validate(files, options));

  program.command('dump')
    .description('Write all quads (or one graph) as N-Quads to stdout, from a running node or from a stopped node\'s data directory.')
    .addOption(urlOption())
    .option('-d, --data-dir <dir>', 'dump this data directory offline instead (the node must be stopped)')
    .option('-g, --graph <iri>', 'dump only this named graph')
    .addOption(tenantOption())
    .action((options: DumpOptions) => actions.dump(options));

  const entities = program.command('entities')
    .description('NGSI-LD entities of a running node (GS CIM 009): get, query, create, delete.');
  const entitiesAction = (sub: EntitiesSubcommand) => (args: string[] | string | undefined, options: EntitiesOptions) => {
    const list = args === undefined ? [] : Array.isArray(args) ? args : [args];
    return (actions.entities ?? ((s, a, o) => entitiesCommand(s, a, o, processIo)))(sub, list, options);
  };
  const ngsiOptions = (command: Command): Command => command
    .addOption(urlOption())
    .option('--context <url>', '@context URL sent in the Link header (default: the NGSI-LD core context)')
    .addOption(tenantOption())
    .addOption(new Option('--token <token>', 'bearer token for writes (the node\'s --write-token)').env('CONTINUUM_WRITE_TOKEN'));
  const formatOption = () => new Option('--format <format>', 'representation').choices(['normalized', 'concise', 'keyValues', 'simplified']);

  ngsiOptions(entities.command('get').description('Retrieve one entity by id.').argument('<id>', 'entity id (URI)'))
    .addOption(formatOption())
    .action(entitiesAction('get'));
  ngsiOptions(entities.command('query').description('Query entities (type, q, attrs; paged).'))
    .option('-t, --type <type>', 'entity type expression, e.g. Vehicle or (A|B)')
    .option('-q, --q <query>', 'NGSI-LD query language filter, e.g. speed>50')
    .option('--attrs <names>', 'comma-separated attribute names')
    .option('--limit <n>', 'page size (default 20)', integer('--limit', 0))
    .option('--offset <n>', 'page offset', integer('--offset', 0))
    .option('--count', 'print the number of matches (NGSILD-Results-Count) to stderr')
    .addOption(formatOption())
    .action((options: EntitiesOptions) => entitiesAction('query')(undefined, options));
  ngsiOptions(entities.command('create').description('Create an entity (or a batch from a JSON array).').argument('[json]', 'the entity JSON (or use --file)'))
    .option('-f, --file <file>', 'read the entity / array of entities from a JSON file')
    .action(entitiesAction('create'));
  ngsiOptions(entities.command('delete').description('Delete entities by id.').argument('<ids...>', 'entity ids (URIs)'))
    .action(entitiesAction('delete'));

  program.command('explain')
    .description('Explain a resource: the triples the reasoner derived about it (rule, rule set, run time, premises; derived premises marked), its trust score in plain words and the policy verdicts about it.')
    .argument('<iri>', 'absolute IRI of the resource (the subject of the derived triples)', absoluteIri)
    .addOption(urlOption())
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(tenantOption())
    .action((iri: string, options: ExplainOptions) => (actions.explain ?? ((i, o) => explainCommand(i, o, processIo)))(iri, options));

  const policies = program.command('policies')
    .description('Policies of a running node (docs/policies.md): list them, show current violations, check placements.');
  const policiesAction = (sub: PoliciesSubcommand) => (args: string[] | PoliciesOptions, options?: PoliciesOptions) => {
    const [list, opts] = Array.isArray(args) ? [args, options!] : [[], args];
    return (actions.policies ?? ((s, a, o) => policiesCommand(s, a, o, processIo)))(sub, list, opts);
  };
  const policyOutput = () => new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');
  policies.command('list').description('List the policies: id, severity, label, IRI.').addOption(urlOption()).addOption(policyOutput()).addOption(tenantOption())
    .action(policiesAction('list'));
  policies.command('violations').description('The current violations over the whole continuum.').addOption(urlOption()).addOption(policyOutput()).addOption(tenantOption())
    .option('--focus <iri>', 'only the verdicts about this resource (a policy IRI: that policy\'s violations)', absoluteIri)
    .option('--explain', 'add which policy and facts')
    .action(policiesAction('violations'));
  policies.command('check').description('Would these placements violate a policy? Changes nothing; exits 1 when not allowed.')
    .argument('<placements...>', 'placements as <component IRI>=<IE IRI>')
    .addOption(urlOption()).addOption(policyOutput()).addOption(tenantOption()).option('--explain', 'add which policy and facts')
    .action(policiesAction('check'));

  const tokenOption = () => new Option('--token <token>', 'bearer token for writes (the node\'s --write-token)').env('CONTINUUM_WRITE_TOKEN');
  const outputOption = () => new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text');
  program.command('deploy')
    .description('Deploy a service on a running node: a TOSCA 1.3 file (.yaml, .yml) or NGSI-LD entities (.json, .jsonld); prints the status of every component.')
    .argument('<file>', 'the service description')
    .addOption(urlOption())
    .addOption(tokenOption())
    .option('--name <name>', 'service name when the TOSCA file has no metadata.name (DNS-1123 label)')
    .option('--update <id>', 'update the deployed service <id> instead (re-plans only the components that changed)')
    .addOption(outputOption())
    .action((file: string, options: DeployOptions) => (actions.deploy ?? ((f, o) => deployCommand(f, o, processIo)))(file, options));

  program.command('services')
    .description('List the services deployed on a running node, or show one: status, IE, runtime, decision and history of every component.')
    .argument('[id]', 'service IRI or name')
    .addOption(urlOption())
    .addOption(outputOption())
    .action((id: string | undefined, options: ServicesOptions) => (actions.services ?? ((i, o) => servicesCommand(i, o, processIo)))(id, options));

  program.command('undeploy')
    .description('Remove a deployed service: every component goes through Removing to Finished; --purge also deletes its entities and history.')
    .argument('<id>', 'service IRI or name')
    .addOption(urlOption())
    .addOption(tokenOption())
    .option('--purge', 'also delete the service, its components and their history from the graph')
    .addOption(outputOption())
    .action((id: string, options: UndeployOptions) => (actions.undeploy ?? ((i, o) => undeployCommand(i, o, processIo)))(id, options));

  return program;
}
