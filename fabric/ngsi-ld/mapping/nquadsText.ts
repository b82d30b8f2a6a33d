/**
 * N-Quads text ↔ the mapping's quads, for moving one entity graph in and out of the store
 * cheaply (RDF 1.2 N-Quads, with triple terms `<<( s p o )>>`). Reading an oxigraph quad's
 * fields crosses into WASM (~7 µs per quad measured), while `store.dump` of one graph as
 * N-Quads plus this parser costs a fraction of that; ground N-Quads `load` is also the
 * store's fast write path. Handles exactly what entityToQuads produces and what oxigraph
 * prints: IRIs, literals with datatype or language tag, triple terms (no blank nodes).
 */
import type * as RDF from '@rdfjs/types';
import { termSyntax } from '../../rdf/termSyntax.js';
import { termFactory } from './termFactory.js';

const { namedNode, literal, quad } = termFactory;

function termText(t: RDF.Term): string {
  if (t.termType === 'Variable' || t.termType === 'DefaultGraph') throw new Error(`cannot write a ${t.termType} in N-Quads`);
  return termSyntax(t);
}

/**
 * N-Quads text of the quads (one line each). The quads of an entity graph share their graph term, and runs of them
 * their subject term (entityToQuads), so the text of the previous quad's subject and graph is reused when the term
 * is the same object (terms are immutable): ≈ 2 of every 4 IRIs of a create are not checked and quoted again.
 */
export function quadsToNQuads(quads: readonly RDF.Quad[]): string {
  let out = '';
  let subject: RDF.Term | undefined;
  let subjectText = '';
  let graph: RDF.Term | undefined;
  let graphText = '';
  for (const q of quads) {
    if (q.subject !== subject) {
      subjectText = termText(q.subject);
      subject = q.subject;
    }
    if (q.graph !== graph) {
      graphText = q.graph.termType === 'DefaultGraph' ? '' : ` ${termText(q.graph)}`;
      graph = q.graph;
    }
    out += `${subjectText} ${termText(q.predicate)} ${termText(q.object)}${graphText} .\n`;
  }
  return out;
}

const ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

class Reader {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.text.charCodeAt(this.pos) === 32 || this.text.charCodeAt(this.pos) === 9) this.pos++;
  }

  term(): RDF.Term {
    this.skipSpace();
    const t = this.text;
    if (t.startsWith('<<(', this.pos)) {
      this.pos += 3;
      const s = this.term(), p = this.term(), o = this.term();
      this.skipSpace();
      if (!t.startsWith(')>>', this.pos)) throw this.error('expected )>>');
      this.pos += 3;
      return quad(s as RDF.Quad_Subject, p as RDF.Quad_Predicate, o as RDF.Quad_Object) as unknown as RDF.Term;
    }
    if (t[this.pos] === '<') {
      const end = t.indexOf('>', this.pos);
      const iri = t.slice(this.pos + 1, end);
      this.pos = end + 1;
      return namedNode(iri.includes('\\') ? unescapeText(iri) : iri);
    }
    if (t[this.pos] === '"') return this.literal();
    throw this.error('expected a term');
  }

  literal(): RDF.Literal {
    const t = this.text;
    let i = this.pos + 1;
    let escaped = false;
    while (t[i] !== '"') {
      if (t[i] === '\\') { escaped = true; i++; }
      i++;
    }
    const raw = t.slice(this.pos + 1, i);
    const value = escaped ? unescapeText(raw) : raw;
    this.pos = i + 1;
    if (t[this.pos] === '@') {
      const m = /^@([A-Za-z0-9-]+)/.exec(t.slice(this.pos, this.pos + 64))!;
      this.pos += m[0].length;
      return literal(value, m[1]);
    }
    if (t.startsWith('^^<', this.pos)) {
      const end = t.indexOf('>', this.pos);
      const datatype = t.slice(this.pos + 3, end);
      this.pos = end + 1;
      return literal(value, namedNode(datatype));
    }
    return literal(value);
  }

  error(message: string): Error {
    return new Error(`N-Quads: ${message} at offset ${this.pos}`);
  }
}

function unescapeText(s: string): string {
  return s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_m, e: string) =>
    (e.length > 1 ? String.fromCodePoint(parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e)));
}

/** Parses N-Quads as oxigraph prints them (one quad per line). */
export function parseNQuads(text: string): RDF.Quad[] {
  const out: RDF.Quad[] = [];
  const r = new Reader(text);
  while (r.pos < text.length) {
    r.skipSpace();
    const c = text[r.pos];
    if (c === '\n' || c === '\r') { r.pos++; continue; }
    if (c === '#') { r.pos = text.indexOf('\n', r.pos) < 0 ? text.length : text.indexOf('\n', r.pos); continue; }
    const s = r.term(), p = r.term(), o = r.term();
    r.skipSpace();
    let g: RDF.Term | undefined;
    if (text[r.pos] !== '.') g = r.term();
    r.skipSpace();
    if (text[r.pos] !== '.') throw r.error('expected .');
    r.pos++;
    out.push(quad(s as RDF.Quad_Subject, p as RDF.Quad_Predicate, o as RDF.Quad_Object, (g as RDF.Quad_Graph | undefined) ?? termFactory.defaultGraph()));
  }
  return out;
}
