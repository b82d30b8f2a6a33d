/**
 * Checks every IRI and language tag of some quads (subjects, predicates, objects, graphs, datatypes, and
 * the terms inside RDF 1.2 triple terms) with isValidIri / isValidLanguageTag, the checks at least as strict
 * as oxigraph's strict parser. Quads that pass may be written as N-Quads and loaded with oxigraph's
 * `lenient` option (ChangeSet.validated, LoadOptions.validated): nothing the strict parser would refuse
 * can enter the store that way. Blank nodes and variables fail (the lenient paths take ground text only).
 */
import type * as RDF from '@rdfjs/types';
import { isValidIri } from './iriValidation.js';
import { isValidLanguageTag } from './languageTagValidation.js';

function termProblem(term: RDF.Term): string | undefined {
  switch (term.termType) {
    case 'NamedNode':
      return isValidIri(term.value) ? undefined : `IRI <${term.value}>`;
    case 'Literal':
      if (term.language) return isValidLanguageTag(term.language) ? undefined : `language tag "${term.language}"`;
      return isValidIri(term.datatype.value) ? undefined : `datatype IRI <${term.datatype.value}>`;
    case 'Quad':
      return quadProblem(term as unknown as RDF.Quad);
    case 'DefaultGraph':
      return undefined;
    default:
      return `${term.termType} ${term.value}`;
  }
}

function quadProblem(q: RDF.Quad): string | undefined {
  return termProblem(q.subject) ?? termProblem(q.predicate) ?? termProblem(q.object) ?? termProblem(q.graph);
}

/** The first IRI or language tag oxigraph's strict parser might refuse, described for a message; undefined when all pass. */
export function firstInvalidTerm(quads: readonly RDF.Quad[]): string | undefined {
  for (const q of quads) {
    const problem = quadProblem(q);
    if (problem !== undefined) return problem;
  }
  return undefined;
}
