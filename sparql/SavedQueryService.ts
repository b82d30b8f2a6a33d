/**
 * The catalogue of saved competency queries (sparql/queries/*.rq): lists them
 * and runs one with bound parameters through the SPARQL Protocol service, so
 * results are negotiated exactly like /sparql results.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SerializedResult } from '../fabric/store/GraphStore.js';
import { ResourceNotFoundError } from '../fabric/errors/FabricError.js';
import { SavedQuery, type SavedQueryInfo } from './savedQuery.js';
import type { ResponsePreferences, SparqlProtocolService } from './SparqlProtocolService.js';

/**
 * The queries folder: beside this module in the sources, and two levels up
 * from dist/sparql when compiled (tsc does not copy .rq files).
 */
export function defaultQueriesDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [join(here, 'queries'), join(here, '..', '..', 'sparql', 'queries')];
  return candidates.find((dir) => existsSync(dir)) ?? candidates[0];
}

export class SavedQueryService {
  private readonly queries = new Map<string, SavedQuery>();

  constructor(
    private readonly protocol: SparqlProtocolService,
    dir: string = defaultQueriesDir(),
  ) {
    if (!existsSync(dir)) return;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.rq')).sort()) {
      const name = basename(file, '.rq');
      this.queries.set(name, new SavedQuery(name, readFileSync(join(dir, file), 'utf8')));
    }
  }

  list(): SavedQueryInfo[] {
    return [...this.queries.values()].map((q) => q.info);
  }

  get(name: string): SavedQuery {
    const query = this.queries.get(name);
    if (!query) throw new ResourceNotFoundError(`No saved query named ${name}; GET /sparql/queries lists them.`);
    return query;
  }

  async run(name: string, args: Record<string, string | undefined>, prefs: ResponsePreferences): Promise<SerializedResult> {
    const text = this.get(name).bind(args);
    return this.protocol.query({ kind: 'query', query: text, defaultGraphs: [], namedGraphs: [] }, prefs);
  }
}
