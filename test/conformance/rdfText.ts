/** Parsing of RDF files and SPARQL result documents (JSON, XML, CSV, TSV) into comparable terms. */
import { Readable } from 'node:stream';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { SparqlJsonParser } from 'sparqljson-parse';
import { SparqlXmlParser } from 'sparqlxml-parse';
import type { Outcome } from './types.js';

const { DataFactory } = N3;

export function mediaTypeOfFile(file: string): string {
  if (file.endsWith('.rdf')) return 'application/rdf+xml';
  if (file.endsWith('.nt')) return 'application/n-triples';
  if (file.endsWith('.nq')) return 'application/n-quads';
  if (file.endsWith('.trig')) return 'application/trig';
  return 'text/turtle';
}

export async function parseRdf(text: string, mediaType: string, baseIRI: string): Promise<RDF.Quad[]> {
  if (mediaType === 'application/rdf+xml') {
    const parser = new RdfXmlParser({ baseIRI, dataFactory: DataFactory });
    const quads: RDF.Quad[] = [];
    await new Promise<void>((resolve, reject) => {
      parser.on('data', (q: RDF.Quad) => quads.push(q)).on('error', reject).on('end', () => resolve());
      parser.end(text);
    });
    return quads;
  }
  const format = mediaType.includes('n-quads') ? 'N-Quads' : mediaType.includes('n-triples') ? 'N-Triples' : mediaType.includes('trig') ? 'TriG' : 'Turtle';
  return new N3.Parser({ baseIRI, format }).parse(text);
}

function rowsOf(bindings: Array<Record<string, RDF.Term>>): Array<Record<string, RDF.Term>> {
  return bindings.map((b) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k.replace(/^\?/, ''), v])));
}

export function parseJsonResults(text: string): Outcome {
  const json = JSON.parse(text);
  const parser = new SparqlJsonParser({ dataFactory: DataFactory, prefixVariableQuestionMark: false });
  if (typeof json.boolean === 'boolean') return { kind: 'boolean', value: json.boolean };
  return { kind: 'bindings', variables: json.head?.vars ?? [], rows: rowsOf(parser.parseJsonResults(json) as Array<Record<string, RDF.Term>>) };
}

export async function parseXmlResults(text: string): Promise<Outcome> {
  const parser = new SparqlXmlParser({ dataFactory: DataFactory, prefixVariableQuestionMark: false });
  if (/<boolean>/.test(text)) return { kind: 'boolean', value: await parser.parseXmlBooleanStream(Readable.from([text])) };
  const rows: Array<Record<string, RDF.Term>> = [];
  let variables: string[] = [];
  await new Promise<void>((resolve, reject) => {
    parser
      .parseXmlResultsStream(Readable.from([text]))
      .on('variables', (vs: RDF.Variable[]) => (variables = vs.map((v) => v.value)))
      .on('data', (b: Record<string, RDF.Term>) => rows.push(b))
      .on('error', reject)
      .on('end', () => resolve());
  });
  return { kind: 'bindings', variables, rows: rowsOf(rows) };
}

/** SPARQL 1.1 Query Results CSV/TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/). */
export function parseTsvResults(text: string): Outcome {
  const lines = text.split(/\r?\n/).filter((l, i, all) => l !== '' || i < all.length - 1);
  const variables = lines[0].split('\t').map((v) => v.replace(/^\?/, ''));
  const rows = lines.slice(1).map((line) => {
    const row: Record<string, RDF.Term> = {};
    line.split('\t').forEach((cell, i) => {
      if (cell !== '') row[variables[i]] = parseTsvTerm(cell);
    });
    return row;
  });
  return { kind: 'bindings', variables, rows };
}

function parseTsvTerm(cell: string): RDF.Term {
  if (/^[-+]?\d+$/.test(cell)) return DataFactory.literal(cell, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#integer'));
  if (/^[-+]?\d*\.\d+$/.test(cell)) return DataFactory.literal(cell, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#decimal'));
  if (/^[-+]?(\d+\.?\d*|\.\d+)[eE][-+]?\d+$/.test(cell)) return DataFactory.literal(cell, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#double'));
  if (cell === 'true' || cell === 'false') return DataFactory.literal(cell, DataFactory.namedNode('http://www.w3.org/2001/XMLSchema#boolean'));
  const quad = new N3.Parser({ format: 'N-Triples' }).parse(`<x:s> <x:p> ${cell} .`)[0];
  return quad.object;
}

/** CSV loses term types: every value is compared by its lexical form (plain literal) except blank nodes (_:) and IRIs. */
export function parseCsvResults(text: string): Outcome {
  const records = parseCsv(text);
  const variables = records[0];
  const rows = records.slice(1).map((cells) => {
    const row: Record<string, RDF.Term> = {};
    cells.forEach((cell, i) => {
      if (cell !== '') row[variables[i]] = csvTerm(cell);
    });
    return row;
  });
  return { kind: 'bindings', variables, rows };
}

export function csvTerm(cell: string): RDF.Term {
  if (cell.startsWith('_:')) return DataFactory.blankNode(cell.slice(2));
  if (/^[a-z][a-z0-9+.-]*:[^\s]*$/i.test(cell) && !/^[-+]?\d/.test(cell)) return DataFactory.namedNode(cell);
  return DataFactory.literal(cell);
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), records.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) row.push(cell), records.push(row);
  return records;
}

/** Copy a term from another RDF/JS factory (oxigraph WASM terms) into n3 terms. */
export function copyTerm(t: RDF.Term): RDF.Term {
  switch (t.termType) {
    case 'NamedNode': return DataFactory.namedNode(t.value);
    case 'BlankNode': return DataFactory.blankNode(t.value);
    case 'Literal': return DataFactory.literal(t.value, t.language ? t.language : DataFactory.namedNode(t.datatype.value));
    case 'DefaultGraph': return DataFactory.defaultGraph();
    case 'Quad': return copyQuad(t as RDF.Quad);
    default: return DataFactory.variable(t.value);
  }
}

export function copyQuad(q: RDF.Quad): RDF.Quad {
  return DataFactory.quad(copyTerm(q.subject as RDF.Term) as RDF.Quad_Subject, copyTerm(q.predicate) as RDF.Quad_Predicate, copyTerm(q.object) as RDF.Quad_Object, copyTerm(q.graph) as RDF.Quad_Graph);
}

/** Parse a SELECT result serialized as CSV or TSV (by media type). */
export function parseTabularResults(text: string, mediaType: string): Outcome {
  return mediaType.includes('csv') ? parseCsvResults(text) : parseTsvResults(text);
}
