/**
 * A reader of the N-Triples a store prints when it dumps one graph (GraphStore.dump, readEntityGraph.ts):
 * oxigraph writes one triple a line, `S P O .`, terms separated by one space, IRIs unescaped, literals
 * with `\`-escapes, and RDF 1.2 triple terms `<<( s p o )>>` (N-Triples 1.2 §2.3–§2.5). This reader
 * takes exactly that shape, a few times cheaper than n3's general parser (its lexer's regular
 * expressions, its token objects; docs/benchmarks.md §4 "Batch upsert: where an upserted IE's time goes").
 * Anything else — an escaped IRI, a directional language tag, a comment, two spaces — answers undefined,
 * and the caller parses the text with n3, so the quads read are the same either way.
 */
import type * as RDF from '@rdfjs/types';
import { termFactory } from './termFactory.js';

const { namedNode, blankNode, literal, quad } = termFactory;

/** Characters N-Triples 1.2 [141s] ECHAR escapes stand for. */
const ECHAR = new Map(Object.entries({ t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' }));
const HEX = /^[0-9A-Fa-f]+$/;

/** The lexical form of an escaped literal; undefined for an escape n3 refuses (unknown, short, not a code point). */
function unescaped(raw: string): string | undefined {
  let out = '';
  let start = 0;
  for (let at = raw.indexOf('\\'); at >= 0; at = raw.indexOf('\\', start)) {
    const c = raw[at + 1];
    let end = at + 2;
    let replacement: string | undefined;
    if (c === 'u' || c === 'U') {
      end += c === 'u' ? 4 : 8;
      const hex = raw.slice(at + 2, end);
      if (end > raw.length || !HEX.test(hex)) return undefined;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return undefined;
      replacement = String.fromCodePoint(code);
    } else {
      replacement = c === undefined ? undefined : ECHAR.get(c);
      if (replacement === undefined) return undefined;
    }
    out += raw.slice(start, at) + replacement;
    start = end;
  }
  return out + raw.slice(start);
}

const SPACE = 0x20;
const LESS = 0x3c;
const QUOTE = 0x22;
const UNDERSCORE = 0x5f;
const BACKSLASH = 0x5c;

/**
 * An absolute IRI without the characters IRIREF escapes or forbids (N-Triples [8]) and its closing `>`: n3 takes
 * such an IRI as it is (no unescaping, no resolution against a base), so both readers give the same term.
 */
const IRI_AS_PRINTED = /[a-zA-Z][a-zA-Z0-9+.-]*:[^\x00-\x20<>\\"{}|^`]*>/y;

/** BCP 47 as n3 reads it (no subtag over 8 characters; no direction: `--ltr` goes to n3). */
const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;
const BLANK_LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$/;

/** Reads terms at a cursor (`at`); each read answers undefined when the text is not of the expected shape. */
class DumpReader {
  at = 0;

  constructor(readonly text: string) {}

  /** `<iri>` (no escapes, no space: as a store prints it). */
  private iri(): RDF.NamedNode | undefined {
    const from = this.at + 1;
    if (this.text.charCodeAt(this.at) !== LESS) return undefined;
    IRI_AS_PRINTED.lastIndex = from;
    if (!IRI_AS_PRINTED.test(this.text)) return undefined;
    this.at = IRI_AS_PRINTED.lastIndex;
    return namedNode(this.text.slice(from, this.at - 1));
  }

  /** `_:label` up to the next space. */
  private blank(): RDF.BlankNode | undefined {
    const text = this.text;
    if (text.charCodeAt(this.at) !== UNDERSCORE || text.charCodeAt(this.at + 1) !== 0x3a) return undefined;
    let end = this.at + 2;
    while (end < text.length && text.charCodeAt(end) > SPACE) end++;
    const label = text.slice(this.at + 2, end);
    if (!BLANK_LABEL.test(label)) return undefined;
    this.at = end;
    return blankNode(label);
  }

  /** `"lexical"`, `"lexical"@lang` or `"lexical"^^<datatype>`. */
  private literal(): RDF.Literal | undefined {
    const text = this.text;
    let close = this.at + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(close);
      if (Number.isNaN(c) || c === 0x0a || c === 0x0d) return undefined;
      if (c === QUOTE) break;
      if (c === BACKSLASH) {
        escaped = true;
        close++;
      }
      close++;
    }
    const raw = text.slice(this.at + 1, close);
    const value = escaped ? unescaped(raw) : raw;
    if (value === undefined) return undefined;
    const after = text.charCodeAt(close + 1);
    if (after === 0x40) {
      let end = close + 2;
      while (end < text.length && text.charCodeAt(end) > SPACE) end++;
      const language = text.slice(close + 2, end);
      if (!LANGUAGE.test(language)) return undefined;
      this.at = end;
      return literal(value, language);
    }
    if (after === 0x5e && text.charCodeAt(close + 2) === 0x5e) {
      this.at = close + 3;
      const datatype = this.iri();
      return datatype ? literal(value, datatype) : undefined;
    }
    this.at = close + 1;
    return literal(value);
  }

  /** `<<( s p o )>>`. */
  private tripleTerm(): RDF.Quad | undefined {
    if (!this.text.startsWith('<<( ', this.at)) return undefined;
    this.at += 4;
    const triple = this.triple();
    if (!triple || !this.text.startsWith(' )>>', this.at)) return undefined;
    this.at += 4;
    return triple;
  }

  private object(): RDF.Quad_Object | undefined {
    const c = this.text.charCodeAt(this.at);
    if (c === QUOTE) return this.literal();
    if (c === UNDERSCORE) return this.blank();
    if (c === LESS) return this.text.charCodeAt(this.at + 1) === LESS ? this.tripleTerm() : this.iri();
    return undefined;
  }

  /** `s p o`, single spaces between, as a quad in `graph` (a triple term: the default graph). */
  triple(graph?: RDF.Quad_Graph): RDF.Quad | undefined {
    const subject = this.text.charCodeAt(this.at) === LESS ? this.iri() : this.blank();
    if (!subject || !this.space()) return undefined;
    const predicate = this.iri();
    if (!predicate || !this.space()) return undefined;
    const object = this.object();
    return object ? quad(subject, predicate, object, graph) : undefined;
  }

  private space(): boolean {
    if (this.text.charCodeAt(this.at) !== SPACE) return false;
    this.at++;
    return true;
  }
}

/**
 * The triples of `text` (one graph's dump) as quads in `graph`, or undefined when the text is not of the shape
 * a store prints (see the file comment): then nothing was decided, and the caller parses it in full.
 */
export function readDumpedTriples(text: string, graph: RDF.NamedNode): RDF.Quad[] | undefined {
  const reader = new DumpReader(text);
  const out: RDF.Quad[] = [];
  while (reader.at < text.length) {
    const triple = reader.triple(graph);
    if (!triple || !text.startsWith(' .', reader.at)) return undefined;
    out.push(triple);
    let at = reader.at + 2;
    if (text.charCodeAt(at) === 0x0d) at++;
    if (at >= text.length) return out;
    if (text.charCodeAt(at) !== 0x0a) return undefined;
    reader.at = at + 1;
  }
  return out;
}
