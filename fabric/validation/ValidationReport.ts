/**
 * Engine-independent view of a SHACL validation report (W3C SHACL §3.6
 * "Validation Report"): one entry per sh:ValidationResult.
 */
export type Severity = 'Violation' | 'Warning' | 'Info';

export interface ValidationResultEntry {
  /** sh:focusNode, as an IRI, blank node label (`_:b0`) or literal lexical form. */
  focusNode: string;
  /** sh:resultPath rendered as a SPARQL property path (`<iri>`, `^<iri>`, `<a>/<b>` …); null for node constraints. */
  path: string | null;
  /** sh:value, if the result names one. */
  value: string | null;
  /** sh:resultMessage (first one; shape messages take precedence over engine defaults). */
  message: string;
  severity: Severity;
  /** sh:sourceShape. */
  sourceShape: string;
  /** sh:sourceConstraintComponent, e.g. http://www.w3.org/ns/shacl#MinCountConstraintComponent. */
  constraint: string;
}

export interface ValidationReport {
  conforms: boolean;
  results: ValidationResultEntry[];
}

const SH = 'http://www.w3.org/ns/shacl#';

const shorten = (iri: string): string => (iri.startsWith(SH) ? `sh:${iri.slice(SH.length)}` : iri);

/** Readable multi-line text: a summary line, then one block per result, grouped by focus node. */
export function formatReport(report: ValidationReport): string {
  if (report.conforms && report.results.length === 0) return 'Conforms: yes (0 results)';
  const lines = [`Conforms: ${report.conforms ? 'yes' : 'no'} (${report.results.length} result${report.results.length === 1 ? '' : 's'})`];
  const byFocus = new Map<string, ValidationResultEntry[]>();
  for (const r of report.results) {
    const list = byFocus.get(r.focusNode) ?? [];
    list.push(r);
    byFocus.set(r.focusNode, list);
  }
  for (const [focus, results] of byFocus) {
    lines.push('', `${focus}`);
    for (const r of results) {
      const where = r.path ? ` ${r.path}` : '';
      const value = r.value !== null ? ` = ${r.value}` : '';
      lines.push(`  [${r.severity}]${where}${value}: ${r.message}`);
      lines.push(`    constraint ${shorten(r.constraint)}, shape ${r.sourceShape}`);
    }
  }
  return lines.join('\n');
}
