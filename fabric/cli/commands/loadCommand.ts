import { readFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { FabricClient, type GraphTarget } from '../../client/FabricClient.js';
import { DurableGraphStore } from '../../store/durable/DurableGraphStore.js';
import { chunkRdf, type RdfChunks } from '../rdfChunks.js';
import { resolveRdfFormat } from '../rdfFormats.js';
import type { LoadOptions } from '../program.js';
import type { CliIo } from '../CliIo.js';

interface PreparedFile {
  readonly file: string;
  readonly chunks: RdfChunks;
  /** Graph for triple formats: the named graph, the default graph; undefined = quads keep their own graphs. */
  readonly target: GraphTarget;
}

/** Read, check the format of and chunk every file before sending anything, so a bad file fails early. */
export function prepareFiles(files: string[], options: Pick<LoadOptions, 'format' | 'graph' | 'base' | 'chunkSize'>): PreparedFile[] {
  return files.map((file) => {
    const format = resolveRdfFormat(file, options.format);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new Error(`Cannot read ${file}: ${(e as Error).message}`);
    }
    let chunks: RdfChunks;
    try {
      chunks = chunkRdf(text, format, options.chunkSize, options.base);
    } catch (e) {
      throw new Error(`${file} is not valid ${format.name}: ${(e as Error).message}`);
    }
    const quads = chunks.mediaType === 'application/n-quads' || format.mediaType === 'application/trig';
    if (quads && options.graph) throw new Error(`--graph applies to triple formats only; ${file} (${format.name}) names its own graphs.`);
    const target: GraphTarget = quads ? undefined : options.graph ? { graph: options.graph } : 'default';
    return { file, chunks, target };
  });
}

export async function loadCommand(files: string[], options: LoadOptions, io: CliIo): Promise<void> {
  const prepared = prepareFiles(files, options);
  const total = prepared.reduce((s, p) => s + p.chunks.statements, 0);
  const chunkCount = prepared.reduce((s, p) => s + p.chunks.chunks.length, 0);
  const bar = options.progress && io.interactive && chunkCount > 1
    ? new cliProgress.SingleBar({ format: 'loading [{bar}] {percentage}% | {value}/{total} statements | {file}', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  bar?.start(total, 0, { file: '' });

  const send = await openSink(options);
  let done = 0;
  try {
    for (const p of prepared) {
      for (const chunk of p.chunks.chunks) {
        await send(chunk, p.chunks.mediaType, p.target);
        done += countLines(chunk);
        bar?.update(done, { file: p.file });
      }
    }
  } finally {
    bar?.stop();
    await send.close();
  }
  const where = options.dataDir ? `data dir ${options.dataDir}` : `${options.url}${options.tenant ? ` (tenant ${options.tenant})` : ''}`;
  io.err(`Loaded ${total} statements from ${prepared.length} file${prepared.length === 1 ? '' : 's'} into ${where}.\n`);
}

type Sink = ((chunk: string, mediaType: string, target: GraphTarget) => Promise<void>) & { close(): Promise<void> };

async function openSink(options: LoadOptions): Promise<Sink> {
  if (options.dataDir) {
    if (options.tenant) throw new Error('--tenant writes through a running node (--url); offline, give the tenant\'s own data directory (<data-dir>/tenants/<name>) as --data-dir.');
    const store = await DurableGraphStore.open(options.dataDir);
    const sink = (async (chunk: string, mediaType: string, target: GraphTarget) => {
      await store.load(chunk, { format: mediaType, ...(target && target !== 'default' ? { graph: target.graph } : {}) });
    }) as Sink;
    sink.close = () => store.close();
    return sink;
  }
  const client = new FabricClient({ url: options.url, token: options.token, ...(options.tenant ? { tenant: options.tenant } : {}) });
  const sink = (async (chunk: string, mediaType: string, target: GraphTarget) => {
    await client.postGraph(target, chunk, mediaType);
  }) as Sink;
  sink.close = async () => undefined;
  return sink;
}

function countLines(chunk: string): number {
  let n = 0;
  for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) n++;
  return n;
}
