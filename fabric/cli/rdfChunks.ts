import oxigraph from 'oxigraph';
import type { RdfFormat } from './rdfFormats.js';

/**
 * Splits an RDF document into N-Triples / N-Quads chunks that can be sent
 * one request at a time. Blank-node labels are scoped to one document (RDF 1.1
 * Concepts §3.4) and a store renames them per load, so a document with blank
 * nodes is sent whole (one chunk) to keep its blank nodes joined.
 */
export interface RdfChunks {
  /** Media type of every chunk. */
  readonly mediaType: string;
  readonly chunks: string[];
  /** Number of statements (quads or triples) in all chunks. */
  readonly statements: number;
}

const BLANK_NODE = /(^|[\s<>"^])_:/;

export function chunkRdf(text: string, format: RdfFormat, statementsPerChunk: number, baseIri?: string): RdfChunks {
  if (format.lineBased) return chunkLines(text, format, statementsPerChunk);
  // Parse locally (oxigraph.parse keeps blank-node labels), then re-serialize line-based.
  const quads = oxigraph.parse(text, { format: format.mediaType, ...(baseIri ? { base_iri: baseIri } : {}) });
  const lines = quads.map((q) => `${q.toString()} .`);
  const hasGraphs = quads.some((q) => q.graph.termType !== 'DefaultGraph');
  const mediaType = format.quads || hasGraphs ? 'application/n-quads' : 'application/n-triples';
  const hasBlank = quads.some((q) => q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' || q.graph.termType === 'BlankNode');
  return { mediaType, chunks: group(lines, hasBlank ? Infinity : statementsPerChunk), statements: lines.length };
}

function chunkLines(text: string, format: RdfFormat, statementsPerChunk: number): RdfChunks {
  const lines = text.split('\n').filter((l) => { const t = l.trim(); return t !== '' && !t.startsWith('#'); });
  const hasBlank = lines.some((l) => BLANK_NODE.test(l));
  return { mediaType: format.mediaType, chunks: group(lines, hasBlank ? Infinity : statementsPerChunk), statements: lines.length };
}

function group(lines: string[], size: number): string[] {
  if (lines.length === 0) return [];
  if (!Number.isFinite(size) || lines.length <= size) return [lines.join('\n') + '\n'];
  const out: string[] = [];
  for (let i = 0; i < lines.length; i += size) out.push(lines.slice(i, i + size).join('\n') + '\n');
  return out;
}
