/**
 * Cheap detection of the form of a SPARQL request (SPARQL 1.1 Query §2/§16,
 * Update §3) without a full parse: skip whitespace, comments and the prologue
 * (BASE / PREFIX declarations, whose IRIs may contain '#'), then read the first
 * keyword. A full sparqljs parse costs too much on large queries; the store's
 * parser still validates the whole text and reports syntax errors.
 */
export type QueryForm = 'SELECT' | 'ASK' | 'CONSTRUCT' | 'DESCRIBE';
export type UpdateKeyword = 'INSERT' | 'DELETE' | 'LOAD' | 'CLEAR' | 'CREATE' | 'DROP' | 'COPY' | 'MOVE' | 'ADD' | 'WITH';

const QUERY_FORMS = new Set<string>(['SELECT', 'ASK', 'CONSTRUCT', 'DESCRIBE']);
const UPDATE_KEYWORDS = new Set<string>(['INSERT', 'DELETE', 'LOAD', 'CLEAR', 'CREATE', 'DROP', 'COPY', 'MOVE', 'ADD', 'WITH']);

const WHITESPACE_OR_COMMENT = /^(?:\s+|#[^\n\r]*)+/;
// SPARQL grammar [5] BaseDecl ::= 'BASE' IRIREF ; [6] PrefixDecl ::= 'PREFIX' PNAME_NS IRIREF (keywords are case-insensitive)
const BASE_DECL = /^BASE(?:\s|#[^\n\r]*)*<[^<>"{}|^`\\\s]*>/i;
const PREFIX_DECL = /^PREFIX(?:\s|#[^\n\r]*)+[^\s:#<]*:(?:\s|#[^\n\r]*)*<[^<>"{}|^`\\\s]*>/i;
const KEYWORD = /^[A-Za-z]+/;

/** The first keyword after the prologue, upper-cased, or undefined when there is none. */
export function firstKeyword(text: string): string | undefined {
  let rest = text;
  for (;;) {
    rest = rest.replace(WHITESPACE_OR_COMMENT, '');
    const decl = BASE_DECL.exec(rest) ?? PREFIX_DECL.exec(rest);
    if (!decl) break;
    rest = rest.slice(decl[0].length);
  }
  return KEYWORD.exec(rest)?.[0].toUpperCase();
}

/** The query form of a SPARQL query, or undefined when the text does not start like a query. */
export function queryForm(query: string): QueryForm | undefined {
  const keyword = firstKeyword(query);
  return keyword !== undefined && QUERY_FORMS.has(keyword) ? (keyword as QueryForm) : undefined;
}

/** True when the text starts like a SPARQL Update operation. */
export function looksLikeUpdate(text: string): boolean {
  const keyword = firstKeyword(text);
  return keyword !== undefined && UPDATE_KEYWORDS.has(keyword);
}

/** SELECT and ASK give variable bindings / booleans; CONSTRUCT and DESCRIBE give RDF graphs. */
export function resultKindOf(form: QueryForm): 'solutions' | 'graph' {
  return form === 'CONSTRUCT' || form === 'DESCRIBE' ? 'graph' : 'solutions';
}
