/**
 * Loading rules as data (docs/reasoner.md): every shapes/rules/*.ttl file is a
 * rule set named after the file ("rdfs-owl"); rules stored in the graph
 * (GRAPHS.rules, managed through /reasoner/rules) form the rule set "graph", and
 * SHACL shapes with sh:rule in the shapes graph the rule set "shapes".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import N3 from 'n3';
import type * as RDF from '@rdfjs/types';
import type { GraphStore } from '../fabric/store/GraphStore.js';
import { GRAPHS } from '../fabric/rdf/namespaces.js';
import { RdfSyntaxError } from '../fabric/errors/FabricError.js';
import { RuleDefinitionError } from '../fabric/errors/ReasonerError.js';
import { compileSparqlRules } from './sparqlRules.js';
import { compileShaclRules } from './shaclRules.js';
import { parseConstruct, patternPredicates, templatePredicates } from './constructQuery.js';
import { REASONER_GRAPHS } from './vocabulary.js';
import { premiseSignature } from './premiseSignature.js';
import type { Rule } from './Rule.js';

export interface RuleSource {
  /** Rule-set name: [A-Za-z0-9._-]+, part of the inferred graph IRIs. */
  readonly ruleSet: string;
  /** A file path or a graph IRI, reported in listings and provenance. */
  readonly source: string;
  readonly quads: readonly RDF.Quad[];
}

/** Compile every cf:Rule and sh:rule of one source; ids must be unique within the rule set. */
export function rulesFromSource({ ruleSet, source, quads }: RuleSource): Rule[] {
  if (!/^[A-Za-z0-9._-]+$/.test(ruleSet) || ruleSet === 'provenance') {
    throw new RuleDefinitionError(`Rule set name "${ruleSet}" must match [A-Za-z0-9._-]+ and not be "provenance".`);
  }
  const store = new N3.Store(quads.map((q) => N3.DataFactory.fromQuad(q as N3.Quad)));
  const compiled = [
    ...compileSparqlRules(store).map((r) => ({ ...r, kind: 'sparql' as const, shape: undefined })),
    ...compileShaclRules(store).map(({ node: _node, ...r }) => r),
  ];
  const seen = new Set<string>();
  return compiled.map((r) => {
    if (seen.has(r.id)) throw new RuleDefinitionError(`Two rules of rule set "${ruleSet}" have the id "${r.id}"; give one a cf:ruleId.`, r.iri);
    seen.add(r.id);
    const parsed = parseConstruct(r.query, r.iri ?? r.id);
    const graph = REASONER_GRAPHS.inferred(ruleSet, r.id);
    return {
      id: r.id,
      ruleSet,
      ...(r.iri ? { iri: r.iri } : {}),
      ...(r.shape ? { shape: r.shape } : {}),
      kind: r.kind,
      query: r.query,
      reads: patternPredicates(parsed.where ?? []),
      writes: templatePredicates(parsed),
      premises: premiseSignature(r.query, r.iri ?? r.id),
      source,
      order: r.order,
      graph,
    };
  });
}

export function parseTurtle(text: string, baseIri: string): RDF.Quad[] {
  try {
    return new N3.Parser({ baseIRI: baseIri }).parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /line (\d+)/.exec(message);
    throw new RdfSyntaxError(message, line ? Number(line[1]) : undefined);
  }
}

/** Every *.ttl in a folder (shapes/rules/), one rule set per file. */
export function loadRuleFiles(folder: string): Rule[] {
  const rules: Rule[] = [];
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ttl')).sort()) {
    const path = join(folder, file);
    rules.push(...rulesFromSource({ ruleSet: basename(file, '.ttl'), source: path, quads: parseTurtle(readFileSync(path, 'utf8'), `file://${path}`) }));
  }
  return rules;
}

/** Rules stored in the graph: GRAPHS.rules (rule set "graph") and sh:rule shapes in GRAPHS.shapes (rule set "shapes"). */
export function loadGraphRules(store: GraphStore): Rule[] {
  const sources: Array<[string, string]> = [['graph', GRAPHS.rules], ['shapes', GRAPHS.shapes]];
  return sources.flatMap(([ruleSet, graph]) => rulesFromSource({
    ruleSet, source: graph, quads: store.match(null, null, null, N3.DataFactory.namedNode(graph)),
  }));
}
