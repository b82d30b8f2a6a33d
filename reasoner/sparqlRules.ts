/**
 * cf:Rule resources (docs/reasoner.md "Rule vocabulary"): a SPARQL CONSTRUCT (or an
 * INSERT … WHERE, read as the equivalent CONSTRUCT)
 * given as the literal of cf:construct, optionally with sh:prefixes (as for
 * SHACL-AF SPARQL rules) and cf:ruleId / rdfs:label / cf:deactivated / sh:order.
 */
import type N3 from 'n3';
import { RDF as RDF_NS } from '../fabric/rdf/namespaces.js';
import { RuleDefinitionError } from '../fabric/errors/ReasonerError.js';
import { RULE, SHACL } from './vocabulary.js';
import { localName, singleObject, termKey } from './rdfTerms.js';
import { parseRuleQuery, stringifyQuery } from './constructQuery.js';
import { prefixDeclarations } from './shaclRules.js';

export interface CompiledSparqlRule {
  readonly id: string;
  readonly iri?: string;
  readonly query: string;
  readonly order: number;
}

export function compileSparqlRules(store: N3.Store): CompiledSparqlRule[] {
  const compiled: CompiledSparqlRule[] = [];
  for (const rule of store.getSubjects(`${RDF_NS}type`, RULE.Rule, null)) {
    const name = rule.termType === 'NamedNode' ? rule.value : termKey(rule);
    try {
      const deactivated = singleObject(store, rule, RULE.deactivated);
      if (deactivated?.value === 'true') continue;
      const construct = singleObject(store, rule, RULE.construct);
      if (!construct) throw new RuleDefinitionError(`Rule ${name}: a cf:Rule needs cf:construct (a SPARQL CONSTRUCT query).`, name);
      const text = `${prefixDeclarations(store, rule)}\n${construct.value}`;
      const query = stringifyQuery(parseRuleQuery(text, name));
      const idTerm = singleObject(store, rule, RULE.ruleId);
      if (!idTerm && rule.termType !== 'NamedNode') throw new RuleDefinitionError(`Rule ${name}: a blank-node cf:Rule needs cf:ruleId.`, name);
      const id = idTerm ? idTerm.value : localName(rule.value);
      if (!/^[A-Za-z0-9._-]+$/.test(id)) throw new RuleDefinitionError(`Rule ${name}: cf:ruleId "${id}" must match [A-Za-z0-9._-]+.`, name);
      const orderTerm = singleObject(store, rule, SHACL.order);
      const order = orderTerm ? Number(orderTerm.value) : 0;
      compiled.push({ id, ...(rule.termType === 'NamedNode' ? { iri: rule.value } : {}), query, order: Number.isFinite(order) ? order : 0 });
    } catch (error) {
      if (error instanceof RuleDefinitionError) throw error;
      throw new RuleDefinitionError(`Rule ${name}: ${error instanceof Error ? error.message : String(error)}`, name);
    }
  }
  return compiled;
}
