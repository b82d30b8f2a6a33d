/**
 * Provenance records of a run (docs/reasoner.md "Provenance model"), written
 * to the provenance graph and replaced by every run:
 *   <run> a cf:ReasonerRun, prov:Activity ; prov:startedAtTime ; prov:endedAtTime ;
 *         cf:iterations ; cf:rulesRun ; cf:tripleCount .
 *   <inferred graph> a cf:InferredGraph ; cf:derivedBy <rule or shape> ; cf:ruleId ; cf:ruleSet ;
 *         prov:wasGeneratedBy <run> ; prov:generatedAtTime ; cf:tripleCount ; cf:query "the CONSTRUCT it ran" .
 * Which rule derived a triple = the inferred graph holding it (GRAPH ?g); the
 * premises of one derived triple are recomputed on demand (explainDerivation.ts).
 */
import oxigraph from 'oxigraph';
import { RDF, XSD } from '../fabric/rdf/namespaces.js';
import type { FixpointResult } from './fixpoint.js';
import { ruleName, type Rule } from './Rule.js';
import { PROV, REASONER_GRAPHS } from './vocabulary.js';

export interface RunRecord {
  readonly runIri: string;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly result: FixpointResult;
}

/** The rule's IRI; for a blank-node rule its shape's IRI; otherwise a literal name. */
function ruleTerm(rule: Rule): oxigraph.NamedNode | oxigraph.Literal {
  if (rule.iri) return oxigraph.namedNode(rule.iri);
  if (rule.shape && !rule.shape.startsWith('_:')) return oxigraph.namedNode(rule.shape);
  return oxigraph.literal(ruleName(rule));
}

export function provenanceQuads({ runIri, startedAt, endedAt, result }: RunRecord): oxigraph.Quad[] {
  const g = oxigraph.namedNode(REASONER_GRAPHS.provenance);
  const n = oxigraph.namedNode;
  const int = (v: number) => oxigraph.literal(String(v), n(`${XSD}integer`));
  const time = (d: Date) => oxigraph.literal(d.toISOString(), n(`${XSD}dateTime`));
  const run = n(runIri);
  const quads = [
    oxigraph.quad(run, n(`${RDF}type`), n(PROV.ReasonerRun), g),
    oxigraph.quad(run, n(`${RDF}type`), n(PROV.Activity), g),
    oxigraph.quad(run, n(PROV.startedAtTime), time(startedAt), g),
    oxigraph.quad(run, n(PROV.endedAtTime), time(endedAt), g),
    oxigraph.quad(run, n(PROV.iterations), int(result.iterations), g),
    oxigraph.quad(run, n(PROV.rulesRun), int(result.executions), g),
    oxigraph.quad(run, n(PROV.tripleCount), int(result.derived), g),
  ];
  for (const { rule, derived } of result.perRule) {
    const graph = n(rule.graph);
    quads.push(
      oxigraph.quad(graph, n(`${RDF}type`), n(PROV.InferredGraph), g),
      oxigraph.quad(graph, n(PROV.derivedBy), ruleTerm(rule), g),
      oxigraph.quad(graph, n(PROV.ruleId), oxigraph.literal(rule.id), g),
      oxigraph.quad(graph, n(PROV.ruleSet), oxigraph.literal(rule.ruleSet), g),
      oxigraph.quad(graph, n(PROV.wasGeneratedBy), run, g),
      oxigraph.quad(graph, n(PROV.generatedAtTime), time(endedAt), g),
      oxigraph.quad(graph, n(PROV.tripleCount), int(derived), g),
      oxigraph.quad(graph, n(PROV.query), oxigraph.literal(rule.query), g),
    );
  }
  return quads;
}

/**
 * In the incremental reasoner's mirror: replace the provenance entries of the rules that ran (`record.result.perRule`),
 * add the run's record, drop run records nothing refers to; returns the provenance quads added and removed (the
 * provenance graph is small).
 */
export function replaceProvenance(mirror: oxigraph.Store, record: RunRecord): { added: oxigraph.Quad[]; removed: oxigraph.Quad[] } {
  const g = oxigraph.namedNode(REASONER_GRAPHS.provenance);
  const before = new Map(mirror.match(null, null, null, g).map((q) => [q.toString(), q]));
  for (const s of record.result.perRule) for (const q of mirror.match(oxigraph.namedNode(s.rule.graph), null, null, g)) mirror.delete(q);
  for (const q of provenanceQuads(record)) mirror.add(q);
  mirror.update(`DELETE { GRAPH <${g.value}> { ?run ?p ?o } } WHERE { GRAPH <${g.value}> { ?run a <${PROV.ReasonerRun}> ; ?p ?o
    FILTER NOT EXISTS { ?graph <${PROV.wasGeneratedBy}> ?run } } }`);
  const after = new Map(mirror.match(null, null, null, g).map((q) => [q.toString(), q]));
  return {
    added: [...after].filter(([k]) => !before.has(k)).map(([, q]) => q),
    removed: [...before].filter(([k]) => !after.has(k)).map(([, q]) => q),
  };
}
