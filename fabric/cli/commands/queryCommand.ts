import { readFileSync } from 'node:fs';
import { FabricClient } from '../../client/FabricClient.js';
import { renderTable, type SparqlJsonResults } from '../resultTable.js';
import type { QueryOptions } from '../program.js';
import type { CliIo } from '../CliIo.js';

/** Accept header per --output: results formats for SELECT/ASK, RDF formats for CONSTRUCT/DESCRIBE. */
export const ACCEPT: Record<QueryOptions['output'], string> = {
  table: 'application/sparql-results+json, text/turtle;q=0.9',
  json: 'application/sparql-results+json, application/ld+json;q=0.9',
  csv: 'text/csv, application/n-triples;q=0.9',
};

export function readQueryText(sparql: string | undefined, file: string | undefined): string {
  if (sparql && file) throw new Error('Give the query either as an argument or with --file, not both.');
  if (file) return readFileSync(file, 'utf8');
  if (sparql && sparql.trim() !== '') return sparql;
  throw new Error('No query: pass the SPARQL text as an argument or use --file query.rq.');
}

export async function queryCommand(sparql: string | undefined, options: QueryOptions, io: CliIo): Promise<void> {
  const text = readQueryText(sparql, options.file);
  const client = new FabricClient({ url: options.url, ...(options.tenant ? { tenant: options.tenant } : {}) });
  const res = await client.query(text, ACCEPT[options.output]);
  if (options.output === 'table' && res.contentType.includes('application/sparql-results+json')) {
    io.out(renderTable(JSON.parse(res.body) as SparqlJsonResults));
    return;
  }
  io.out(res.body.endsWith('\n') ? res.body : res.body + '\n');
}
