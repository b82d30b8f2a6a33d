/**
 * A change given as N-Quads text in the store's own printing (GraphStore.commitText): the texts the store applies
 * and logs, made from the lines themselves — no parse into oxigraph terms and no printing of them again, which a
 * commit of parsed quads costs the main thread (`oxigraph.parse` 18–49 µs a quad, `toString` 8–12 µs;
 * docs/benchmarks.md §4 "The query replica's deletes as text").
 *
 * Only text that parsing and printing would give back unchanged is taken, so the log record and the change feed
 * carry the very lines a commit of the parsed quads would (exactChangeText, `toNQuads`): the line shape of
 * durable/groundDeleteData.ts (no blank node, no `\u` / `\U`, one space between terms, triple terms nested at most
 * MAX_TRIPLE_TERM_DEPTH), and in the canonical form oxigraph prints (checked on random and edited texts in
 * test/unit/store/groundChangeText.test.ts): no raw character oxigraph prints escaped (`\t`, `\u007F`, `\uFFFE` …), no
 * upper-case letter in a language tag (the parsers lower-case them), no `^^xsd:string` (printed as a simple
 * literal). Anything else answers undefined, and the caller parses the text.
 */
import type { ExactChangeText } from './exactChangeText.js';
import { deleteDataText, scanGroundLines } from './durable/groundDeleteData.js';

/**
 * Text a parse and print would change: a character oxigraph prints escaped (control characters but LF, which ends the
 * line; U+007F, U+FFFE, U+FFFF — all it escapes, checked over every code point), a lone surrogate (read as U+FFFD once
 * encoded), an upper-case language tag, xsd:string.
 */
const NOT_AS_PRINTED = /[\u0000-\u0009\u000b-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|"@[a-zA-Z0-9-]*[A-Z]|\^\^<http:\/\/www\.w3\.org\/2001\/XMLSchema#string>/;

interface Lines {
  /** The distinct lines, in order of first appearance, each ended by LF. */
  readonly text: string;
  readonly count: number;
}

/** The distinct lines of `text`, their triples gathered per graph into `byGraph` when given; undefined if not taken. */
function distinctLines(text: string, byGraph?: Map<string, string>): Lines | undefined {
  if (text.length === 0) return { text: '', count: 0 };
  if (text.includes('\\u') || text.includes('\\U') || NOT_AS_PRINTED.test(text)) return undefined;
  const seen = new Set<string>();
  let lines = '';
  const taken = scanGroundLines(text, (triple, graph, line) => {
    if (seen.has(line)) return;
    seen.add(line);
    lines += `${line}\n`;
    byGraph?.set(graph, `${byGraph.get(graph) ?? ''}${triple} .\n`);
  });
  return taken ? { text: lines, count: seen.size } : undefined;
}

/** The texts of a change given as N-Quads, or undefined when either text is not taken (see the file comment). */
export function groundChangeText(deletes: string, inserts: string): ExactChangeText | undefined {
  const byGraph = new Map<string, string>();
  const removed = distinctLines(deletes, byGraph);
  const added = removed && distinctLines(inserts);
  if (!removed || !added) return undefined;
  return {
    deletes: removed.text,
    inserts: added.text,
    deleteData: removed.count > 0 ? deleteDataText(byGraph) : '',
    deleteCount: removed.count,
    insertCount: added.count,
  };
}
