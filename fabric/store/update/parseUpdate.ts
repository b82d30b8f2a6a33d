/**
 * Parse a SPARQL 1.1 Update request with sparqljs (SPARQL-star off, full
 * validation) and map its errors to SparqlSyntaxError with 1-based positions.
 */
import sparqljs from 'sparqljs';
import type { SparqlQuery, Update } from 'sparqljs';
import { SparqlSyntaxError } from '../../errors/FabricError.js';

interface JisonErrorHash {
  readonly loc?: { readonly first_line: number; readonly first_column: number };
  readonly text?: string;
  readonly expected?: readonly string[];
}

/** IRIs and comments; used only to recognise a request that is nothing but a prologue. */
const IRI_OR_COMMENT = /<[^<>"{}|^`\\\s]*>|#[^\n\r]*/g;
const PROLOGUE_ONLY = /^\s*(?:(?:BASE\s*<>|PREFIX\s*[^\s:]*:\s*<>)\s*)*$/i;

/**
 * The SPARQL 1.1 grammar allows a request with no operation (`Update ::=
 * Prologue ( Update1 ( ';' Update )? )?`, W3C syntax-update-38..40);
 * sparqljs rejects it, so we recognise it first.
 */
function isEmptyRequest(sparql: string): boolean {
  const stripped = sparql.replace(IRI_OR_COMMENT, (token) => (token.startsWith('#') ? ' ' : '<>'));
  return PROLOGUE_ONLY.test(stripped);
}

export function parseUpdate(sparql: string, baseIri?: string): Update {
  if (isEmptyRequest(sparql)) return { type: 'update', prefixes: {}, updates: [] };
  // skipValidation is a sparqljs option its typings omit; false keeps the §19.8 grammar notes checked.
  const options = { sparqlStar: false, skipValidation: false, ...(baseIri ? { baseIRI: baseIri } : {}) };
  const parser = new sparqljs.Parser(options as ConstructorParameters<typeof sparqljs.Parser>[0]);
  let parsed: SparqlQuery;
  try {
    parsed = parser.parse(sparql);
  } catch (error) {
    throw toSyntaxError(error);
  }
  if (parsed.type !== 'update') {
    throw new SparqlSyntaxError('Expected a SPARQL Update request but got a query; send queries to the query endpoint.');
  }
  return parsed;
}

function toSyntaxError(error: unknown): SparqlSyntaxError {
  const message = error instanceof Error ? error.message : String(error);
  const hash = (error as { hash?: JisonErrorHash }).hash;
  if (hash?.loc) {
    // Jison messages list every expected token; keep the first line and the offending token.
    const firstLine = message.split('\n')[0];
    const got = hash.text !== undefined ? `: unexpected '${hash.text}'` : '';
    return new SparqlSyntaxError(`${firstLine.replace(/:$/, '')}${got}`, hash.loc.first_line, hash.loc.first_column + 1);
  }
  return new SparqlSyntaxError(message);
}
