/**
 * Renders SPARQL 1.1 Query Results JSON (W3C "SPARQL 1.1 Query Results JSON
 * Format") as an aligned text table for the terminal.
 */
export interface SparqlJsonTerm {
  type: 'uri' | 'literal' | 'bnode' | 'triple';
  value: string;
  datatype?: string;
  'xml:lang'?: string;
}

export interface SparqlJsonResults {
  head: { vars?: string[] };
  boolean?: boolean;
  results?: { bindings: Array<Record<string, SparqlJsonTerm>> };
}

const XSD = 'http://www.w3.org/2001/XMLSchema#';
const PLAIN_DATATYPES = new Set(['string', 'integer', 'decimal', 'double', 'float', 'boolean'].map((t) => XSD + t));

export function renderTerm(term: SparqlJsonTerm | undefined): string {
  if (!term) return '';
  switch (term.type) {
    case 'uri': return term.value;
    case 'bnode': return `_:${term.value}`;
    case 'literal': {
      if (term['xml:lang']) return `"${term.value}"@${term['xml:lang']}`;
      if (term.datatype && !PLAIN_DATATYPES.has(term.datatype)) return `"${term.value}"^^<${term.datatype}>`;
      return term.value;
    }
    default: return term.value;
  }
}

export function renderTable(results: SparqlJsonResults): string {
  if (typeof results.boolean === 'boolean') return `${results.boolean}\n`;
  const vars = results.head.vars ?? [];
  const rows = (results.results?.bindings ?? []).map((b) => vars.map((v) => renderTerm(b[v]).replace(/\s*\n\s*/g, ' ')));
  const widths = vars.map((v, i) => Math.max(v.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join(' | ').trimEnd();
  const out = [line(vars), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)];
  out.push(`(${rows.length} row${rows.length === 1 ? '' : 's'})`);
  return out.join('\n') + '\n';
}
