/**
 * How many quads outside the inferred graphs each data triple has in the store, approximately from
 * ABOVE, kept in JS from N-Quads text (docs/reasoner.md "Held-elsewhere checks"): the incremental
 * reasoner's mirror merges the data into one graph, so a deleted quad's triple leaves the mirror only when
 * no other graph outside the inferred graphs still holds it. Asking the store costs a WASM lookup and
 * oxigraph term objects per triple (measured under load: ≈ 50–1,000 µs each, and the term objects' finalizers
 * feed old-space GC); a bucket at 0 here answers "held nowhere" without asking.
 *
 * A counting filter: one Uint8 counter per hash bucket of a normalized triple key, filled from the full run's
 * data dump (scratchCopy.ts) and kept up by every change record (GraphStore.onCommit, applied in commit
 * order). It may only err upwards — hash collisions, a ground bulk load listing quads already present,
 * duplicate lines, a saturated counter (stays at 255) — and then the caller asks the store. To never err
 * downwards, keys are normalized (literal escapes undone, datatype and language dropped, whitespace between
 * terms ignored): two spellings of one quad (oxigraph's serializer, termSyntax, a client's N-Quads) give one
 * key; different quads may share a key (an overcount). A line that cannot be read disables the filter
 * (every check asks the store) until the next full run.
 */
import { REASONER_GRAPHS } from './vocabulary.js';

const MIN_BITS = 20;
const MAX_BITS = 26;

/** The normalized key of the term at `i`, and where it ends; undefined when the line cannot be read. */
function term(line: string, i: number): { key: string; end: number } | undefined {
  const c = line[i];
  if (c === '<') {
    if (line[i + 1] === '<') {
      if (line[i + 2] !== '(') return undefined;
      const parts: string[] = [];
      let j = i + 3;
      for (let k = 0; k < 3; k++) {
        j = skipSpace(line, j);
        const t = term(line, j);
        if (!t) return undefined;
        parts.push(t.key);
        j = t.end;
      }
      j = skipSpace(line, j);
      return line.startsWith(')>>', j) ? { key: `<<(${parts.join(' ')})>>`, end: j + 3 } : undefined;
    }
    const close = line.indexOf('>', i);
    if (close < 0) return undefined;
    const iri = line.slice(i, close + 1);
    return iri.includes('\\') ? undefined : { key: iri, end: close + 1 }; // an escaped IRI: not normalized here
  }
  if (c === '"') {
    let j = i + 1;
    let escaped = false;
    while (j < line.length && line[j] !== '"') {
      if (line[j] === '\\') { escaped = true; j += 2; } else j++;
    }
    if (j >= line.length) return undefined;
    const raw = line.slice(i + 1, j);
    const value = escaped ? unescape(raw) : raw;
    if (value === undefined) return undefined;
    j++;
    // Datatype and language are dropped (merging keys only overcounts).
    if (line.startsWith('^^<', j)) {
      const close = line.indexOf('>', j);
      if (close < 0) return undefined;
      j = close + 1;
    } else if (line[j] === '@') {
      while (j < line.length && line[j] !== ' ' && line[j] !== '\t' && line[j] !== '.') j++;
    }
    return { key: `"${value}"`, end: j };
  }
  if (c === '_' && line[i + 1] === ':') {
    let j = i + 2;
    while (j < line.length && line[j] !== ' ' && line[j] !== '\t' && !(line[j] === '.' && (j + 1 === line.length || line[j + 1] === ' '))) j++;
    return { key: line.slice(i, j), end: j };
  }
  return undefined;
}

const ESCAPES: Record<string, string> = { t: '\t', b: '\b', n: '\n', r: '\r', f: '\f', '"': '"', "'": "'", '\\': '\\' };

function unescape(raw: string): string | undefined {
  let out = '';
  for (let j = 0; j < raw.length; j++) {
    const ch = raw[j];
    if (ch !== '\\') { out += ch; continue; }
    const e = raw[++j];
    if (e === 'u' || e === 'U') {
      const n = e === 'u' ? 4 : 8;
      const code = Number.parseInt(raw.slice(j + 1, j + 1 + n), 16);
      if (!Number.isFinite(code)) return undefined;
      out += String.fromCodePoint(code);
      j += n;
    } else if (ESCAPES[e] !== undefined) out += ESCAPES[e];
    else return undefined;
  }
  return out;
}

function skipSpace(line: string, i: number): number {
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
}

/**
 * The normalized key of a statement's triple and its graph ('' = default graph), or undefined when the line
 * cannot be read. `line`: one N-Quads or N-Triples statement.
 */
export function statementKey(line: string): { triple: string; graph: string } | undefined {
  let i = skipSpace(line, 0);
  const keys: string[] = [];
  for (let k = 0; k < 3; k++) {
    const t = term(line, i);
    if (!t) return undefined;
    keys.push(t.key);
    i = skipSpace(line, t.end);
  }
  let graph = '';
  if (line[i] !== '.') {
    const g = term(line, i);
    if (!g || g.key.startsWith('"') || g.key.startsWith('<<')) return undefined;
    graph = g.key;
    i = skipSpace(line, g.end);
  }
  if (line[i] !== '.') return undefined;
  return { triple: keys.join(' '), graph };
}

/** FNV-1a over the key's UTF-16 code units. */
function hash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const INFERRED = `<${REASONER_GRAPHS.prefix}`;

export class DataTripleCounts {
  private readonly counts: Uint8Array;
  private readonly mask: number;
  private usable = true;

  /** `triples`: the data triples (N-Triples lines, one per quad outside the inferred graphs) of the store. */
  constructor(triples: readonly string[]) {
    let bits = MIN_BITS;
    while (bits < MAX_BITS && (1 << bits) < triples.length * 8) bits++;
    this.counts = new Uint8Array(1 << bits);
    this.mask = (1 << bits) - 1;
    for (const line of triples) {
      const key = statementKey(line);
      if (key) this.add(key.triple);
      else if (line.trim().length > 0) this.usable = false;
    }
  }

  /** False once a line could not be read: every check then asks the store. */
  get enabled(): boolean {
    return this.usable;
  }

  /** Follow one change record (N-Quads text, deletes applied before inserts); inferred graphs are skipped. */
  apply(deletes: string, inserts: string): void {
    if (!this.usable) return;
    this.each(deletes, (key) => {
      const i = hash(key) & this.mask;
      if (this.counts[i] > 0 && this.counts[i] < 255) this.counts[i]--;
    }, false);
    this.each(inserts, (key) => this.add(key), true);
  }

  /**
   * False when no quad outside the inferred graphs holds the triple (N-Triples or N-Quads line; the graph is
   * ignored); true when one may (ask the store).
   */
  mayBeHeld(line: string): boolean {
    if (!this.usable) return true;
    const key = statementKey(line);
    return key === undefined || this.counts[hash(key.triple) & this.mask] > 0;
  }

  private add(triple: string): void {
    const i = hash(triple) & this.mask;
    if (this.counts[i] < 255) this.counts[i]++;
  }

  private each(text: string, f: (triple: string) => void, strict: boolean): void {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start) {
        const line = text.slice(start, end);
        const key = statementKey(line);
        if (key === undefined) {
          // An insert that cannot be counted would let its triple look absent later: stop answering. A delete
          // that cannot be read leaves its count high (asks the store).
          if (strict && line.trim().length > 0 && !line.trimStart().startsWith('#')) this.usable = false;
        } else if (!key.graph.startsWith(INFERRED)) f(key.triple);
      }
      start = end + 1;
    }
  }
}
