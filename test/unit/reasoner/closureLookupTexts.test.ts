/**
 * A closure lookup binds changed triples to its plain pattern by their N-Triples texts (closureLookup.ts bindTexts):
 * it must accept exactly the triples deltaPlan.ts bindPattern accepts, and give each variable the text of the term
 * bindPattern binds it to — over patterns with IRI and literal constants, blank nodes and repeated variables.
 */
import oxigraph from 'oxigraph';
import { bindPattern, deltaPlan } from '../../../reasoner/deltaPlan.js';
import { bindTexts, type LookupTriple } from '../../../reasoner/closureLookup.js';
import type { Rule } from '../../../reasoner/Rule.js';

const n = oxigraph.namedNode;
const EX = 'http://example.org/';

function pattern(where: string) {
  const rule: Rule = { id: 'r', ruleSet: 'test', kind: 'sparql', query: `PREFIX ex: <${EX}> CONSTRUCT { ?s ex:out ?o } WHERE { ${where} }`, reads: 'any', writes: 'any', source: 'test', order: 0, graph: 'urn:g', premises: { predicates: new Set(), types: new Set(), variablePredicates: [], variableTypes: [], unknown: false } };
  return deltaPlan(rule).patterns[0];
}

const terms: oxigraph.Quad['object'][] = [n(`${EX}a`), n(`${EX}b`), n(`${EX}p`), oxigraph.literal('1'), oxigraph.literal('1', n('http://www.w3.org/2001/XMLSchema#integer')), oxigraph.literal('a', 'en'), oxigraph.literal('x y')];
const iris = terms.filter((t) => t.termType === 'NamedNode') as oxigraph.NamedNode[];
const lookupTriple = (s: oxigraph.NamedNode, p: oxigraph.NamedNode, o: oxigraph.Quad['object']): LookupTriple => ({ t: { subject: s, predicate: p, object: o }, texts: [s.toString(), p.toString(), o.toString()] });

describe('closureLookup bindTexts', () => {
  const patterns = ['?s ?p ?o', '?s ex:p ?o', '?x ?p ?x', '?s ?p ?s', '?s ?p ex:a', '?s ?p "1"', '?s ?p 1', '?s ?p "a"@en', '_:b ?p ?o', '?s ?s ?o', 'ex:a ?p ?p', '?s ?p "x y"'];
  for (const where of patterns) {
    it(`binds as bindPattern does: ${where}`, () => {
      const p = pattern(where);
      let accepted = 0;
      for (const s of iris) for (const pr of iris) for (const o of terms) {
        const triple = lookupTriple(s, pr, o);
        const row = bindPattern(p, triple.t);
        const texts = bindTexts(p, triple);
        expect(texts !== undefined).toBe(row !== undefined);
        if (!row || !texts) continue;
        accepted++;
        expect(Object.fromEntries([...texts].map(([v, t]) => [`?${v}`, t]))).toEqual(Object.fromEntries(Object.entries(row).map(([v, t]) => [v, t.toString()])));
      }
      expect(accepted).toBeGreaterThan(0);
    });
  }
});
